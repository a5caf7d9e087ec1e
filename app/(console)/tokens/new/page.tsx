import type { Metadata } from 'next';
import { underDeadline } from '@/lib/influx/deadline';
import { influx } from '@/lib/influx/server';
import { randomUUID } from 'node:crypto';
import { NotAppliedList } from '@/components/links/not-applied-list';
import { PrefillOriginBanner } from '@/components/links/prefill-origin-banner';
import { consoleLifetimesConfig } from '@/lib/lifetimes/console-lifetimes';
import { TokenBuilder } from '@/components/tokens/token-builder';
import { requirePageUser } from '@/lib/auth/page-guard';
import { decide } from '@/lib/policy/operations';
import { connectionFacts } from '@/lib/connections/model';
import { resolveScope } from '@/lib/connections/resolve-scope';
import { scopeFromSearchParams } from '@/lib/connections/scope';
import { ScopeProblem } from '@/components/shell/scope-problem';
import { LINK_VERSION_BEFORE_CONNECTIONS, decodeShareLink, isEmptyLink } from '@/lib/links/share-link';
import { connectionInfos } from '@/lib/connections/registry';
import { consoleCatalog } from '@/lib/influx/catalog';
import { InfluxError } from '@/lib/influx/errors';
import { describeInfluxError } from '@/lib/influx/messages';
import { loadBuilderPrefill } from '@/lib/links/load-prefill';
import { resolveDestination } from '@/lib/links/resolve-destination';
import { logger } from '@/lib/log/logger';
import { consolePolicy } from '@/lib/policy/console-policy';
import { otherOwnerOption } from '@/lib/tokens/owner-option';
import { storeChoices } from '@/lib/secret-stores/console-delivery';
import { createToken, deleteCreatedUser } from './actions';
import { requestToken } from '../../requests/actions';
import { createTokenForStore, deleteUndeliveredToken, retryTokenDelivery, showHeldToken } from './_delivery/actions';

export const metadata: Metadata = { title: 'New token' };

