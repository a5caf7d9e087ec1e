import 'server-only';
// The expiry change's dependencies in the running console, for one connection and org.
import { storedConnectionID } from '@/lib/connections/registry';
import type { Scope } from '@/lib/connections/resolve-scope';
import { influx } from '@/lib/influx/server';
import { consoleFactsContext } from '@/lib/inventory/console-deps';
import { consolePolicy } from '@/lib/policy/console-policy';
import { recordAudit } from '@/lib/storage/audit';
import type { ExpiryChangeDeps } from './change-expiry';
import { consoleMintLifetimes } from './console-lifetimes';
import type { RenewDeps } from './renew';

export function consoleExpiryDeps(scope: Scope): ExpiryChangeDeps {
  const c = scope.connection.id;
  return {
    connectionID: storedConnectionID(c),
    gateway: influx(c),
    org: () => Promise.resolve(scope.org),
    facts: () => consoleFactsContext(c),
    policy: consolePolicy(),
    lifetimes: consoleMintLifetimes(),
    audit: (event) => recordAudit(event),
  };
}

export function consoleRenewDeps(): RenewDeps {
  return { lifetimes: consoleMintLifetimes(), audit: (event) => recordAudit(event) };
}
