import type { Metadata } from 'next';
import { underDeadline } from '@/lib/influx/deadline';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { NotAppliedList } from '@/components/links/not-applied-list';
import { AudienceText, SourceBadge, VersionBadge, ApprovalBadge } from '@/components/templates/badges';
import { CopyLinkButton } from '@/components/links/copy-link-button';
import { DeleteTemplateButton } from '@/components/templates/delete-template-button';
import { PermissionSummary } from '@/components/templates/permission-summary';
import { TemplateVersionTable } from '@/components/templates/version-table';
import { buttonClass } from '@/components/ui/button';
import { requirePageUser } from '@/lib/auth/page-guard';
import { formatTime } from '@/lib/format/time';
import { consolePolicy } from '@/lib/policy/console-policy';
import { decide } from '@/lib/policy/operations';
import { templateFitCheck } from '@/lib/templates/fit-check';
import { isTemplateSlug, templateLink } from '@/lib/links/share-link';
import { findTemplateVersion, templateHistory } from '@/lib/templates/catalogue';
import { templateLifetimeWords } from '@/lib/templates/template-lifetime';
import { actorLabel, mayUseTemplate } from '@/lib/templates/model';
import { displayOrgName } from '@/lib/templates/org-name';
import { deleteTemplate } from '../actions';

export const metadata: Metadata = { title: 'Template' };

async function TemplatePage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ version?: string | string[] }>;
}) {
  const user = await requirePageUser('tokens.view');
  const { slug } = await params;
  const { version: rawVersion } = await searchParams;
  if (!isTemplateSlug(slug)) notFound();
  const pinned = typeof rawVersion === 'string' && /^[1-9][0-9]{0,5}$/.test(rawVersion) ? Number(rawVersion) : undefined;
  const found = await findTemplateVersion(slug, pinned);
  if (!found.ok) {
    if (pinned === undefined) notFound();
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">Version not found</h1>
        <p className="text-sm">
          {found.reason}.{' '}
          <Link href={`/templates/${slug}`} className="text-brand-700 underline">
            Show the latest version
          </Link>
        </p>
      </div>
    );
  }
  const { template, version: v } = found;
  const latest = template.latest.version;
  const isLatest = v.version === latest;
  const [history, orgName, fit] = await Promise.all([templateHistory(template), displayOrgName(), templateFitCheck(v, user)]);
  const isAdmin = decide(user.role, 'template.write', consolePolicy()).allowed;
  const editable = isAdmin && template.source === 'database';
  const useHref = templateLink(slug, isLatest ? undefined : v.version, v.connection, v.prefill.org);
  const canUse = decide(user.role, 'token.mint', consolePolicy()).allowed && mayUseTemplate(user.role, v);

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-ink-muted">
        <Link href="/templates" className="hover:underline">
          Templates
        </Link>{' '}
        / {template.latest.title}
      </nav>

      <header className="flex flex-wrap items-start gap-4">
        <div className="mr-auto">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold">{v.title}</h1>
            <VersionBadge version={v.version} />
            <SourceBadge source={template.source} />
            <ApprovalBadge needsApproval={v.needsApproval} />
          </div>
          <p className="font-mono text-xs text-ink-muted">{slug}</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {canUse && (
            <Link href={useHref} className={buttonClass({ variant: 'primary' })}>
              {isLatest ? 'Use template' : `Use version ${v.version}`}
            </Link>
          )}
          <CopyLinkButton href={templateLink(slug, undefined, v.connection, v.prefill.org)} label="Copy link" />
          <CopyLinkButton href={templateLink(slug, v.version, v.connection, v.prefill.org)} label={`Copy link to v${v.version}`} />
          {editable && (
            <>
              <Link href={`/templates/${slug}/edit`} className={buttonClass()}>
                Edit
              </Link>
              <Link href={`/templates/new?from=${slug}`} className={buttonClass()}>
                Duplicate
              </Link>
              <DeleteTemplateButton slug={slug} title={template.latest.title} deleteTemplate={deleteTemplate} />
            </>
          )}
        </div>
      </header>

      {!isLatest && (
        <p role="note" className="rounded-card border border-brand-100 bg-brand-50 p-3 text-sm">
          You are looking at version {v.version}. The latest is{' '}
          <Link href={`/templates/${slug}`} className="underline">
            version {latest}
          </Link>
          .
        </p>
      )}
      {template.source === 'file' && (
        <p className="text-sm text-ink-muted">
          This template comes from the deployment’s configuration file (reviewed in git) and cannot be edited here.
        </p>
      )}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <section aria-labelledby="perm-heading" className="space-y-3 rounded-card border border-gray-200 bg-surface p-5">
          <h2 id="perm-heading" className="text-lg font-medium">
            Permissions
          </h2>
          <PermissionSummary grants={v.prefill.grants} orgName={orgName} />
          <div className="border-t border-gray-100 pt-3">
            <h3 className="text-sm font-medium">On this InfluxDB, for you</h3>
            {fit.kind === 'ok' && <p className="mt-1 text-sm text-ok-700">Everything in this version applies.</p>}
            {fit.kind === 'viewer' && <p className="mt-1 text-sm text-ink-muted">Viewers cannot create tokens.</p>}
            {fit.kind === 'problem' && <p className="mt-1 text-sm text-danger-700">{fit.message}</p>}
            {fit.kind === 'partial' && (
              <div className="mt-2">
                <NotAppliedList items={fit.notApplied} title="Would not be applied" />
              </div>
            )}
          </div>
        </section>

        <section aria-labelledby="about-heading" className="h-fit space-y-3 rounded-card border border-gray-200 bg-surface p-5 text-sm">
          <h2 id="about-heading" className="text-lg font-medium">
            About
          </h2>
          {v.purpose && <p>{v.purpose}</p>}
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
            <dt className="text-ink-muted">Token description</dt>
            <dd>{v.prefill.description ?? '—'}</dd>
            {v.prefill.status && (
              <>
                <dt className="text-ink-muted">Token status</dt>
                <dd>{v.prefill.status}</dd>
              </>
            )}
            {v.prefill.deliver && (
              <>
                <dt className="text-ink-muted">Deliver to</dt>
                <dd data-testid="template-deliver-to">
                  {v.prefill.deliver.store}: <code>{v.prefill.deliver.path}</code> (key “{v.prefill.deliver.key ?? 'token'}”
                  {v.prefill.deliver.withUrlAndOrg ? ', with the URL and org id' : ''})
                </dd>
              </>
            )}
            <dt className="text-ink-muted">Default lifetime</dt>
            <dd data-testid="template-lifetime">{templateLifetimeWords(v.prefill.lifetime)}</dd>
            <dt className="text-ink-muted">Who may use it</dt>
            <dd>
              <AudienceText roles={v.roles} />
            </dd>
            <dt className="text-ink-muted">This version</dt>
            <dd>
              {formatTime(v.savedAt)} by {actorLabel(v.savedBy)}
            </dd>
            <dt className="text-ink-muted">Created</dt>
            <dd>
              {formatTime(template.createdAt)} by {actorLabel(template.createdBy)}
            </dd>
          </dl>
          {v.notes && (
            <div>
              <h3 className="font-medium">Notes</h3>
              <p className="mt-1 whitespace-pre-wrap">{v.notes}</p>
            </div>
          )}
        </section>
      </div>

      <TemplateVersionTable slug={slug} history={history} shown={v.version} latest={latest} />
    </div>
  );
}

// One deadline for all the InfluxDB calls of a render (lib/influx/deadline.ts).
export default underDeadline(TemplatePage);
