import 'server-only';
// The console's client for one secret store (Vault API, KV version 2): AppRole or token login,
// check-and-set writes, metadata, response wrapping. Plain fetch: the calls are few and small,
// and a full SDK would add a dependency for no gain. Nothing here logs; values and tokens stay in
// the requests. Every expected failure is a StoreProblem (words in store-problems.ts).
import { resolveSecretPath } from './secret-path';
import { storeCredentials, type SecretStore, type StoreCredentials } from './store-config';
import { deliveryPolicyNeeds, type StoreProblem } from './store-problems';
import { redirectReason, vaultCall, type VaultAnswer, type VaultCall, type VaultUnreachable } from './vault-http';

export type StoreResult<T> = ({ ok: true } & T) | { ok: false; problem: StoreProblem };

export type KvClientDeps = {
  /** Where the credentials' variables are read (process.env in the console). */
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** For tests of token expiry; Date.now otherwise. */
  now?: () => number;
};

export type WrapState =
  /** Still waiting to be unwrapped, until expiresAt. */
  | { state: 'waiting'; expiresAt: string }
  /** Gone before its expiry: unwrapped (or revoked). */
  | { state: 'unwrapped' }
  /** Gone, and past its expiry: unwrapped or expired unused; the store cannot tell which. */
  | { state: 'gone' };

type Session = { token: string; renewAt: number };

const CAS_MISMATCH = /check-and-set parameter did not match/i;
const NO_ROUTE = /no handler for route|unsupported path/i;

