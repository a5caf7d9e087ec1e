import 'server-only';
// The inventory operations' dependencies in the running console, for one connection and org: its
// gateway, database, kept token list, audit trail and scheduler table.
import { influx } from '@/lib/influx/server';
import { getConfig } from '@/lib/config/server-config';
import { findConnection, storedConnectionID } from '@/lib/connections/registry';
import type { Scope } from '@/lib/connections/resolve-scope';
import { scopeKey } from '@/lib/connections/scope';
import { consoleCatalog } from '@/lib/influx/catalog';
import { consolePolicy } from '@/lib/policy/console-policy';
import type { FactsContext } from '@/lib/policy/token-facts';
import { recordAudit } from '@/lib/storage/audit';
import { storage } from '@/lib/storage/db';
import { scheduleDeactivation } from '@/lib/storage/scheduled-deactivations';
import { descriptionsById } from './server';
import { patchInventoryDescription, patchInventoryStatus, removeFromInventory, upsertInventory } from './store';
import type { InventoryDeps } from './token-changes';

/** What the policy needs to judge a token on this connection: the console's user and credential there. */
export async function consoleFactsContext(connectionID: string): Promise<FactsContext> {
  const catalog = consoleCatalog(connectionID);
  const [me, resourceTypes] = await Promise.all([catalog.consoleUser(), catalog.resourceTypes()]);
  return { consoleUserID: me.id, consoleTokenID: findConnection(connectionID)?.tokenID ?? '', resourceTypes };
}

export function consoleInventoryDeps(scope: Scope): InventoryDeps {
  const sql = storage();
  const c = scope.connection.id;
  const key = (orgID: string) => scopeKey(c, orgID);
  return {
    connectionID: storedConnectionID(c),
    gateway: influx(c),
    sql,
    org: () => Promise.resolve(scope.org),
    facts: () => consoleFactsContext(c),
    kept: {
      upsert: (orgID, a) => upsertInventory(key(orgID), a),
      status: (orgID, id, status, updatedAt) => patchInventoryStatus(key(orgID), id, status, updatedAt),
      description: (orgID, id, description, updatedAt) => patchInventoryDescription(key(orgID), id, description, updatedAt),
      remove: (orgID, ids) => removeFromInventory(key(orgID), ids),
      descriptions: (orgID) => descriptionsById(key(orgID)),
    },
    // The connection rides in every audit row's detail, which the row's hash covers.
    audit: (event) => recordAudit({ ...event, detail: { ...event.detail, connection: storedConnectionID(c) } }, sql),
    schedule: async ({ ctx, ...s }) =>
      (await scheduleDeactivation({ ...s, connectionID: storedConnectionID(c), requestedBy: ctx.user, requestID: ctx.requestId }, sql)).id,
    minGraceSeconds: getConfig().CONSOLE_MIN_GRACE_SECONDS,
    policy: consolePolicy(),
  };
}
