import 'server-only';
// Settings' check of one store: reachable, unsealed, the console can log in, the mount is KV v2,
// and the console may write under the prefix. Stops at the first fault and says it in words.
import { createKvClient, type KvClientDeps } from './kv-client';
import type { SecretStore } from './store-config';
import { deliveryPolicyNeeds, describeStoreProblem, type StoreProblem } from './store-problems';
import { redirectReason, vaultCall } from './vault-http';

export type StoreCheck = { ok: true; summary: string } | { ok: false; problem: StoreProblem; message: string };

/** A path under the prefix that need not exist: capabilities are asked, nothing is written. */
const PROBE = 'console-check';

export async function checkStore(store: SecretStore, deps: KvClientDeps): Promise<StoreCheck> {
  const failed = (problem: StoreProblem): StoreCheck => ({ ok: false, problem, message: describeStoreProblem(store, problem) });

  // sys/health needs no token: it tells "not there" apart from "there but sealed".
  const health = await vaultCall(
    { address: store.address, fetch: deps.fetch, timeoutMs: deps.timeoutMs },
    { method: 'GET', path: 'sys/health' },
  );
  if (health.kind === 'unreachable') return failed({ code: 'unreachable', reason: health.reason });
  if (health.status >= 300 && health.status < 400) return failed({ code: 'unreachable', reason: redirectReason(health.status) });
  if (health.body.sealed === true) return failed({ code: 'sealed' });
  if (typeof health.body.initialized !== 'boolean')
    return failed({ code: 'unreachable', reason: 'it answered, but not as a Vault API (no sys/health)' });
  if (health.body.initialized === false)
    return failed({ code: 'unexpected', status: health.status, error: 'the server is not initialized' });

  const client = createKvClient(store, deps);
  const auth = await client.authenticate();
  if (!auth.ok) return failed(auth.problem);

  const mount = await client.checkMount(`${store.pathPrefix}/${PROBE}`);
  if (!mount.ok) return failed(mount.problem);

  const data = `${store.mount}/data/${store.pathPrefix}/${PROBE}`;
  const metadata = `${store.mount}/metadata/${store.pathPrefix}/${PROBE}`;
  const caps = await client.capabilities([data, metadata]);
  if (!caps.ok) return failed(caps.problem);
  const has = (path: string, c: string) => caps.capabilities[path]?.includes(c) || caps.capabilities[path]?.includes('root');
  if (!has(data, 'create') || !has(data, 'update') || !has(metadata, 'read')) {
    return failed({
      code: 'forbidden',
      what: 'write under',
      path: `${store.mount}/${store.pathPrefix}/`,
      needs: deliveryPolicyNeeds(store),
    });
  }
  return {
    ok: true,
    summary: `Reachable, unsealed, signed in with ${store.auth.method === 'approle' ? 'AppRole' : 'its token'}; may write under ${store.mount}/${store.pathPrefix}/ (KV v2).`,
  };
}
