// One template in the gallery. Server component: the only client parts are the copy buttons.
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { formatTime } from '@/lib/format/time';
import { templateLink } from '@/lib/links/share-link';
import { sensitiveFlags } from '@/lib/permissions/sensitivity';
import { actorLabel, type Template } from '@/lib/templates/model';
import { templateLifetimeWords } from '@/lib/templates/template-lifetime';
import { ApprovalBadge, AudienceText, SourceBadge, VersionBadge } from './badges';
import { CopyLinkButton } from '@/components/links/copy-link-button';
import { PermissionSummary } from './permission-summary';

/** use: the viewer may use it; admins-only: their role may not; browse: viewers (no button at all). */
export function TemplateCard({ template, orgName, use }: { template: Template; orgName: string; use: 'use' | 'admins-only' | 'browse' }) {
  const v = template.latest;
  const sensitive = sensitiveFlags(v.prefill.grants).length;
  const headingId = `tpl-${template.slug}`;
  return (
    <article
      aria-labelledby={headingId}
      className="flex flex-col rounded-card border border-gray-200 bg-surface p-5 shadow-sm"
      data-testid="template-card"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={headingId} className="text-lg font-medium">
          <Link href={`/templates/${template.slug}`} className="hover:underline">
            {v.title}
          </Link>
        </h2>
        <VersionBadge version={v.version} />
        <SourceBadge source={template.source} />
        <ApprovalBadge needsApproval={v.needsApproval} />
      </div>
      <p className="font-mono text-xs text-ink-muted">{template.slug}</p>
      {v.purpose && <p className="mt-2 text-sm">{v.purpose}</p>}
      {v.prefill.description && (
        <p className="mt-1 text-sm text-ink-muted">
          Token description: <span className="text-ink">{v.prefill.description}</span>
        </p>
      )}
      <div className="mt-3">
        <PermissionSummary grants={v.prefill.grants} orgName={orgName} compact />
      </div>
      {sensitive > 0 && (
        <p className="mt-2 text-xs text-warn-800">
          {sensitive === 1 ? 'One sensitive grant' : `${sensitive} sensitive grants`}
          {v.roles.includes('creator')
            ? `: creators who use it will not get ${sensitive === 1 ? 'it' : 'them'}.`
            : ': only admins may use it.'}
        </p>
      )}
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs text-ink-muted">
        <dt>Who may use it</dt>
        <dd className="text-ink">
          <AudienceText roles={v.roles} />
        </dd>
        <dt>Default lifetime</dt>
        <dd className="text-ink" data-testid="template-lifetime">
          {templateLifetimeWords(v.prefill.lifetime)}
        </dd>
        <dt>Last saved</dt>
        <dd className="text-ink">
          {formatTime(v.savedAt)} by {actorLabel(v.savedBy)}
        </dd>
      </dl>
      <div className="mt-auto flex flex-wrap items-center gap-2 pt-4">
        {use === 'use' && (
          <Link href={templateLink(template.slug, undefined, v.connection, v.prefill.org)} className={buttonClass({ variant: 'primary' })}>
            Use template
          </Link>
        )}
        {use === 'admins-only' && (
          <span className="rounded-md bg-gray-100 px-3 py-1.5 text-sm text-ink-muted" title="Only admins may use this template">
            Admins only
          </span>
        )}
        <CopyLinkButton href={templateLink(template.slug, undefined, v.connection, v.prefill.org)} />
        <Link href={`/templates/${template.slug}`} className="px-1 text-sm text-brand-700 hover:underline">
          Details and versions
        </Link>
      </div>
    </article>
  );
}
