import 'server-only';
// This instance's readiness: its database answers and InfluxDB says it is healthy. One probe per
// process (see readiness-probe.ts for why answers are shared and bounded).
import { defaultConnection } from '@/lib/connections/registry';
import { InfluxError } from '@/lib/influx/errors';
import { createGateway } from '@/lib/influx/gateway';
import { describeInfluxError } from '@/lib/influx/messages';
import { database } from '@/lib/storage/db';
import { createReadinessProbe, type CheckResult, type ReadinessProbe } from './readiness-probe';

/** Load balancers wait 1-5 s; the whole answer stays under 2 s, with room for a busy server. */
export const HEALTH_BUDGET_MS = 1000;
export const HEALTH_MAX_AGE_MS = 2000;

let probe: ReadinessProbe | undefined;

export function readinessProbe(): ReadinessProbe {
  probe ??= createReadinessProbe({
    checks: { database: checkDatabase, influxdb: influxChecker() },
    budgetMs: HEALTH_BUDGET_MS,
    maxAgeMs: HEALTH_MAX_AGE_MS,
  });
  return probe;
}

function checkDatabase(): CheckResult {
  database().prepare('SELECT 1').get();
  return { ok: true };
}

// Its own connection: the console's usual one retries reads with the configured timeout (up to
// 120 s, three times), which is right for a page and far too long for a load balancer. One
// attempt, timed out by the client at the budget, so no request outlives the check either.
function influxChecker(): () => Promise<CheckResult> {
  const connection = defaultConnection();
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
