// Several InfluxDB servers and orgs in one console (issue 11), against two real influxd processes
// at once: A with hashed tokens (2.9's default), B with --use-hashed-tokens=false (2.7's
// behaviour), each with two orgs. The console's own modules run as in the server (registry from a
// connections file, scope resolution, kept inventory, mint, token changes), without Next.js.
// Proves each connection and org has its own inventory, nothing crosses from one server or org to
// another, unknown names are refused in words, and a down connection is reported as down.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUser } from '@/lib/auth/session';
import { inventoryQuerySchema } from '@/lib/inventory/query-schema';
import { tokenFormSchema } from '@/lib/permissions/token-form-schema';
import { startInfluxd, type InfluxInstance } from '../../scripts/influxd/harness';
import { createToken, getAuthorization } from '../../scripts/influxd/operator';
import { allOrgsCredential, createOrg } from '../../scripts/influxd/second-org';

type Server = { inst: InfluxInstance; org2: string; cred: { token: string; id: string } };
let A: Server;
let B: Server;
const dir = mkdtempSync(join(tmpdir(), 'itc-connections-'));
const savedEnv = { ...process.env };
const admin: ConsoleUser = { id: 'local:ad', name: 'ad', role: 'admin', provider: 'local' };
const ctx = () => ({ user: admin, requestId: crypto.randomUUID() });
/** Token id per "<connection>/<org name>", made by each server's operator. */
const planted = new Map<string, string>();

async function server(hashedTokens: boolean): Promise<Server> {
  const inst = await startInfluxd({ hashedTokens });
  const { orgID: org2 } = await createOrg(inst, 'org2');
  return { inst, org2, cred: await allOrgsCredential(inst) };
}

// Loaded after the environment names the connections file (the modules read it once).
let registry: typeof import('./registry');
let scopes: typeof import('./resolve-scope');
let overview: typeof import('./overview');
let store: typeof import('@/lib/inventory/store');
let deps: typeof import('@/lib/inventory/console-deps');
let changes: typeof import('@/lib/inventory/token-changes');
let mint: typeof import('@/lib/tokens/mint-token');
let consoleMint: typeof import('@/lib/tokens/console-mint');
let audit: typeof import('@/lib/storage/audit');
let all: typeof import('@/lib/inventory/all-connections');

beforeAll(async () => {
  [A, B] = await Promise.all([server(true), server(false)]);
  const file = join(dir, 'connections.yaml');
  writeFileSync(
    file,
    `default: a
connections:
  - id: a
    label: site-a
    colour: teal
    url: ${A.inst.url}
    tokenEnv: ITC_TEST_A_TOKEN
    tokenId: ${A.cred.id}
    org: acme
  - id: b
    label: site-b
    colour: violet
    url: ${B.inst.url}
    tokenEnv: ITC_TEST_B_TOKEN
    tokenIdEnv: ITC_TEST_B_TOKEN_ID
    org: acme
  - id: gone
    label: decommissioned
    url: http://127.0.0.1:9
    tokenEnv: ITC_TEST_A_TOKEN
    tokenId: 0000000000000000
    org: acme
    timeoutMs: 1000
`,
  );
  Object.assign(process.env, {
    CONSOLE_CONNECTIONS_FILE: file,
    ITC_TEST_A_TOKEN: A.cred.token,
    ITC_TEST_B_TOKEN: B.cred.token,
    ITC_TEST_B_TOKEN_ID: B.cred.id,
    AUTH_SECRET: 'integration-test-auth-secret-0123456789',
    CONSOLE_USERS_FILE: join(dir, 'users.json'),
    CONSOLE_DATA_DIR: join(dir, 'data'),
  });
  for (const k of ['INFLUX_URL', 'INFLUX_TOKEN', 'INFLUX_TOKEN_ID', 'INFLUX_ORG']) delete process.env[k];

  for (const [id, s] of [
    ['a', A],
    ['b', B],
  ] as const) {
    for (const [orgName, orgID] of [
      ['acme', s.inst.orgID],
      ['org2', s.org2],
    ] as const) {
      const t = await createToken(
        { ...s.inst, orgID },
        { description: `planted ${id}/${orgName}`, permissions: [{ action: 'read', resource: { type: 'buckets', orgID } }] },
      );
      planted.set(`${id}/${orgName}`, t.id);
    }
  }

  registry = await import('./registry');
  scopes = await import('./resolve-scope');
  overview = await import('./overview');
  store = await import('@/lib/inventory/store');
  deps = await import('@/lib/inventory/console-deps');
  changes = await import('@/lib/inventory/token-changes');
  mint = await import('@/lib/tokens/mint-token');
  consoleMint = await import('@/lib/tokens/console-mint');
  audit = await import('@/lib/storage/audit');
  all = await import('@/lib/inventory/all-connections');
});

afterAll(async () => {
  await Promise.all([A?.inst.stop(), B?.inst.stop()]);
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
  rmSync(dir, { recursive: true, force: true });
});

async function scope(connection: string, org: string) {
  const r = await scopes.resolveScope({ connection, org });
  if (!r.ok) throw new Error(r.problem.message);
  return r.scope;
}

async function descriptions(connection: string, org: string, refresh = false) {
  const s = await scope(connection, org);
  const snap = await store.inventorySnapshot(s.key, { refresh });
  return snap.value.records.map((r) => r.description).filter((d) => d.startsWith('planted') || d.startsWith('minted'));
}

