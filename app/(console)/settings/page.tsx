import type { Metadata } from 'next';
import { underDeadline } from '@/lib/influx/deadline';
import { AuditForwarding } from '@/components/settings/audit-forwarding';
import { CapabilityReport } from '@/components/settings/capability-report';
import { CredentialGuidance } from '@/components/settings/credential-guidance';
import { DeleteOrphanButton } from '@/components/settings/delete-orphan-button';
import { forwardingStatus } from '@/lib/audit/forwarding/start';
import { requirePageUser } from '@/lib/auth/page-guard';
import { consolePolicy } from '@/lib/policy/console-policy';
import { decide } from '@/lib/policy/operations';
import { ConnectionBadge } from '@/components/shell/connection-badge';
import { ConnectionsOverview } from '@/components/settings/connections-overview';
import { ScopeProblem } from '@/components/shell/scope-problem';
import { connectionInfos, defaultConnection, findConnection, storedConnectionID } from '@/lib/connections/registry';
import { scopeFromSearchParams } from '@/lib/connections/scope';
import { consoleCatalog } from '@/lib/influx/catalog';
import { loadConnectionReport } from '@/lib/influx/connection-report';
import { credentialSetupCommands } from '@/lib/influx/credential-setup';
import { influx } from '@/lib/influx/server';
import { logger } from '@/lib/log/logger';
import { storage } from '@/lib/storage/db';
import { findTokensOfDeletedOwners } from '@/lib/tokens/deleted-owners';
import { SecretStoresReport } from '@/components/settings/secret-stores-report';
import { secretStoresReport } from '@/lib/secret-stores/settings-report';
import { LifetimesSettings } from '@/components/settings/lifetimes-settings';
import { consoleLifetimesConfig } from '@/lib/lifetimes/console-lifetimes';
import { stuckExpiries } from '@/lib/lifetimes/expiry-store';
import { consoleNoticeChannels } from '@/lib/notices/console-notices';
import { undeliveredNotices } from '@/lib/notices/outbox';
import { connectionOfStored } from '@/lib/connections/registry';
import { withScope } from '@/lib/connections/scope';
import { deleteOrphanedToken, sendTestNotice } from './actions';

export const metadata: Metadata = { title: 'Settings' };

