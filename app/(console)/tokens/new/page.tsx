import type { Metadata } from 'next';
import { randomUUID } from 'node:crypto';
import { NotAppliedList } from '@/components/links/not-applied-list';
import { PrefillOriginBanner } from '@/components/links/prefill-origin-banner';
import { TokenBuilder } from '@/components/tokens/token-builder';
import { requirePageUser } from '@/lib/auth/page-guard';
import { decide } from '@/lib/policy/operations';
import { defaultConnection } from '@/lib/connections/registry';
import { consoleCatalog } from '@/lib/influx/catalog';
import { InfluxError } from '@/lib/influx/errors';
import { describeInfluxError } from '@/lib/influx/messages';
import { defaultOrgRef } from '@/lib/influx/server';
import { loadBuilderPrefill } from '@/lib/links/load-prefill';
import { logger } from '@/lib/log/logger';
import { consolePolicy } from '@/lib/policy/console-policy';
import { otherOwnerOption } from '@/lib/tokens/owner-option';
import { createToken, deleteCreatedUser } from './actions';

export const metadata: Metadata = { title: 'New token' };

export default async function NewTokenPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('token.mint');
  const catalog = consoleCatalog();
  // A shared link or template only fills the form; a person still reviews and mints.
  const prefill = await loadBuilderPrefill(await searchParams, user);

  let loaded;
  try {
    const [resourceTypes, orgs, defaultOrg, owner] = await Promise.all([
      catalog.resourceTypes(),
      catalog.visibleOrgs(),
      defaultOrgRef(),
      catalog.consoleUser(),
    ]);
    loaded = { resourceTypes, orgs: orgs.some((o) => o.id === defaultOrg.id) ? orgs : [defaultOrg, ...orgs], defaultOrg, owner };
  } catch (error) {
    const message =
      error instanceof InfluxError
        ? describeInfluxError(error, { doing: 'load what the token builder needs' })
        : 'The token builder could not load what it needs from InfluxDB. Check Settings.';
    if (!(error instanceof InfluxError)) logger.error('builder load failed', { error: String(error) });
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">New token</h1>
        <p role="alert" className="rounded-md border border-danger-600/40 bg-danger-50 p-3 text-sm text-danger-700">
          {message}
        </p>
      </div>
    );
  }

  // Start reading the default org's bucket list now, so the picker's first search is warm.
  catalog.buckets.warm(loaded.defaultOrg.id);
  // What the credential may do decides whether "another InfluxDB user" is offered. A failed check
  // does not block the builder: the option stays, with a note, and the action explains a refusal.
  const policy = consolePolicy();
  const caps = decide(user.role, 'influx-user.create', policy).allowed
    ? await catalog.capabilities().catch((error: unknown) => {
        logger.warn('capability check failed', { error: String(error) });
        return undefined;
      })
    : undefined;

  return (
    <TokenBuilder
      orgs={loaded.orgs}
      defaultOrgID={loaded.defaultOrg.id}
      resourceTypes={loaded.resourceTypes}
      owner={{ id: loaded.owner.id, name: loaded.owner.name }}
      otherOwner={otherOwnerOption(user.role, policy, caps)}
      role={user.role}
      policy={policy}
      influxUrl={defaultConnection().url}
      formKey={randomUUID()}
      createToken={createToken}
      {...(prefill?.resolved
        ? {
            initial: {
              orgID: prefill.resolved.org.id,
              ...(prefill.resolved.description ? { description: prefill.resolved.description } : {}),
              ...(prefill.resolved.status ? { status: prefill.resolved.status } : {}),
              grants: prefill.resolved.grants,
              ...(prefill.resolved.owner ? { owner: prefill.resolved.owner } : {}),
            },
          }
        : {})}
      prefillNotice={
        prefill ? (
          <div className="space-y-3" data-testid="prefill-notice">
            <PrefillOriginBanner origin={prefill.origin} />
            {prefill.problem ? (
              <p role="alert" className="rounded-md border border-danger-600/40 bg-danger-50 p-3 text-sm text-danger-700">
                {prefill.problem}
              </p>
            ) : null}
            {prefill.notApplied.length > 0 ? <NotAppliedList items={prefill.notApplied} /> : null}
          </div>
        ) : undefined
      }
      deleteCreatedUser={deleteCreatedUser}
    />
  );
}