describe('connections from the file', () => {
  it('resolves connections and orgs by name, and says which one is unknown or down', async () => {
    expect(registry.consoleConnections().defaultId).toBe('a');
    const dflt = await scopes.resolveScope({});
    expect(dflt.ok && [dflt.scope.connection.id, dflt.scope.org.id]).toEqual(['a', A.inst.orgID]);
    expect((await scope('b', 'org2')).org.id).toBe(B.org2);

    const unknown = await scopes.resolveScope({ connection: 'edge' });
    expect(!unknown.ok && unknown.problem).toMatchObject({ kind: 'unknown-connection', message: expect.stringContaining('"edge"') });
    const noOrg = await scopes.resolveScope({ connection: 'b', org: 'org3' });
    expect(!noOrg.ok && noOrg.problem).toMatchObject({ kind: 'unknown-org', message: expect.stringContaining('site-b') });
    const down = await scopes.resolveScope({ connection: 'gone' });
    expect(!down.ok && down.problem).toMatchObject({ kind: 'down', message: expect.stringContaining('decommissioned') });
  });

  it('lists every connection with the orgs its credential sees; the down one as down, the others unaffected', async () => {
    const { defaultId, connections } = await overview.connectionsOverview();
    expect(defaultId).toBe('a');
    expect(connections).toEqual([
      { id: 'a', label: 'site-a', colour: 'teal', down: false, orgs: ['acme', 'org2'], defaultOrg: 'acme' },
      { id: 'b', label: 'site-b', colour: 'violet', down: false, orgs: ['acme', 'org2'], defaultOrg: 'acme' },
      { id: 'gone', label: 'decommissioned', colour: 'gray', down: true, orgs: [] },
    ]);
  });
});

describe('inventory per connection and org', () => {
  it('keeps one list per connection and org, each with only its own tokens', async () => {
    for (const c of ['a', 'b']) for (const o of ['acme', 'org2']) expect(await descriptions(c, o)).toEqual([`planted ${c}/${o}`]);
  });

  it('mints on B/org2 through the console: the token shows there and nowhere else, in the kept list and in InfluxDB', async () => {
    const b2 = await scope('b', 'org2');
    const form = tokenFormSchema.parse({
      formKey: crypto.randomUUID(),
      orgID: b2.org.id,
      description: 'minted on b/org2',
      status: 'active',
      owner: { kind: 'console' },
      grants: [{ type: 'buckets', action: 'read', scope: { kind: 'all' } }],
    });
    const { connection: _c, org: _o, ...plain } = form;
    const result = await mint.mintToken(plain, ctx(), consoleMint.consoleMintDeps('b'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.orgID).toBe(B.org2);

    // The kept lists, straight away (the mint patched B/org2's) ...
    expect(await descriptions('b', 'org2')).toEqual(expect.arrayContaining(['planted b/org2', 'minted on b/org2']));
    for (const [c, o] of [
      ['a', 'acme'],
      ['a', 'org2'],
      ['b', 'acme'],
    ])
      expect(await descriptions(c!, o!)).toEqual([`planted ${c}/${o}`]);
    // ... and InfluxDB itself, read again.
    expect((await descriptions('b', 'org2', true)).sort()).toEqual(['minted on b/org2', 'planted b/org2']);
    expect(await descriptions('a', 'org2', true)).toEqual(['planted a/org2']);
    expect((await getAuthorization(A.inst, result.data.id)).status).toBe(404);

    const row = (await audit.listAudit(20)).find((r) => r.authorizationId === result.data.id && r.action === mint.AUDIT_ACTION);
    expect(row?.detail.connection).toBe('b');
  });

  it('changes a token only through its own connection and org: an id from elsewhere is not found and stays as it was', async () => {
    const b2 = await scope('b', 'org2');
    const onA = planted.get('a/org2')!;
    const onB1 = planted.get('b/acme')!;
    for (const id of [onA, onB1]) {
      const r = await changes.setTokenStatus({ id, status: 'inactive' }, ctx(), deps.consoleInventoryDeps(b2));
      expect(r).toMatchObject({ ok: false, code: 'not-found' });
    }
    expect((await getAuthorization(A.inst, onA)).body.status).toBe('active');
    expect((await getAuthorization({ ...B.inst }, onB1)).body.status).toBe('active');

    const mine = planted.get('b/org2')!;
    const done = await changes.setTokenStatus({ id: mine, status: 'inactive' }, ctx(), deps.consoleInventoryDeps(b2));
    expect(done.ok).toBe(true);
    expect((await getAuthorization(B.inst, mine)).body.status).toBe('inactive');
    const kept = await store.inventorySnapshot(b2.key);
    expect(kept.value.records.find((r) => r.id === mine)?.status).toBe('inactive');
  });

  it('lists every token of every connection and org in the all-connections view, each with where it lives, and the down one as down', async () => {
    const page = await all.allConnectionsPage(inventoryQuerySchema.parse({ q: 'planted', size: 100 }));
    expect(page.rows.map((r) => `${r.where.connection.id}/${r.where.org.name}: ${r.description}`).sort()).toEqual([
      'a/acme: planted a/acme',
      'a/org2: planted a/org2',
      'b/acme: planted b/acme',
      'b/org2: planted b/org2',
    ]);
    expect(page.down.map((d) => d.id)).toEqual(['gone']);
    const one = await all.allConnectionsPage(inventoryQuerySchema.parse({ q: 'planted b/org2' }));
    expect(one.rows.map((r) => [r.where.connection.label, r.where.org.name, r.id])).toEqual([['site-b', 'org2', planted.get('b/org2')]]);
  });

  it('never keeps a token value, also from the server without hashed tokens', async () => {
    for (const c of ['a', 'b']) {
      const snap = await store.inventorySnapshot((await scope(c, 'acme')).key, { refresh: true });
      expect(JSON.stringify(snap.value)).not.toContain(c === 'a' ? A.inst.operatorToken : B.inst.operatorToken);
      expect(JSON.stringify(snap.value)).not.toContain(c === 'a' ? A.cred.token : B.cred.token);
    }
  });
});