async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('tokens.view');
  // Settings is about one connection (the URL's, else the default) and lists them all.
  const asked = scopeFromSearchParams(await searchParams).connection;
  const connection = asked ? findConnection(asked) : defaultConnection();
  if (!connection) {
    return (
      <ScopeProblem
        title="Settings"
        section="/settings"
        problem={{ kind: 'unknown-connection', message: `There is no connection "${asked}" in this console.` }}
      />
    );
  }
  const others = connectionInfos();
  const [report, reports, stores] = await Promise.all([
    loadConnectionReport(connection.id),
    others.length > 1 ? Promise.all(others.map((c) => loadConnectionReport(c.id))) : Promise.resolve([]),
    secretStoresReport(),
  ]);
  const orgName = report.org?.name ?? connection.org;
  const [types, orphans] = report.reachable
    ? await Promise.all([
        consoleCatalog(connection.id)
          .resourceTypes()
          .catch(() => undefined),
        // On the connection this page is about: the console's mint records name their connection.
        findTokensOfDeletedOwners(
          { sql: storage(), getUser: influx(connection.id).getUser, inspectAuthorization: influx(connection.id).inspectAuthorization },
          storedConnectionID(connection.id),
        ).catch((error: unknown) => {
          logger.warn('deleted-owner check failed', { error: String(error) });
          return undefined;
        }),
      ])
    : [undefined, undefined];
  const commands =
    report.org && types ? credentialSetupCommands({ url: connection.url, orgID: report.org.id, resourceTypes: types }) : undefined;
  const isAdmin = decide(user.role, 'deleted-owner-token.delete', consolePolicy()).allowed;
  const seesForwarding = decide(user.role, 'audit.export', consolePolicy()).allowed;
  const forwarding = seesForwarding ? await forwardingStatus() : [];
  // Issue 13: the lifetime policy for everyone; what is stuck, and the test notice, for admins.
  const managesExpiries = decide(user.role, 'token.expiry', consolePolicy()).allowed;
  const lifetimes = consoleLifetimesConfig();
  const [stuck, undelivered] = managesExpiries ? await Promise.all([stuckExpiries(new Date()), undeliveredNotices()]) : [[], []];
  const noticeChannels = consoleNoticeChannels().map((c) => ({
    name: c.name,
    target: c.target,
    to:
      c.name === 'email'
        ? [
            ...(lifetimes.notices.email?.team ?? []),
            ...(lifetimes.notices.email?.toCreator ? ['the person who minted the token'] : []),
          ].join(', ') || 'nobody (no team address, minters not told)'
        : 'the webhook (JSON with a Slack-compatible text)',
  }));

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      {others.length > 1 && <ConnectionsOverview connections={others} reports={reports} current={connection.id} />}
      <section aria-labelledby="conn" className="rounded-card border border-gray-200 bg-surface p-5">
        <h2 id="conn" className="mb-3 text-lg font-medium">
          InfluxDB connection <ConnectionBadge label={connection.label} colour={connection.colour} />
        </h2>
        <dl className="grid grid-cols-[12rem_1fr] gap-y-2 text-sm">
          <dt className="text-ink-muted">URL</dt>
          <dd data-testid="influx-url">{connection.url}</dd>
          <dt className="text-ink-muted">Status</dt>
          <dd>{report.reachable ? 'Reachable' : <span className="text-danger-700">{report.problem}</span>}</dd>
          <dt className="text-ink-muted">Server</dt>
          <dd data-testid="influx-version">
            InfluxDB {report.flavour} {report.version}
          </dd>
          <dt className="text-ink-muted">Default organisation</dt>
          <dd>{report.org ? `${report.org.name} (${report.org.id})` : `${connection.org} (not visible to the credential)`}</dd>
          <dt className="text-ink-muted">Credential owner</dt>
          <dd data-testid="credential-owner">{report.owner ? `${report.owner.name} (${report.owner.id})` : 'unknown'}</dd>
          <dt className="text-ink-muted">Request timeout</dt>
          <dd>{connection.timeoutMs} ms</dd>
        </dl>
        <p className="mt-3 text-xs text-ink-muted">The credential itself stays on the server and is never shown.</p>
      </section>

      <section aria-labelledby="caps" className="rounded-card border border-gray-200 bg-surface p-5">
        <h2 id="caps" className="mb-3 text-lg font-medium">
          What the console&apos;s credential can do
        </h2>
        {report.capabilities ? (
          <CapabilityReport caps={report.capabilities} orgName={orgName} tokenID={connection.tokenID} />
        ) : (
          <p className="text-sm text-ink-muted">
            {report.capabilitiesProblem ?? report.problem ?? 'Not known while InfluxDB cannot be reached.'}
          </p>
        )}
      </section>

      <section aria-labelledby="orphans" className="rounded-card border border-gray-200 bg-surface p-5" data-testid="deleted-owner-tokens">
        <h2 id="orphans" className="mb-1 text-lg font-medium">
          Tokens whose owner was deleted
        </h2>
        <p className="mb-3 text-sm text-ink-muted">
          Tokens this console minted whose InfluxDB user no longer exists. InfluxDB refuses them and no longer lists them anywhere, but
          keeps them until they are deleted by id.
        </p>
        {!orphans ? (
          <p className="text-sm text-ink-muted">Could not check just now (InfluxDB unreachable or the users could not be read).</p>
        ) : orphans.tokens.length === 0 ? (
          <p className="text-sm" data-testid="deleted-owner-none">
            {orphans.ownersChecked === 0
              ? 'None: this console has not minted any token yet.'
              : `None: the ${orphans.ownersChecked === 1 ? 'owner' : `${orphans.ownersChecked} owners`} of the tokens this console minted still exist${orphans.ownersChecked === 1 ? 's' : ''}.`}
          </p>
        ) : (
          <ul className="divide-y divide-gray-100 text-sm">
            {orphans.tokens.map((t) => (
              <li
                key={t.authorizationID}
                className="flex flex-wrap items-center justify-between gap-3 py-2"
                data-testid="deleted-owner-token"
              >
                <span>
                  <span className="font-medium">{t.description || '(no description)'}</span>{' '}
                  <span className="font-mono text-xs text-ink-faint">{t.authorizationID}</span>
                  <span className="block text-xs text-ink-muted">
                    Owner: <span className="font-medium text-danger-700">deleted user</span> (was {t.ownerName}, id {t.ownerID}) · minted{' '}
                    {t.mintedAt.slice(0, 10)} · refused by InfluxDB (403 User is inactive)
                  </span>
                </span>
                {isAdmin ? (
                  <DeleteOrphanButton
                    authorizationID={t.authorizationID}
                    description={t.description}
                    deleteToken={deleteOrphanedToken}
                    connection={connection.id}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {orphans?.truncated ? <p className="mt-2 text-xs text-ink-muted">Only the 50 most recent owners were checked.</p> : null}
      </section>

      <LifetimesSettings
        policy={lifetimes.policy}
        leads={lifetimes.notices.leads}
        channels={noticeChannels}
        stuck={stuck}
        undelivered={undelivered}
        tokenHref={(e) =>
          others.length > 1
            ? withScope(`/tokens/${e.authorizationID}`, {
                connection: connectionOfStored(e.connectionID)?.id ?? e.connectionID,
                org: e.orgID,
              })
            : `/tokens/${e.authorizationID}`
        }
        {...(managesExpiries ? { sendTestNotice } : {})}
      />

      {seesForwarding ? (
        <section
          aria-labelledby="audit-forwarding"
          className="rounded-card border border-gray-200 bg-surface p-5"
          data-testid="audit-forwarding"
        >
          <h2 id="audit-forwarding" className="mb-3 text-lg font-medium">
            Audit forwarding
          </h2>
          <AuditForwarding sinks={forwarding} now={new Date()} />
        </section>
      ) : null}

      {stores.configured ? (
        <section aria-labelledby="secret-stores" className="rounded-card border border-gray-200 bg-surface p-5" data-testid="secret-stores">
          <h2 id="secret-stores" className="mb-3 text-lg font-medium">
            Secret stores
          </h2>
          <SecretStoresReport stores={stores.stores} problems={stores.problems} failingRotations={stores.failingRotations} />
        </section>
      ) : null}

      <section aria-labelledby="own-credential" className="rounded-card border border-gray-200 bg-surface p-5">
        <h2 id="own-credential" className="mb-3 text-lg font-medium">
          The console&apos;s own InfluxDB credential
        </h2>
        {commands ? (
          <CredentialGuidance commands={commands} orgName={orgName} />
        ) : (
          <p className="text-sm text-ink-muted">
            The commands appear here once InfluxDB can be reached (they use its org and resource types).
          </p>
        )}
      </section>
    </div>
  );
}

// One deadline for all the InfluxDB calls of a render (lib/influx/deadline.ts).
export default underDeadline(SettingsPage);