async function NewTokenPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('token.mint');
  const params = await searchParams;
  // The connection must exist and answer. An org that a link names but that does not exist is
  // listed as "not applied" by the prefill (as before connections); named by the switcher, it
  // gets the clear page.
  // `connection` is the page's scope (the switcher's, or a format 2 link's); the rest is the link.
  const { connection: _connection, ...linkPart } = params;
  // A template link names its template's org as the page's scope too; the template sets the rest.
  if (linkPart.template !== undefined) delete linkPart.org;
  const decodedLink = decodeShareLink(linkPart);
  const linkParams = isEmptyLink(decodedLink) ? undefined : linkPart;
  const asked = scopeFromSearchParams(params);
  // A format 1 link (v=1) was made before connections: it opens on the default connection.
  const formatOne = params.v === String(LINK_VERSION_BEFORE_CONNECTIONS) && !decodedLink.template;
  if (formatOne) delete asked.connection;
  let resolved = await resolveScope(asked);
  if (!resolved.ok && resolved.problem.kind === 'unknown-org' && linkParams) resolved = await resolveScope({ ...asked, org: undefined });
  if (!resolved.ok) return <ScopeProblem title="New token" problem={resolved.problem} section="/tokens/new" />;
  const { scope } = resolved;
  const mayMint = decide(user.role, 'token.mint', consolePolicy(), undefined, connectionFacts(scope.connection));
  if (!mayMint.allowed) {
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">New token</h1>
        <p
          role="alert"
          className="rounded-md border border-danger-600/40 bg-danger-50 p-3 text-sm text-danger-700"
          data-testid="connection-refusal"
        >
          {mayMint.message}
        </p>
      </div>
    );
  }
  const catalog = consoleCatalog(scope.connection.id);
  // A shared link or template only fills the form; a person still reviews and mints.
  const prefill = linkParams
    ? await loadBuilderPrefill(linkParams, user, { gateway: influx(scope.connection.id), defaultOrg: scope.org })
    : null;

  let loaded;
  try {
    const [resourceTypes, owner] = await Promise.all([catalog.resourceTypes(), catalog.consoleUser()]);
    // The builder mints in the page's org (or the org the link names, when it exists here).
    const org = prefill?.resolved?.org ?? scope.org;
    loaded = { resourceTypes, orgs: [org], defaultOrg: org, owner };
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

  // Issue 17: a link's or template's "Deliver to", checked against this console's stores.
  const destination = prefill?.requested.deliver ? resolveDestination(prefill.requested.deliver, storeChoices()) : undefined;
  const notApplied = [...(prefill?.notApplied ?? []), ...(destination && !destination.ok ? [destination.notApplied] : [])];

  return (
    <TokenBuilder
      orgs={loaded.orgs}
      defaultOrgID={loaded.defaultOrg.id}
      resourceTypes={loaded.resourceTypes}
      owner={{ id: loaded.owner.id, name: loaded.owner.name }}
      otherOwner={otherOwnerOption(user.role, policy, caps)}
      role={user.role}
      policy={policy}
      influxUrl={scope.connection.url}
      scope={{ connection: scope.connection.id, org: loaded.defaultOrg.name }}
      connection={{ label: scope.connection.label, colour: scope.connection.colour }}
      formKey={randomUUID()}
      createToken={createToken}
      lifetimePolicy={consoleLifetimesConfig().policy}
      secretStores={storeChoices()}
      {...(destination?.ok ? { initialDelivery: destination.choice } : {})}
      delivery={{ createTokenForStore, retry: retryTokenDelivery, showOnce: showHeldToken, deleteToken: deleteUndeliveredToken }}
      {...(prefill?.resolved
        ? {
            initial: {
              orgID: prefill.resolved.org.id,
              ...(prefill.resolved.description ? { description: prefill.resolved.description } : {}),
              ...(prefill.resolved.status ? { status: prefill.resolved.status } : {}),
              grants: prefill.resolved.grants,
              ...(prefill.resolved.owner ? { owner: prefill.resolved.owner } : {}),
              ...(prefill.resolved.lifetime ? { lifetime: prefill.resolved.lifetime } : {}),
              ...(prefill.origin.kind === 'template' ? { template: prefill.origin.slug } : {}),
            },
          }
        : {})}
      prefillNotice={
        prefill ? (
          <div className="space-y-3" data-testid="prefill-notice">
            <PrefillOriginBanner origin={prefill.origin} />
            {formatOne && connectionInfos().length > 1 ? (
              <p className="rounded-md border border-brand-100 bg-brand-50 p-3 text-sm" data-testid="link-connection-note">
                This link was made before the console knew several InfluxDB servers (link format 1): it opens on the default connection,{' '}
                {scope.connection.label}.
              </p>
            ) : null}
            {decodedLink.lacked?.length ? (
              <p className="rounded-md border border-gray-200 bg-surface p-3 text-sm" data-testid="link-lacked">
                This link does not carry {decodedLink.lacked.join('; ')}.
              </p>
            ) : null}
            {prefill.problem ? (
              <p role="alert" className="rounded-md border border-danger-600/40 bg-danger-50 p-3 text-sm text-danger-700">
                {prefill.problem}
              </p>
            ) : null}
            {notApplied.length > 0 ? <NotAppliedList items={notApplied} /> : null}
          </div>
        ) : undefined
      }
      needsApproval={prefill?.origin.kind === 'template' && prefill.origin.needsApproval === true}
      deleteCreatedUser={deleteCreatedUser}
      {...(decide(user.role, 'request.create', policy).allowed ? { requestToken } : {})}
    />
  );
}

// One deadline for all the InfluxDB calls of a render (lib/influx/deadline.ts).
export default underDeadline(NewTokenPage);
