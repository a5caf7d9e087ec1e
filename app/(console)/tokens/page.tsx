import type { Metadata } from 'next';
import { underDeadline } from '@/lib/influx/deadline';
import { InventoryView } from '@/components/inventory/inventory-view';
import { requirePageUser } from '@/lib/auth/page-guard';
import { getConfig } from '@/lib/config/server-config';
import { AllConnectionsView } from '@/components/inventory/all-connections-view';
import { ALL_CONNECTIONS, connectionFacts } from '@/lib/connections/model';
import { resolveScope } from '@/lib/connections/resolve-scope';
import { allConnectionsPage } from '@/lib/inventory/all-connections';
import { scopeFromSearchParams } from '@/lib/connections/scope';
import { ScopeProblem } from '@/components/shell/scope-problem';
import { InfluxError } from '@/lib/influx/errors';
import { describeInfluxError } from '@/lib/influx/messages';
import { inventoryQueryString, parseInventoryQuery } from '@/lib/inventory/query';
import { listInventoryPage } from '@/lib/inventory/list-page';
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
    return <AllConnectionsView page={await allConnectionsPage(query)} query={query} />;
  }
  const resolved = await resolveScope(asked);
  if (!resolved.ok) return <ScopeProblem title="Tokens" problem={resolved.problem} />;
  const { scope } = resolved;
  let data;
  try {
    data = await listInventoryPage(scope, query, { user, policy });
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
        mint: decide(user.role, 'token.mint', policy, undefined, connectionFacts(scope.connection)).allowed,
        bulk: decide(user.role, 'tokens.bulk-delete', policy, undefined, connectionFacts(scope.connection)).allowed,
      }}
      orgName={scope.org.name}
      minGraceSeconds={getConfig().CONSOLE_MIN_GRACE_SECONDS}
      influxUrl={scope.connection.url}
    />
  );
}

// One deadline for all the InfluxDB calls of a render (lib/influx/deadline.ts).
export default underDeadline(TokensPage);
