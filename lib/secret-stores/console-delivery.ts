import 'server-only';
// The delivery dependencies of the running console: one KV client per configured store (so an
// AppRole login is reused until its token expires), the deliveries table, the audit trail and the
// connection's gateway for "delete the token".
import type { ActionContext } from '@/lib/actions/define-action';
import { getConfig } from '@/lib/config/server-config';
import { storedConnectionID } from '@/lib/connections/registry';
import { InfluxError } from '@/lib/influx/errors';
import { influx } from '@/lib/influx/server';
import { recordAudit } from '@/lib/storage/audit';
import { recordDelivery } from '@/lib/storage/secret-deliveries';
import { upsertRotation } from '@/lib/storage/secret-rotations';
import { configuredStores } from './configured-stores';
import type { DeliverDeps } from './deliver-minted';
import type { StoreChoice } from './delivery-request';
import { createKvClient, type KvClient } from './kv-client';
import type { SecretStore } from './store-config';

const clients = new Map<string, { key: string; client: KvClient }>();

/** The store's client; a changed entry in the file (address, mount, auth) gets a new one. */
export function storeClient(store: SecretStore): KvClient {
  const key = JSON.stringify(store);
  const cached = clients.get(store.id);
  if (cached?.key === key) return cached.client;
  const client = createKvClient(store, { env: process.env, timeoutMs: getConfig().INFLUX_TIMEOUT_MS });
  clients.set(store.id, { key, client });
  return client;
}

/** What the builder may offer: ids, labels, mounts and prefixes, nothing about credentials. */
export function storeChoices(): StoreChoice[] {
  return configuredStores().stores.map(({ id, label, mount, pathPrefix }) => ({ id, label, mount, pathPrefix }));
}

export function consoleDeliverDeps(store: SecretStore, connectionID: string, ctx: ActionContext): DeliverDeps {
  return {
    client: storeClient(store),
    record: recordDelivery,
    keepRotating: (r, now) => upsertRotation(r, now),
    audit: (e) => recordAudit({ requestId: ctx.requestId, actor: ctx.user, ...e }),
    deleteToken: async (id) => {
      try {
        await influx(connectionID).deleteAuthorization(id);
      } catch (error) {
        if (error instanceof InfluxError && error.kind === 'not-found') return;
        throw error;
      }
    },
  };
}

export { storedConnectionID };
