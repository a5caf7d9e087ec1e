// What readiness means with several connections: this instance can serve when its database
// answers and its default connection answers. Another connection being down is news for the
// people signed in (each connection's own status), not a reason for a load balancer to take the
// instance out: every instance would see the same server down, and the rest of the console works.
// Pure: the probe hands in the checks' results.
import type { CheckResult } from './readiness-probe';

export const DATABASE_CHECK = 'database';
const CONNECTION_PREFIX = 'influxdb:';

/** The probe's name for one connection's check. */
export const connectionCheck = (connectionID: string) => `${CONNECTION_PREFIX}${connectionID}`;

export function isReady(checks: Readonly<Record<string, CheckResult>>, defaultConnectionID: string): boolean {
  return checks[DATABASE_CHECK]?.ok === true && checks[connectionCheck(defaultConnectionID)]?.ok === true;
}

export interface ConnectionHealth {
  id: string;
  label: string;
  status: 'pass' | 'fail';
  version: string;
  flavour: string;
  problem?: string;
}

/** Each connection as signed-in people see it, in the connections' order; a missing check fails. */
export function connectionsHealth(
  connections: readonly { id: string; label: string }[],
  checks: Readonly<Record<string, CheckResult>>,
): ConnectionHealth[] {
  return connections.map(({ id, label }) => {
    const check = checks[connectionCheck(id)];
    const problem = check ? check.problem : 'not checked';
    return {
      id,
      label,
      status: check?.ok ? 'pass' : 'fail',
      version: check?.info?.version ?? 'unknown',
      flavour: check?.info?.flavour ?? 'unknown',
      ...(problem ? { problem } : {}),
    };
  });
}
