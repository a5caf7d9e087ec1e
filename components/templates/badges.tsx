import type { TemplateRole, TemplateSource } from '@/lib/templates/model';
import { AUDIENCES, audienceOf } from '@/lib/templates/template-form';

export function SourceBadge({ source }: { source: TemplateSource }) {
  if (source !== 'file') return null;
  return (
    <span
      className="inline-flex items-center rounded-full bg-gray-100 px-2 py-0.5 text-xs font-medium text-ink-muted ring-1 ring-gray-300"
      title="Defined in the deployment’s configuration file (reviewed in git); it cannot be edited in the console."
      data-testid="source-file"
    >
      Configuration file · read-only
    </span>
  );
}

export function VersionBadge({ version }: { version: number }) {
  return (
    <span className="inline-flex items-center rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700">v{version}</span>
  );
}

export function AudienceText({ roles }: { roles: readonly TemplateRole[] }) {
  return <span>{AUDIENCES[audienceOf(roles)]}</span>;
}
