// The KV v2 client and the store check against a real OpenBao (scripts/openbao/harness.ts).
// Run: npx vitest run lib/secret-stores/kv-client.integration.test.ts
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  baoRequest,
  createAppRole,
  createToken,
  enableKvV1,
  seal,
  startOpenBao,
  storePolicy,
  unseal,
  writePolicy,
  type OpenBaoInstance,
} from '../../scripts/openbao/harness';
import { createKvClient, type KvClientDeps } from './kv-client';
import type { SecretStore } from './store-config';
import { checkStore } from './store-check';
import { describeStoreProblem } from './store-problems';

const VALUE = 'canary-influx-token-value-7f3a9c';

let bao: OpenBaoInstance;
let env: Record<string, string>;
let store: SecretStore;

/** fetch that counts the calls per path and remembers the last client token it carried. */
function countingFetch() {
  const calls: string[] = [];
  let lastToken = '';
  const f: typeof fetch = (input, init) => {
    calls.push(new URL(input instanceof Request ? input.url : input.toString()).pathname.replace(/^\/v1\//, ''));
    const token = new Headers(init?.headers).get('X-Vault-Token');
    if (token) lastToken = token;
    return fetch(input, init);
  };
  return { fetch: f, calls, logins: () => calls.filter((c) => c.endsWith('/login')).length, lastToken: () => lastToken };
}

async function readBack(path: string) {
  const r = await baoRequest<{ data: { data: Record<string, string>; metadata: { version: number } } }>(
    bao,
    bao.rootToken,
    'GET',
    `secret/data/${path}`,
  );
  return { data: r.body.data.data, version: r.body.data.metadata.version };
}

beforeAll(async () => {
  bao = await startOpenBao();
  // Exactly the policy lib/secret-stores/README.md documents: no read on the data itself.
  await writePolicy(
    bao,
    'influx-store',
    [
      'path "secret/data/influx/*" { capabilities = ["create", "update"] }',
      'path "secret/metadata/influx/*" { capabilities = ["read"] }',
      'path "auth/token/lookup-accessor" { capabilities = ["update"] }',
    ].join('\n'),
  );
  const role = await createAppRole(bao, 'console', { policies: ['influx-store'] });
  env = { STORE_ROLE_ID: role.roleId, STORE_SECRET_ID: role.secretId };
  store = {
    id: 'lab',
    label: 'Lab OpenBao',
    address: bao.address,
    mount: 'secret',
    pathPrefix: 'influx',
    auth: { method: 'approle', roleIdEnv: 'STORE_ROLE_ID', secretIdEnv: 'STORE_SECRET_ID', mount: 'approle' },
  };
});
afterAll(async () => {
  await bao?.stop();
});

describe('writes with check-and-set', () => {
  it('writes a new path as version 1 and the same path again as version 2', async () => {
    const client = createKvClient(store, { env });
    expect(await client.currentVersion('influx/edge-01')).toEqual({ ok: true, version: 0 });
    expect(await client.write('influx/edge-01', { token: VALUE, url: 'http://influx:8086' })).toEqual({
      ok: true,
      path: 'influx/edge-01',
      version: 1,
    });
    expect(await client.write('secret/influx/edge-01', { token: `${VALUE}-2` })).toEqual({ ok: true, path: 'influx/edge-01', version: 2 });
    expect(await client.currentVersion('influx/edge-01')).toEqual({ ok: true, version: 2 });
    expect(await readBack('influx/edge-01')).toEqual({ data: { token: `${VALUE}-2` }, version: 2 });
  });

  it('refuses a stale version and a "new path" that exists, and overwrites nothing', async () => {
    const client = createKvClient(store, { env });
    expect(await client.write('influx/edge-02', { token: VALUE }, { cas: 0 })).toMatchObject({ ok: true, version: 1 });
    expect(await client.write('influx/edge-02', { token: 'second' }, { cas: 1 })).toMatchObject({ ok: true, version: 2 });
    for (const cas of [0, 1]) {
      const stale = await client.write('influx/edge-02', { token: 'lost' }, { cas });
      expect(stale).toEqual({ ok: false, problem: { code: 'cas-mismatch', path: 'influx/edge-02', expected: cas } });
      if (stale.ok) continue;
      expect(describeStoreProblem(store, stale.problem)).toBe(
        `secret/influx/edge-02 changed while the console was writing (it is no longer at version ${cas}); nothing was overwritten. Write again to add a new version.`,
      );
    }
    expect(await readBack('influx/edge-02')).toEqual({ data: { token: 'second' }, version: 2 });
  });

  it('refuses a path outside the prefix before asking the store', async () => {
    const counter = countingFetch();
    const client = createKvClient(store, { env, fetch: counter.fetch });
    for (const path of ['other/x', 'influx/../other/x', 'influx//x', 'influx-old/x']) {
      const r = await client.write(path, { token: VALUE });
      expect(r, path).toMatchObject({ ok: false, problem: { code: 'bad-path' } });
    }
    expect(counter.calls).toEqual([]);
  });

  it('says clearly when the policy forbids the path, and writes nothing there', async () => {
    await writePolicy(bao, 'narrow', storePolicy('secret', 'influx/only-this'));
    const narrow = await createAppRole(bao, 'narrow', { policies: ['narrow'] });
    const wide = { ...store, pathPrefix: 'influx', auth: { ...store.auth, roleIdEnv: 'N_ROLE', secretIdEnv: 'N_SECRET' } } as SecretStore;
    const client = createKvClient(wide, { env: { N_ROLE: narrow.roleId, N_SECRET: narrow.secretId } });
    const r = await client.write('influx/elsewhere', { token: VALUE }, { cas: 0 });
    expect(r).toMatchObject({ ok: false, problem: { code: 'forbidden' } });
    if (r.ok) return;
    expect(describeStoreProblem(wide, r.problem)).toBe(
      "The console's credentials on the store “Lab OpenBao” may not write to secret/data/influx/elsewhere: its policy needs create and update on secret/data/influx/* and read on secret/metadata/influx/*.",
    );
    expect((await baoRequest(bao, bao.rootToken, 'GET', 'secret/data/influx/elsewhere')).status).toBe(404);
  });
});

describe('AppRole session', () => {
  it('logs in once, again after the token expires, and again when the token was revoked', async () => {
    let clock = Date.now();
    const counter = countingFetch();
    const client = createKvClient(store, { env, fetch: counter.fetch, now: () => clock });
    await client.write('influx/session', { token: VALUE });
    await client.write('influx/session', { token: VALUE });
    expect(counter.logins()).toBe(1);

    clock += 10 * 60 * 1000; // the role's token_ttl
    expect(await client.write('influx/session', { token: VALUE })).toMatchObject({ ok: true, version: 3 });
    expect(counter.logins()).toBe(2);

    const revoke = await baoRequest(bao, bao.rootToken, 'POST', 'auth/token/revoke', { token: counter.lastToken() });
    expect(revoke.status).toBe(204);
    expect(await client.write('influx/session', { token: VALUE })).toMatchObject({ ok: true, version: 4 });
    expect(counter.logins()).toBe(3);
  });
});

describe('response wrapping', () => {
  it('hands out a single-use token: the first unwrap gives the value, the second fails, and lookups say it was used', async () => {
    let clock = Date.now();
    const client = createKvClient(store, { env, now: () => clock });
    const w = await client.wrap({ token: VALUE }, 60);
    if (!w.ok) throw new Error(describeStoreProblem(store, w.problem));
    expect(Date.parse(w.expiresAt) - Date.now()).toBeGreaterThan(50_000);
    expect(await client.lookupWrapping(w.token)).toMatchObject({ ok: true, state: 'waiting' });
    expect(await client.wrapStateByAccessor(w.accessor, w.expiresAt)).toEqual({ ok: true, state: 'waiting', expiresAt: w.expiresAt });

    const first = await baoRequest<{ data: Record<string, string> }>(bao, w.token, 'POST', 'sys/wrapping/unwrap');
    expect(first).toEqual({ status: 200, body: expect.objectContaining({ data: { token: VALUE } }) as unknown });
    const second = await baoRequest<{ errors: string[] }>(bao, w.token, 'POST', 'sys/wrapping/unwrap');
    expect(second.status).toBe(400);
    expect(second.body.errors).toEqual(['wrapping token is not valid or does not exist']);

    expect(await client.lookupWrapping(w.token)).toEqual({ ok: true, state: 'unwrapped' });
    expect(await client.wrapStateByAccessor(w.accessor, w.expiresAt)).toEqual({ ok: true, state: 'unwrapped' });
    clock = Date.parse(w.expiresAt) + 1;
    expect(await client.wrapStateByAccessor(w.accessor, w.expiresAt)).toEqual({ ok: true, state: 'gone' });
  });

  it('says which policy line the accessor lookup needs', async () => {
    const token = await createToken(bao, ['narrow']);
    const tokenStore: SecretStore = { ...store, auth: { method: 'token', tokenEnv: 'T' } };
    const client = createKvClient(tokenStore, { env: { T: token } });
    const w = await client.wrap({ token: VALUE }, 30);
    if (!w.ok) throw new Error(describeStoreProblem(tokenStore, w.problem));
    const r = await client.wrapStateByAccessor(w.accessor, w.expiresAt);
    expect(r).toMatchObject({ ok: false, problem: { code: 'forbidden' } });
    if (!r.ok) expect(describeStoreProblem(tokenStore, r.problem)).toContain('needs update on auth/token/lookup-accessor');
  });
});

describe('store check (Settings)', () => {
  const check = (s: Partial<SecretStore>, deps: Partial<KvClientDeps> = {}) => checkStore({ ...store, ...s }, { env, ...deps });

  it('passes for a store the console may write to', async () => {
    expect(await check({})).toEqual({
      ok: true,
      summary: 'Reachable, unsealed, signed in with AppRole; may write under secret/influx/ (KV v2).',
    });
  });

  it('names a wrong address: nothing listening, or not a Vault API', async () => {
    const server: Server = createServer((_req, res) => res.end('<html>hello</html>'));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    try {
      const html = await check({ address: `http://127.0.0.1:${port}` });
      expect(html).toMatchObject({ ok: false, problem: { code: 'unreachable' } });
      if (!html.ok) expect(html.message).toContain('not with the Vault API');
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
    }
    // A standby node redirects; following would send the console's token wherever it points.
    let tokenSeen = false;
    const redirecting: Server = createServer((req, res) => {
      tokenSeen ||= req.headers['x-vault-token'] !== undefined && req.url !== '/v1/sys/health';
      res.writeHead(307, { Location: `http://127.0.0.1:${port}${req.url}` }).end();
    });
    await new Promise<void>((ok) => redirecting.listen(0, '127.0.0.1', ok));
    const redirectAddress = `http://127.0.0.1:${(redirecting.address() as { port: number }).port}`;
    try {
      const r = await check({ address: redirectAddress, auth: { method: 'token', tokenEnv: 'T' } }, { env: { T: 's.redirect-canary' } });
      expect(r).toMatchObject({
        ok: false,
        problem: { code: 'unreachable', reason: expect.stringContaining('redirected elsewhere (HTTP 307') as unknown },
      });
      const w = await createKvClient(
        { ...store, address: redirectAddress, auth: { method: 'token', tokenEnv: 'T' } },
        { env: { T: 's.redirect-canary' } },
      ).write('influx/x', { token: VALUE });
      expect(w).toMatchObject({
        ok: false,
        problem: { code: 'unreachable', reason: expect.stringContaining('redirected elsewhere') as unknown },
      });
      expect(tokenSeen).toBe(true); // it was sent to the redirecting address, and went no further
    } finally {
      await new Promise<void>((ok) => redirecting.close(() => ok()));
    }

    const closed = await check({ address: `http://127.0.0.1:${port}` });
    expect(closed).toEqual({
      ok: false,
      problem: { code: 'unreachable', reason: 'the connection was refused (nothing listens there)' },
      message: `Could not reach the store “Lab OpenBao” at http://127.0.0.1:${port}: the connection was refused (nothing listens there). Check the address in the secret stores file and that the server runs.`,
    });
  });

  it('names a bad AppRole secret_id, AppRole missing at the mount, a dead token, missing variables', async () => {
    const badSecret = await check({}, { env: { ...env, STORE_SECRET_ID: 'not-a-secret-id' } });
    expect(badSecret).toMatchObject({ ok: false, problem: { code: 'bad-approle' } });
    if (!badSecret.ok) expect(badSecret.message).toContain('check the role_id in STORE_ROLE_ID and the secret_id in STORE_SECRET_ID');
    expect(JSON.stringify(badSecret)).not.toContain('not-a-secret-id');

    const elsewhere = await check({ auth: { ...store.auth, mount: 'approle-ops' } as SecretStore['auth'] });
    expect(elsewhere).toMatchObject({ ok: false, problem: { code: 'approle-not-enabled' } });
    if (!elsewhere.ok) expect(elsewhere.message).toContain('AppRole is not enabled at auth/approle-ops');

    const dead = await check({ auth: { method: 'token', tokenEnv: 'DEAD' } }, { env: { DEAD: 's.not-a-token' } });
    expect(dead).toMatchObject({ ok: false, problem: { code: 'bad-token' } });
    if (!dead.ok) expect(dead.message).toBe('The token in DEAD is not valid on the store “Lab OpenBao” (expired, revoked or mistyped).');

    const unset = await check({}, { env: {} });
    expect(unset).toMatchObject({ ok: false, problem: { code: 'missing-credentials' } });
    if (!unset.ok) expect(unset.message).toContain('STORE_ROLE_ID and STORE_SECRET_ID are not set');
  });

  it('names a mount that is missing or not KV v2', async () => {
    await enableKvV1(bao, 'kv1');
    const root = { auth: { method: 'token' as const, tokenEnv: 'ROOT' } };
    const v1 = await check({ ...root, mount: 'kv1' }, { env: { ROOT: bao.rootToken } });
    expect(v1).toMatchObject({ ok: false, problem: { code: 'not-kv2', found: 'KV version 1' } });
    if (!v1.ok)
      expect(v1.message).toBe(
        'kv1/ on the store “Lab OpenBao” is not a KV version 2 engine (it is KV version 1); the console needs KV v2 for versions and check-and-set.',
      );
    const client = createKvClient({ ...store, ...root, mount: 'kv1' }, { env: { ROOT: bao.rootToken } });
    expect(await client.write('influx/x', { token: VALUE })).toMatchObject({ ok: false, problem: { code: 'not-kv2' } });

    const none = await check({ ...root, mount: 'nothing-here' }, { env: { ROOT: bao.rootToken } });
    expect(none).toMatchObject({ ok: false, problem: { code: 'no-mount' } });
  });

  it('names a prefix the policy does not cover', async () => {
    const r = await check({ pathPrefix: 'other' });
    expect(r).toMatchObject({ ok: false, problem: { code: 'forbidden' } });
    if (!r.ok)
      expect(r.message).toBe(
        "The console's credentials on the store “Lab OpenBao” may not write under secret/other/: its policy needs create and update on secret/data/other/* and read on secret/metadata/other/*.",
      );
  });

  it('names a sealed store, for the check and for a write', async () => {
    await seal(bao);
    try {
      const r = await check({});
      expect(r).toMatchObject({ ok: false, problem: { code: 'sealed' } });
      if (!r.ok)
        expect(r.message).toBe('The store “Lab OpenBao” is sealed: an operator must unseal it before the console can write to it.');
      expect(await createKvClient(store, { env }).write('influx/sealed', { token: VALUE })).toMatchObject({
        ok: false,
        problem: { code: 'sealed' },
      });
    } finally {
      await unseal(bao);
    }
  });
});

describe('values stay out of logs and answers', () => {
  it('logs nothing while writing, wrapping and failing', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    try {
      const client = createKvClient(store, { env });
      const answers = [
        await client.write('influx/quiet', { token: VALUE }),
        await client.write('influx/quiet', { token: VALUE }, { cas: 0 }),
        await client.write('other/quiet', { token: VALUE }),
        await createKvClient({ ...store, address: 'http://127.0.0.1:1' }, { env }).write('influx/quiet', { token: VALUE }),
      ];
      for (const a of answers) expect(JSON.stringify(a)).not.toContain(VALUE);
      for (const s of [...spies, out, err]) expect(s).not.toHaveBeenCalled();
    } finally {
      for (const s of [...spies, out, err]) s.mockRestore();
    }
  });
});