export function createKvClient(store: SecretStore, deps: KvClientDeps) {
  const now = deps.now ?? Date.now;
  const transport = { address: store.address, fetch: deps.fetch, timeoutMs: deps.timeoutMs };
  let session: Session | undefined;
  let mountChecked = false;

  const fail = (problem: StoreProblem): { ok: false; problem: StoreProblem } => ({ ok: false, problem });

  /** Maps what every call can meet: no connection, a sealed store, a non-JSON answer. */
  function common(a: VaultAnswer | VaultUnreachable): StoreProblem | undefined {
    if (a.kind === 'unreachable') return { code: 'unreachable', reason: a.reason };
    if (a.status === 503 && a.errors.some((e) => /sealed/i.test(e))) return { code: 'sealed' };
    if (a.status >= 300 && a.status < 400) return { code: 'unreachable', reason: redirectReason(a.status) };
    return undefined;
  }

  function unexpected(a: VaultAnswer): StoreProblem {
    return { code: 'unexpected', status: a.status, error: a.errors[0] ?? '' };
  }

  async function login(creds: StoreCredentials): Promise<StoreResult<{ token: string }>> {
    if (creds.method === 'token') return { ok: true, token: creds.token };
    const a = await vaultCall(transport, {
      method: 'POST',
      path: `auth/${creds.mount}/login`,
      body: { role_id: creds.roleId, secret_id: creds.secretId },
    });
    const p = common(a);
    if (p) return fail(p);
    const answer = a as VaultAnswer;
    if (answer.status === 200) {
      const auth = answer.body.auth as { client_token?: unknown; lease_duration?: unknown } | undefined;
      if (typeof auth?.client_token !== 'string') return fail(unexpected(answer));
      const ttlMs = typeof auth.lease_duration === 'number' ? auth.lease_duration * 1000 : 0;
      // Log in again a little before the token expires (a tenth of its life, at most 30 s), so a
      // request never leaves with a token that dies on the way.
      session = { token: auth.client_token, renewAt: ttlMs > 0 ? now() + ttlMs - Math.min(30_000, ttlMs / 10) : Infinity };
      return { ok: true, token: auth.client_token };
    }
    // Login paths answer without a token only where AppRole is mounted; elsewhere the router
    // refuses (403 "permission denied", 404 with a token). A wrong role_id or secret_id is a 400.
    if (answer.status === 403 || answer.errors.some((e) => NO_ROUTE.test(e))) return fail({ code: 'approle-not-enabled' });
    if (answer.status === 400) return fail({ code: 'bad-approle' });
    return fail(unexpected(answer));
  }

  async function clientToken(): Promise<StoreResult<{ token: string }>> {
    const creds = storeCredentials(store.auth, deps.env);
    if (!creds.ok) return fail({ code: 'missing-credentials', detail: creds.error });
    if (creds.credentials.method === 'approle' && session && now() < session.renewAt) return { ok: true, token: session.token };
    return login(creds.credentials);
  }

  /**
   * One authenticated call. A 403 with a cached AppRole token logs in once more and retries (the
   * token may have been revoked); a 403 that remains is told apart: a dead token, or a policy.
   */
  async function authed(call: Omit<VaultCall, 'token'>): Promise<StoreResult<{ answer: VaultAnswer }>> {
    for (let attempt = 0; ; attempt++) {
      const t = await clientToken();
      if (!t.ok) return t;
      const a = await vaultCall(transport, { ...call, token: t.token });
      const p = common(a);
      if (p) return fail(p);
      const answer = a as VaultAnswer;
      if (answer.status !== 403) return { ok: true, answer };
      if (store.auth.method === 'approle' && attempt === 0) {
        session = undefined;
        continue;
      }
      return { ok: true, answer };
    }
  }

  /** A 403 in words: the token itself is dead, or the policy does not allow this. */
  async function forbidden(what: string, path: string): Promise<StoreProblem> {
    const t = await clientToken();
    if (!t.ok) return t.problem;
    const self = await vaultCall(transport, { method: 'GET', path: 'auth/token/lookup-self', token: t.token });
    const p = common(self);
    if (p) return p;
    if ((self as VaultAnswer).status === 403) return store.auth.method === 'token' ? { code: 'bad-token' } : { code: 'bad-approle' };
    return { code: 'forbidden', what, path, needs: deliveryPolicyNeeds(store) };
  }

  /**
   * What is mounted at the store's mount, asked once per client: a KV v1 mount would take a
   * write to `<mount>/data/...` as a plain key and answer without a version. The preflight is
   * refused (403) both when no mount matches and when the policy covers nothing there; the
   * token's capabilities on the path tell the two apart (a policy gap is left to the caller).
   */
  async function ensureKv2(path: string): Promise<StoreProblem | undefined> {
    if (mountChecked) return undefined;
    const target = `${store.mount}/data/${path}`;
    const r = await authed({ method: 'GET', path: `sys/internal/ui/mounts/${target}` });
    if (!r.ok) return r.problem;
    const { status, body } = r.answer;
    if (status === 200) {
      const data = body.data as { type?: string; options?: { version?: string } | null; path?: string } | undefined;
      const mountPath = typeof data?.path === 'string' ? data.path.replace(/\/$/, '') : store.mount;
      if (mountPath !== store.mount) return { code: 'no-mount' };
      if (data?.type !== 'kv' || (data.options?.version ?? '1') !== '2') {
        return { code: 'not-kv2', found: data?.type === 'kv' ? 'KV version 1' : `a “${data?.type ?? 'unknown'}” engine` };
      }
      mountChecked = true;
      return undefined;
    }
    if (status === 403) {
      const caps = await capabilities([target]);
      if (!caps.ok) return caps.problem;
      if (caps.capabilities[target]?.some((c) => c !== 'deny')) return { code: 'no-mount' };
    }
    return undefined;
  }

  function checkedPath(input: string): StoreResult<{ path: string }> {
    const r = resolveSecretPath(store, input);
    return r.ok ? { ok: true, path: r.path } : fail({ code: 'bad-path', detail: r.error });
  }

  /** The secret's current version at `path`; 0 when nothing was ever written there. */
  async function currentVersion(input: string): Promise<StoreResult<{ version: number }>> {
    const path = checkedPath(input);
    if (!path.ok) return path;
    const mountProblem = await ensureKv2(path.path);
    if (mountProblem) return fail(mountProblem);
    const r = await authed({ method: 'GET', path: `${store.mount}/metadata/${path.path}` });
    if (!r.ok) return r;
    const { status, body, errors } = r.answer;
    if (status === 200) {
      const v = (body.data as { current_version?: unknown } | undefined)?.current_version;
      return typeof v === 'number' ? { ok: true, version: v } : fail(unexpected(r.answer));
    }
    if (status === 404 && errors.some((e) => NO_ROUTE.test(e))) return fail({ code: 'no-mount' });
    if (status === 404) return { ok: true, version: 0 };
    if (status === 403) return fail(await forbidden('read the metadata of', `${store.mount}/metadata/${path.path}`));
    return fail(unexpected(r.answer));
  }

  /**
   * Writes `data` as a new version of the secret at `path` with check-and-set: `cas` is the
   * version the caller saw (0: the path must be new). Without `cas` the current version is read
   * first, so the write adds a version unless someone else wrote in between. Answers the version
   * written.
   */
  async function write(
    input: string,
    data: Record<string, string>,
    opts: { cas?: number } = {},
  ): Promise<StoreResult<{ path: string; version: number }>> {
    const path = checkedPath(input);
    if (!path.ok) return path;
    const mountProblem = await ensureKv2(path.path);
    if (mountProblem) return fail(mountProblem);
    let cas = opts.cas;
    if (cas === undefined) {
      const current = await currentVersion(path.path);
      if (!current.ok) return current;
      cas = current.version;
    }
    const r = await authed({ method: 'POST', path: `${store.mount}/data/${path.path}`, body: { options: { cas }, data } });
    if (!r.ok) return r;
    const { status, body, errors } = r.answer;
    if (status === 200) {
      const version = (body.data as { version?: unknown } | undefined)?.version;
      return typeof version === 'number'
        ? { ok: true, path: path.path, version }
        : fail({ code: 'not-kv2', found: 'an engine that does not version writes' });
    }
    if (status === 204) return fail({ code: 'not-kv2', found: 'KV version 1' });
    if (status === 400 && errors.some((e) => CAS_MISMATCH.test(e))) return fail({ code: 'cas-mismatch', path: path.path, expected: cas });
    if (status === 404 && errors.some((e) => NO_ROUTE.test(e))) return fail({ code: 'no-mount' });
    if (status === 403) return fail(await forbidden('write to', `${store.mount}/data/${path.path}`));
    return fail(unexpected(r.answer));
  }

  /** Puts `data` into a single-use wrapping token that lives `ttlSeconds`. */
  async function wrap(
    data: Record<string, string>,
    ttlSeconds: number,
  ): Promise<StoreResult<{ token: string; accessor: string; expiresAt: string }>> {
    const r = await authed({
      method: 'POST',
      path: 'sys/wrapping/wrap',
      body: data,
      headers: { 'X-Vault-Wrap-TTL': `${Math.round(ttlSeconds)}s` },
    });
    if (!r.ok) return r;
    const info = r.answer.body.wrap_info as
      { token?: unknown; accessor?: unknown; ttl?: unknown; creation_time?: unknown } | null | undefined;
    if (r.answer.status === 200 && typeof info?.token === 'string' && typeof info.accessor === 'string') {
      const created = typeof info.creation_time === 'string' ? Date.parse(info.creation_time) : now();
      const ttl = typeof info.ttl === 'number' ? info.ttl : ttlSeconds;
      return { ok: true, token: info.token, accessor: info.accessor, expiresAt: new Date(created + ttl * 1000).toISOString() };
    }
    if (r.answer.status === 403) return fail(await forbidden('use', 'sys/wrapping/wrap'));
    return fail(unexpected(r.answer));
  }

  /**
   * Whether a wrapping token still waits, by the token itself (sys/wrapping/lookup fails once it
   * was unwrapped, revoked or expired). Whoever holds the token can unwrap it, so the console
   * should keep the accessor instead and ask wrapStateByAccessor.
   */
  async function lookupWrapping(wrappingToken: string): Promise<StoreResult<WrapState>> {
    const r = await authed({ method: 'POST', path: 'sys/wrapping/lookup', body: { token: wrappingToken } });
    if (!r.ok) return r;
    const { status, body, errors } = r.answer;
    if (status === 200) {
      const d = body.data as { creation_time?: unknown; creation_ttl?: unknown } | undefined;
      const created = typeof d?.creation_time === 'string' ? Date.parse(d.creation_time) : NaN;
      const ttl = typeof d?.creation_ttl === 'number' ? d.creation_ttl : NaN;
      return { ok: true, state: 'waiting', expiresAt: Number.isFinite(created + ttl) ? new Date(created + ttl * 1000).toISOString() : '' };
    }
    if (status === 400 && errors.some((e) => /not valid or does not exist/i.test(e))) return { ok: true, state: 'unwrapped' };
    return fail(unexpected(r.answer));
  }

  /**
   * Whether a wrapping token still waits, by its accessor, which cannot unwrap anything and so
   * may be stored. Needs `update` on auth/token/lookup-accessor in the console's policy. Once the
   * token is gone the store cannot say why; before its expiry it can only have been unwrapped
   * (or revoked by an operator).
   */
  async function wrapStateByAccessor(accessor: string, expiresAt: string): Promise<StoreResult<WrapState>> {
    const r = await authed({ method: 'POST', path: 'auth/token/lookup-accessor', body: { accessor } });
    if (!r.ok) return r;
    const { status, errors } = r.answer;
    if (status === 200) return { ok: true, state: 'waiting', expiresAt };
    if (status === 400 && errors.some((e) => /invalid accessor/i.test(e)))
      return { ok: true, state: now() < Date.parse(expiresAt) ? 'unwrapped' : 'gone' };
    if (status === 403)
      return fail({
        code: 'forbidden',
        what: 'look up',
        path: 'auth/token/lookup-accessor',
        needs: 'update on auth/token/lookup-accessor',
      });
    return fail(unexpected(r.answer));
  }

  /** The console's capabilities on `paths` (sys/capabilities-self, allowed by the default policy). */
  async function capabilities(paths: string[]): Promise<StoreResult<{ capabilities: Record<string, string[]> }>> {
    const r = await authed({ method: 'POST', path: 'sys/capabilities-self', body: { paths } });
    if (!r.ok) return r;
    if (r.answer.status === 403) return fail(await forbidden('check its own capabilities on', paths.join(', ')));
    if (r.answer.status !== 200) return fail(unexpected(r.answer));
    const data = (r.answer.body.data ?? r.answer.body) as Record<string, unknown>;
    const capabilities: Record<string, string[]> = {};
    for (const path of paths) {
      const caps = data[path];
      capabilities[path] = Array.isArray(caps) ? caps.filter((c): c is string => typeof c === 'string') : [];
    }
    return { ok: true, capabilities };
  }

  /** Logs in (or checks the configured token) and answers nothing but whether that worked. */
  async function authenticate(): Promise<StoreResult<object>> {
    const t = await clientToken();
    if (!t.ok) return t;
    const self = await vaultCall(transport, { method: 'GET', path: 'auth/token/lookup-self', token: t.token });
    const p = common(self);
    if (p) return fail(p);
    const answer = self as VaultAnswer;
    if (answer.status === 200) return { ok: true };
    if (answer.status === 403) return fail(store.auth.method === 'token' ? { code: 'bad-token' } : { code: 'bad-approle' });
    return fail(unexpected(answer));
  }

  return {
    currentVersion,
    write,
    wrap,
    lookupWrapping,
    wrapStateByAccessor,
    capabilities,
    authenticate,
    /** The KV v2 check alone, for Settings; `path` is any path under the prefix. */
    checkMount: async (path: string): Promise<StoreResult<object>> => {
      const p = await ensureKv2(path);
      return p ? fail(p) : { ok: true };
    },
  };
}

export type KvClient = ReturnType<typeof createKvClient>;
