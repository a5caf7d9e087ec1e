// What can go wrong with a secret store, in words a person can act on. Pure: the client picks the
// code and the facts, this table says it. No message carries a value, a token or a secret_id.
import type { SecretStore } from './store-config';

export type StoreProblem =
  | { code: 'unreachable'; reason: string }
  | { code: 'sealed' }
  | { code: 'missing-credentials'; detail: string }
  | { code: 'bad-approle' }
  | { code: 'approle-not-enabled' }
  | { code: 'bad-token' }
  | { code: 'forbidden'; what: string; path: string; needs: string }
  | { code: 'no-mount' }
  | { code: 'not-kv2'; found: string }
  | { code: 'bad-path'; detail: string }
  | { code: 'cas-mismatch'; path: string; expected: number }
  | { code: 'unexpected'; status: number; error: string };

export type StoreProblemCode = StoreProblem['code'];

type StoreFacts = Pick<SecretStore, 'label' | 'address' | 'mount' | 'pathPrefix' | 'auth'>;

export function describeStoreProblem(store: StoreFacts, p: StoreProblem): string {
  const name = `the store “${store.label}”`;
  switch (p.code) {
    case 'unreachable':
      return `Could not reach ${name} at ${store.address}: ${p.reason}. Check the address in the secret stores file and that the server runs.`;
    case 'sealed':
      return `${cap(name)} is sealed: an operator must unseal it before the console can write to it.`;
    case 'missing-credentials':
      return `${cap(name)} has no credentials: ${p.detail}`;
    case 'bad-approle': {
      const a = store.auth.method === 'approle' ? store.auth : undefined;
      return `${cap(name)} refused the console's AppRole login: check the role_id in ${a?.roleIdEnv ?? 'its variable'} and the secret_id in ${a?.secretIdEnv ?? 'its variable'} (a secret_id can expire or run out of uses).`;
    }
    case 'approle-not-enabled': {
      const mount = store.auth.method === 'approle' ? store.auth.mount : 'approle';
      return `AppRole is not enabled at auth/${mount} on ${name}: enable it there, or set auth.mount to where it is.`;
    }
    case 'bad-token':
      return `The token in ${store.auth.method === 'token' ? store.auth.tokenEnv : 'its variable'} is not valid on ${name} (expired, revoked or mistyped).`;
    case 'forbidden':
      return `The console's credentials on ${name} may not ${p.what} ${p.path}: its policy needs ${p.needs}.`;
    case 'no-mount':
      return `Nothing is mounted at ${store.mount}/ on ${name}: check the mount in the secret stores file.`;
    case 'not-kv2':
      return `${store.mount}/ on ${name} is not a KV version 2 engine (it is ${p.found}); the console needs KV v2 for versions and check-and-set.`;
    case 'bad-path':
      return p.detail || `The path was refused: it must lie under “${store.pathPrefix}/” on ${name}.`;
    case 'cas-mismatch':
      return `${store.mount}/${p.path} changed while the console was writing (it is no longer at version ${p.expected}); nothing was overwritten. Write again to add a new version.`;
    case 'unexpected':
      return `${cap(name)} answered HTTP ${p.status}${p.error ? `: ${p.error}` : ''}.`;
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What the policy must grant for delivery under the prefix, for the "forbidden" words. */
export function deliveryPolicyNeeds(store: Pick<SecretStore, 'mount' | 'pathPrefix'>): string {
  return `create and update on ${store.mount}/data/${store.pathPrefix}/* and read on ${store.mount}/metadata/${store.pathPrefix}/*`;
}
