import 'server-only';
// The inventory operations' dependencies in the running console: its gateway, database, kept
// token list, audit trail and scheduler table.
import { getConfig } from '@/lib/config/server-config';
import { defaultConnection } from '@/lib/connections/registry';
import { consoleCatalog } from '@/lib/influx/catalog';
import { defaultOrgRef, influx } from '@/lib/influx/server';
import { consolePolicy } from '@/lib/policy/console-policy';
import type { FactsContext } from '@/lib/policy/token-facts';
import { recordAudit } from '@/lib/storage/audit';
import { database } from '@/lib/storage/db';
import { scheduleDeactivation } from '@/lib/storage/scheduled-deactivations';
import { descriptionsById } from './server';
import { patchInventoryDescription, patchInventoryStatus, removeFromInventory, upsertInventory } from './store';
import type { InventoryDeps } from './token-changes';

/** What the policy needs to judge a token of this console: its own user and credential. */
export async function consoleFactsContext(): Promise<FactsContext> {
  const catalog = consoleCatalog();
  const [me, resourceTypes] = await Promise.all([catalog.consoleUser(), catalog.resourceTypes()]);
  return { consoleUserID: me.id, consoleTokenID: defaultConnection().tokenID, resourceTypes };
}

export function consoleInventoryDeps(): InventoryDeps {
  const db = database();
  return {
    gateway: influx(),
    db,
    org: defaultOrgRef,
    facts: consoleFactsContext,
    kept: {
      upsert: upsertInventory,
      status: patchInventoryStatus,
      description: patchInventoryDescription,
      remove: removeFromInventory,
      descriptions: descriptionsById,
    },
    audit: (event) => recordAudit(event, db),
    schedule: ({ ctx, ...s }) => scheduleDeactivation({ ...s, requestedBy: ctx.user, requestID: ctx.requestId }, db).id,
    minGraceSeconds: getConfig().CONSOLE_MIN_GRACE_SECONDS,
    policy: consolePolicy(),
  };
}
