import 'server-only';
// One page of the inventory for one person: the kept list filtered and paged, each row told what
// this person may do to it (lib/policy), so the page offers exactly what the actions allow.
// "Reload from InfluxDB" reads the whole list upstream, so it has its own, much lower, limits: per
// person and for the whole console (a viewer must not be able to keep InfluxDB busy).
import type { Role } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config/server-config';
import { consoleCatalog } from '@/lib/influx/catalog';
import { connectionFacts } from '@/lib/connections/model';
import type { Scope } from '@/lib/connections/resolve-scope';
import type { GrantPolicy } from '@/lib/policy/grant-policy';
import { decide, tokenOperations } from '@/lib/policy/operations';
import { factsOfRecord } from '@/lib/policy/token-facts';
import { rateLimit } from '@/lib/security/rate-limit';
import type { InventoryQuery } from './query';
import { inventoryPage } from './store';
import type { InventoryPage } from './types';

/** CONSOLE_RELOADS_PER_MINUTE (per person) and CONSOLE_RELOADS_TOTAL_PER_MINUTE (whole console). */
function reloadLimits() {
  const config = getConfig();
  return { perPerson: config.CONSOLE_RELOADS_PER_MINUTE, total: config.CONSOLE_RELOADS_TOTAL_PER_MINUTE };
}

export interface Viewer {
  user: { id: string; role: Role };
  policy: GrantPolicy;
}

export type ListInput = InventoryQuery & { refresh?: boolean };

export async function listInventoryPage(scope: Scope, { refresh, ...query }: ListInput, who: Viewer): Promise<InventoryPage> {
  let reloadRefused: string | undefined;
  if (refresh) {
    const allowed = decide(who.user.role, 'tokens.reload', who.policy);
    const limits = reloadLimits();
    const mine = await rateLimit(`reload:${who.user.id}`, limits.perPerson, 60_000);
    const all = mine.allowed ? await rateLimit('reload:*', limits.total, 60_000) : mine;
    if (!allowed.allowed) reloadRefused = allowed.message;
    else if (!all.allowed) {
      reloadRefused = `The list was reloaded from InfluxDB too often in the last minute (each reload reads every token). Try again in ${all.retryAfterSeconds} s; this is the kept list.`;
    }
  }
  // Asked at the same time: a first read of a long list may outlast the request's InfluxDB
  // deadline (lib/influx/deadline.ts), and nothing may be sent to InfluxDB after it.
  const [page, me] = await Promise.all([
    inventoryPage(scope.key, query, { refresh: Boolean(refresh) && !reloadRefused }),
    consoleCatalog(scope.connection.id).consoleUser(),
  ]);
  const on = connectionFacts(scope.connection);
  return {
    ...page,
    rows: page.rows.map((r) => ({ ...r, may: tokenOperations(who.user.role, who.policy, factsOfRecord(r, me.id), on) })),
    ...(reloadRefused ? { reloadRefused } : {}),
  };
}
