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

/** Issue 15: a token from this template is requested and approved by an admin, never minted directly. */
export function ApprovalBadge({ needsApproval }: { needsApproval?: boolean }) {
  if (!needsApproval) return null;
  return (
    <span
      className="inline-flex items-center rounded-full bg-warn-50 px-2 py-0.5 text-xs font-medium text-warn-800 ring-1 ring-warn-800/20"
      title="A token from this template is requested and approved by an admin; it cannot be created directly."
      data-testid="needs-approval"
    >
      Needs approval
    </span>
  );
}

export function AudienceText({ roles }: { roles: readonly TemplateRole[] }) {
  return <span>{AUDIENCES[audienceOf(roles)]}</span>;
}
