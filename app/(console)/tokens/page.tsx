import type { Metadata } from 'next';
import { Suspense } from 'react';
import { underDeadline, withDeadline, withFreshDeadline } from '@/lib/influx/deadline';
import { InventoryView } from '@/components/inventory/inventory-view';
import { requirePageUser } from '@/lib/auth/page-guard';
import { getConfig } from '@/lib/config/server-config';
import { AllConnectionsView } from '@/components/inventory/all-connections-view';
import { ALL_CONNECTIONS, connectionFacts } from '@/lib/connections/model';
import { resolveScope, type Scope } from '@/lib/connections/resolve-scope';
import { allConnectionsFirstReads, allConnectionsPage } from '@/lib/inventory/all-connections';
import { AllConnectionsFirstRead } from '@/components/inventory/all-connections-first-read';
import { scopeFromSearchParams, withScope } from '@/lib/connections/scope';
import { ScopeProblem } from '@/components/shell/scope-problem';
import { FirstReadShell } from '@/components/inventory/first-read-shell';
import { InfluxError } from '@/lib/influx/errors';
import { describeInfluxError } from '@/lib/influx/messages';
import { inventoryQueryString, parseInventoryQuery, type InventoryQuery } from '@/lib/inventory/query';
import { listInventoryPage, type Viewer } from '@/lib/inventory/list-page';
import { firstInventoryRead } from '@/lib/inventory/store';
import { consolePolicy } from '@/lib/policy/console-policy';
import { decide } from '@/lib/policy/operations';
import { inventoryActions } from './inventory-actions';

export const metadata: Metadata = { title: 'Tokens' };

async function TokensPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('tokens.view');
  const policy = consolePolicy();
  const params = await searchParams;
  const query = parseInventoryQuery(params);
  const asked = scopeFromSearchParams(params);
  if (asked.connection === ALL_CONNECTIONS) {
    // As below for one org: lists not kept yet are read while the page has already answered.
    const reads = await allConnectionsFirstReads();
    if (!reads) return <AllConnectionsView page={await allConnectionsPage(query)} query={query} />;
    return (
      <Suspense fallback={<AllConnectionsFirstRead count={reads.count} startedAt={reads.startedAt} />}>
        <AllConnectionsList query={query} failed={reads.failed} />
      </Suspense>
    );
  }
  const resolved = await resolveScope(asked);
  if (!resolved.ok) return <ScopeProblem title="Tokens" problem={resolved.problem} />;
  const { scope } = resolved;
  const connection = { label: scope.connection.label, colour: scope.connection.colour };
  const mayMint = decide(user.role, 'token.mint', policy, undefined, connectionFacts(scope.connection)).allowed;
  const list = { scope, query, who: { user, policy }, mayMint };
  // Issue 16: nothing kept for this org (the console just started, or the kept list was dropped):
  // the page answers at once and the list follows in the same response when InfluxDB has sent it.
  const read = await firstInventoryRead(scope.key);
  if (!read) return <TokenList {...list} />;
  return (
    <Suspense
      fallback={
        <FirstReadShell
          connection={connection}
          orgName={scope.org.name}
          startedAt={read.startedAt}
          {...(mayMint ? { newTokenHref: withScope('/tokens/new', asked.connection ? scope.params : undefined) } : {})}
        />
      }
    >
      <TokenList {...list} read={read.done} />
    </Suspense>
  );
}

/**
 * `read`: the first read of the list, running. It has its own budget (listBudgetMs) and may outlast
 * the page's deadline, so the calls after it get a deadline of their own.
 */
async function TokenList({
  scope,
  query,
  who,
  mayMint,
  read,
}: {
  scope: Scope;
  query: InventoryQuery;
  who: Viewer;
  mayMint: boolean;
  read?: Promise<unknown>;
}) {
  const load = () => listInventoryPage(scope, query, who);
  let data;
  try {
    if (read) await read;
    data = await (read ? withFreshDeadline(undefined, load) : withDeadline(load));
  } catch (error) {
    if (!(error instanceof InfluxError)) throw error;
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">Tokens</h1>
        <p role="alert" className="rounded-md border border-danger-600 bg-danger-50 p-3 text-sm text-danger-700">
          {scope.connection.label}: {describeInfluxError(error, { doing: 'list tokens' })}
        </p>
      </div>
    );
  }
  return (
    <InventoryView
      actions={inventoryActions}
      scope={scope.params}
      connection={{ label: scope.connection.label, colour: scope.connection.colour }}
      initialPage={data}
      initialQs={inventoryQueryString(query)}
      allowed={{
        mint: mayMint,
        bulk: decide(who.user.role, 'tokens.bulk-delete', who.policy, undefined, connectionFacts(scope.connection)).allowed,
      }}
      orgName={scope.org.name}
      minGraceSeconds={getConfig().CONSOLE_MIN_GRACE_SECONDS}
      influxUrl={scope.connection.url}
    />
  );
}

/** The reads have their own budget, so the page's list gets a deadline of its own after them. */
async function AllConnectionsList({ query, failed }: { query: InventoryQuery; failed: Promise<ReadonlySet<string>> }) {
  const down = await failed;
  return <AllConnectionsView page={await withFreshDeadline(undefined, () => allConnectionsPage(query, down))} query={query} />;
}

// One deadline for all the InfluxDB calls of a render (lib/influx/deadline.ts).
export default underDeadline(TokensPage);
