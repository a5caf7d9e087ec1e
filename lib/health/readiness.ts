import 'server-only';
// This instance's readiness: its database answers and its default connection's InfluxDB says it
// is healthy (readiness-decision.ts); every other connection is checked alongside, in parallel and
// within the same budget, for the people signed in. One probe per process (see readiness-probe.ts
// for why answers are shared and bounded).
import type { Connection } from '@/lib/connections/model';
import { consoleConnections } from '@/lib/connections/registry';
import { InfluxError } from '@/lib/influx/errors';
import { createGateway } from '@/lib/influx/gateway';
import { describeInfluxError } from '@/lib/influx/messages';
import { storage } from '@/lib/storage/db';
import { DATABASE_CHECK, connectionCheck, isReady } from './readiness-decision';
import { createReadinessProbe, type Check, type CheckResult, type ReadinessProbe } from './readiness-probe';

/** Load balancers wait 1-5 s; the whole answer stays under 2 s, with room for a busy server. */
export const HEALTH_BUDGET_MS = 1000;
export const HEALTH_MAX_AGE_MS = 2000;

let probe: ReadinessProbe | undefined;

export function readinessProbe(): ReadinessProbe {
  if (!probe) {
    const set = consoleConnections();
    const checks: Record<string, Check> = { [DATABASE_CHECK]: checkDatabase };
    for (const connection of set.connections) checks[connectionCheck(connection.id)] = influxChecker(connection);
    probe = createReadinessProbe({
      checks,
      budgetMs: HEALTH_BUDGET_MS,
      maxAgeMs: HEALTH_MAX_AGE_MS,
      ready: (results) => isReady(results, set.defaultId),
    });
  }
  return probe;
}

async function checkDatabase(): Promise<CheckResult> {
  await storage().get('SELECT 1 AS ok');
  return { ok: true };
}

// Its own client per connection: the console's usual one retries reads with the configured
// timeout (up to 120 s, three times), which is right for a page and far too long for a load
// balancer. One attempt, timed out by the client at the budget, so no request outlives the check.
function influxChecker(connection: Connection): () => Promise<CheckResult> {
  const gateway = createGateway({ url: connection.url, token: connection.token, timeoutMs: HEALTH_BUDGET_MS, getRetries: 0 });
  return async () => {
    const [health, ping] = await Promise.allSettled([gateway.health(), gateway.ping()]);
    const version = ping.status === 'fulfilled' ? ping.value.version : health.status === 'fulfilled' ? health.value.version : 'unknown';
    const flavour = ping.status === 'fulfilled' ? ping.value.flavour : 'unknown';
    const info = { version, flavour };
    if (health.status === 'rejected') {
      const problem =
        health.reason instanceof InfluxError
          ? describeInfluxError(health.reason, { doing: "check InfluxDB's health" })
          : 'An unexpected error stopped the InfluxDB health check; see the server log.';
      return { ok: false, problem, info };
    }
    if (health.value.status !== 'pass') return { ok: false, problem: `InfluxDB reports its health as "${health.value.status}"`, info };
    return { ok: true, info };
  };
}
