// The mint flow's server logic against a real influxd 2.9.1 (hashed tokens, the 2.9 default):
// real gateway, real SQLite file, real tokens that are then used against influxd.
// Run: npx vitest run --project integration lib/tokens/mint-token.integration.test.ts
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLimitedToken, queryBucket, startInfluxd, writeLine, type InfluxInstance } from '@/scripts/influxd/harness';
import {
  authorizationsDescribed,
  createBuckets,
  createTelegraf,
  deleteBucket,
  operatorRequest,
  type Bucket,
} from '@/scripts/influxd/operator';
import type { ConsoleUser } from '@/lib/auth/session';
import { createCatalog } from '@/lib/influx/catalog';
import { createGateway } from '@/lib/influx/gateway';
import { tokenFormSchema, type TokenFormInput } from '@/lib/permissions/token-form-schema';
import { DEFAULT_POLICY } from '@/lib/policy/grant-policy';
import { listAudit } from '@/lib/storage/audit';
import type { Sql } from '@/lib/storage/sql';
import { freshTestStorage, testDialect, type TestStorage } from '@/lib/storage/support/open-test-storage';
import { mintDepsFromGateway } from './gateway-mint-deps';
import { mintToken, type MintDeps } from './mint-token';

const creator: ConsoleUser = { id: 'local:cy', name: 'cy', role: 'creator', provider: 'local' };

let inst: InfluxInstance;
let db: Sql;
let store: TestStorage | undefined;
let ids: Map<string, string>;
const minted: string[] = [];

function depsFor(token: string, url = inst.url, timeoutMs = 5000): MintDeps {
  const gw = createGateway({ url, token, timeoutMs });
  return mintDepsFromGateway(gw, createCatalog(gw), db, DEFAULT_POLICY);
}

const form = (over: Partial<TokenFormInput> = {}) =>
  tokenFormSchema.parse({
    formKey: crypto.randomUUID(),
    orgID: inst.orgID,
    description: `it-${crypto.randomUUID().slice(0, 8)}`,
    status: 'active',
    owner: { kind: 'console' },
    grants: [
      { type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id: ids.get('it-a')! }] } },
      { type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: ids.get('it-b')! }] } },
    ],
    ...over,
  });
const ctx = () => ({ user: creator, requestId: crypto.randomUUID() });

beforeAll(async () => {
  inst = await startInfluxd({ hashedTokens: true });
  ids = await createBuckets(inst, ['it-a', 'it-b', 'it-c']);
  store = await freshTestStorage();
  db = store.sql;
});
afterAll(async () => {
  await store?.dispose();
  await inst?.stop();
});

describe('minting against a real influxd', () => {
  it('mints read A + write B: exactly that body reaches influxd, and influxd enforces it', async () => {
    const f = form();
    const r = await mintToken(f, ctx(), depsFor(inst.consoleToken));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    minted.push(r.data.token);
    expect(r.data).toMatchObject({ orgName: 'acme', ownerName: 'token-console', permissionCount: 2, description: f.description });

    const [stored] = await authorizationsDescribed(inst, f.description);
    expect(stored!.userID).toBe(inst.consoleUserID);
    expect(
      stored!.permissions.map((p) => ({
        action: p.action,
        resource: { type: p.resource.type, id: p.resource.id, orgID: p.resource.orgID },
      })),
    ).toEqual([
      { action: 'read', resource: { type: 'buckets', id: ids.get('it-a'), orgID: inst.orgID } },
      { action: 'write', resource: { type: 'buckets', id: ids.get('it-b'), orgID: inst.orgID } },
    ]);

    const t = r.data.token;
    expect(await writeLine(inst, t, 'it-b', 'm v=1')).toBe(204);
    expect(await queryBucket(inst, t, 'it-a')).toBe(200);
    expect(await writeLine(inst, t, 'it-a', 'm v=1')).not.toBe(204);
    expect(await writeLine(inst, t, 'it-c', 'm v=1')).not.toBe(204);
    expect(await queryBucket(inst, t, 'it-c')).not.toBe(200);
  });

  it('refuses an id that does not exist, or that is in another org, with nothing created', async () => {
    const other = (await operatorRequest<{ id: string }>(inst, 'POST', '/api/v2/orgs', { name: 'other-org' })).body;
    const foreign = (
      await operatorRequest<Bucket>(inst, 'POST', '/api/v2/buckets', { orgID: other.id, name: 'foreign', retentionRules: [] })
    ).body;
    for (const [id, why] of [
      ['0000000000000001', /deleted, or never existed/],
      [foreign.id, /another organisation/],
    ] as const) {
      const f = form({ grants: [{ type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id, name: 'it-a' }] } }] });
      const r = await mintToken(f, ctx(), depsFor(inst.consoleToken));
      expect(r).toMatchObject({ ok: false, code: 'not-found' });
      if (!r.ok) expect(r.formError).toMatch(why);
      expect(await authorizationsDescribed(inst, f.description)).toHaveLength(0);
    }
  });

  it('telegraf items are checked against the org’s Telegraf configurations', async () => {
    const tg = await createTelegraf(inst, 'edge-agent');
    const f = form({ grants: [{ type: 'telegrafs', action: 'read', scope: { kind: 'items', items: [{ id: tg.id, name: 'forged' }] } }] });
    const r = await mintToken(f, ctx(), depsFor(inst.consoleToken));
    expect(r.ok).toBe(true);
    const [stored] = await authorizationsDescribed(inst, f.description);
    expect(stored!.permissions).toEqual([
      expect.objectContaining({ action: 'read', resource: expect.objectContaining({ type: 'telegrafs', id: tg.id, orgID: inst.orgID }) }),
    ]);
    const bad = await mintToken(
      form({ grants: [{ type: 'telegrafs', action: 'read', scope: { kind: 'items', items: [{ id: '0000000000000007' }] } }] }),
      ctx(),
      depsFor(inst.consoleToken),
    );
    expect(bad).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('ten concurrent submits of one form mint exactly one token (counted in influxd)', async () => {
    const f = form();
    const deps = depsFor(inst.consoleToken);
    const results = await Promise.all(Array.from({ length: 10 }, () => mintToken(f, ctx(), deps)));
    const ok = results.filter((r) => r.ok);
    expect(ok).toHaveLength(1);
    if (ok[0]?.ok) minted.push(ok[0].data.token);
    expect(results.filter((r) => !r.ok && r.code === 'conflict')).toHaveLength(9);
    expect(await authorizationsDescribed(inst, f.description)).toHaveLength(1);
  });

  it('403: a credential that lacks a permission it is asked to grant is named, with words', async () => {
    const limited = await createLimitedToken(inst, [
      { action: 'write', resource: { type: 'authorizations', orgID: inst.orgID } },
      { action: 'read', resource: { type: 'users', id: inst.consoleUserID } },
      { action: 'write', resource: { type: 'users', id: inst.consoleUserID } },
      { action: 'read', resource: { type: 'orgs', id: inst.orgID } },
      { action: 'read', resource: { type: 'buckets', orgID: inst.orgID } },
    ]);
    const f = form();
    const r = await mintToken(f, ctx(), depsFor(limited));
    expect(r).toMatchObject({ ok: false, code: 'upstream' });
    if (r.ok) return;
    expect(r.formError).toContain(`cannot grant write:orgs/${inst.orgID}/buckets/${ids.get('it-b')} (Write to bucket it-b)`);
    expect(await authorizationsDescribed(inst, f.description)).toHaveLength(0);
    expect((await listAudit(1, db))[0]).toMatchObject({ outcome: 'failure', detail: { kind: 'forbidden', status: 403 } });
  });

  it('401: a credential without write on authorizations is told exactly that', async () => {
    const limited = await createLimitedToken(inst, [
      { action: 'read', resource: { type: 'users', id: inst.consoleUserID } },
      { action: 'write', resource: { type: 'users', id: inst.consoleUserID } },
      { action: 'read', resource: { type: 'orgs', id: inst.orgID } },
      { action: 'read', resource: { type: 'buckets', orgID: inst.orgID } },
    ]);
    const r = await mintToken(form(), ctx(), depsFor(limited));
    expect(r).toMatchObject({ ok: false, code: 'upstream' });
    if (!r.ok) expect(r.formError).toContain(`lacks write:orgs/${inst.orgID}/authorizations`);
  });

  it('timeout: says the outcome is unknown, finds the orphan influxd did create, and never sends the form again', async () => {
    // A fake in front of the real influxd, for a fault the real server cannot be made to produce:
    // it forwards everything, but holds the answer to POST /api/v2/authorizations for 3 s, longer
    // than the console's 1 s timeout. influxd really creates the token; its value is lost.
    const proxy = await delayingProxy(inst.url, 3000);
    try {
      const f = form();
      const deps = depsFor(inst.consoleToken, proxy.url, 1000);
      const r = await mintToken(f, ctx(), deps);
      expect(r).toMatchObject({ ok: false, code: 'outcome-unknown' });
      const [orphan] = await authorizationsDescribed(inst, f.description);
      expect(orphan).toBeDefined();
      if (!r.ok) expect(r.formError).toContain(`did create the token (id ${orphan!.id})`);
      expect((await listAudit(1, db))[0]).toMatchObject({ outcome: 'unknown', authorizationId: orphan!.id });
      const again = await mintToken(f, ctx(), deps);
      expect(again).toMatchObject({ ok: false, code: 'conflict' });
      expect(await authorizationsDescribed(inst, f.description)).toHaveLength(1);
      expect(proxy.creates()).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it('keeps every token value out of the audit trail and the database file', async () => {
    expect(minted.length).toBeGreaterThanOrEqual(2);
    if (testDialect === 'sqlite') {
      await db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      const bytes = readFileSync(store!.location).toString('latin1');
      for (const t of minted) expect(bytes).not.toContain(t);
    }
    expect(JSON.stringify(await listAudit(1000, db))).not.toMatch(/[A-Za-z0-9_-]{80,}={0,2}/);
  });
});

describe('bucket ids answered from the kept list', () => {
  // The console's wiring (mintDepsFromGateway + createCatalog) with the catalog's clock in the
  // test's hands, and every upstream bucket lookup counted.
  function keptDeps(clock: { t: number }) {
    const gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
    const catalog = createCatalog(gw, { defaultOrg: async () => ({ id: inst.orgID, name: inst.org }), now: () => clock.t });
    const asked: string[] = [];
    const deps = mintDepsFromGateway(gw, catalog, db, DEFAULT_POLICY);
    return {
      catalog,
      asked,
      deps: { ...deps, getBucket: (id: string) => (asked.push(id), deps.getBucket(id)) },
    };
  }
  const readOn = (id: string, name?: string) =>
    form({ grants: [{ type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id, ...(name ? { name } : {}) }] } }] });

  it('mints on known ids without asking InfluxDB, and still refuses an id that does not exist', async () => {
    const clock = { t: 1_000_000 };
    const { catalog, asked, deps } = keptDeps(clock);
    await catalog.buckets.search(inst.orgID, ''); // the list the builder's picker loads
    const ok = await mintToken(form(), ctx(), deps);
    expect(ok.ok).toBe(true);
    expect(asked).toEqual([]);
    if (ok.ok) {
      minted.push(ok.data.token);
      expect(await writeLine(inst, ok.data.token, 'it-b', 'm v=1')).toBe(204);
    }

    const f = readOn('00000000000000ff', 'it-a');
    const r = await mintToken(f, ctx(), deps);
    expect(r).toMatchObject({ ok: false, code: 'not-found' });
    if (!r.ok) expect(r.formError).toMatch(/deleted, or never existed/);
    expect(asked).toEqual(['00000000000000ff']);
    expect(await authorizationsDescribed(inst, f.description)).toHaveLength(0);
  });

  it('a bucket deleted upstream is refused once the kept list is past its bound (30 s)', async () => {
    const gone = (await createBuckets(inst, ['it-gone'])).get('it-gone')!;
    const clock = { t: 1_000_000 };
    const { catalog, asked, deps } = keptDeps(clock);
    await catalog.buckets.search(inst.orgID, '');
    expect(await deleteBucket(inst, gone)).toBe(204);

    // Within the bound the kept list still answers for it: the documented window (resolve-items.ts).
    clock.t += 29_000;
    const within = readOn(gone);
    const r1 = await mintToken(within, ctx(), deps);
    expect(r1.ok).toBe(true);
    expect(asked).toEqual([]);

    // Past it, InfluxDB is asked, says no, and nothing is created.
    clock.t += 2_000;
    const after = readOn(gone);
    const r2 = await mintToken(after, ctx(), deps);
    expect(r2).toMatchObject({ ok: false, code: 'not-found' });
    expect(asked).toEqual([gone]);
    expect(await authorizationsDescribed(inst, after.description)).toHaveLength(0);
  });
});

describe('the org answered from the kept lookup', () => {
  // The console's wiring with the catalog's clock in the test's hands, and every org lookup the
  // real gateway makes counted.
  function countedDeps(token: string, clock: { t: number }) {
    const gw = createGateway({ url: inst.url, token, timeoutMs: 5000 });
    const asked: string[] = [];
    const counted = { ...gw, findOrg: (nameOrId: string) => (asked.push(nameOrId), gw.findOrg(nameOrId)) };
    const catalog = createCatalog(counted, { defaultOrg: async () => ({ id: inst.orgID, name: inst.org }), now: () => clock.t });
    return { gw, asked, catalog, deps: mintDepsFromGateway(counted, catalog, db, DEFAULT_POLICY) };
  }

  it('a credential that sees its org only by id asks InfluxDB for it once per 30 s, not once per mint', async () => {
    const clock = { t: 1_000_000 };
    const { gw, asked, catalog, deps } = countedDeps(inst.consoleToken, clock);
    // The premise: read on the org by id does not show it in the org list.
    expect((await gw.listOrgs()).map((o) => o.id)).not.toContain(inst.orgID);

    for (let i = 0; i < 3; i++) {
      const r = await mintToken(form(), ctx(), deps);
      expect(r.ok).toBe(true);
      if (r.ok) minted.push(r.data.token);
    }
    expect(asked).toEqual([inst.orgID]);

    clock.t += 31_000;
    expect((await mintToken(form(), ctx(), deps)).ok).toBe(true);
    expect(asked).toEqual([inst.orgID, inst.orgID]);

    // An org not found is never kept: asked each time, and refused each time.
    const missing = '00000000000000aa';
    expect(await catalog.findOrg(missing)).toBeUndefined();
    expect(await catalog.findOrg(missing)).toBeUndefined();
    expect(asked.filter((id) => id === missing)).toHaveLength(2);
  });

  it('an org deleted within the bound is still seen, and InfluxDB refuses the create: nothing is minted', async () => {
    const created = await operatorRequest<{ id: string }>(inst, 'POST', '/api/v2/orgs', {
      name: `it-doomed-${crypto.randomUUID().slice(0, 8)}`,
    });
    expect(created.status).toBe(201);
    const doomed = created.body.id;
    const clock = { t: 1_000_000 };
    const { deps } = countedDeps(inst.operatorToken, clock);
    expect(await deps.findOrg(doomed)).toMatchObject({ id: doomed });
    expect((await operatorRequest(inst, 'DELETE', `/api/v2/orgs/${doomed}`)).status).toBe(204);

    clock.t += 29_000;
    const f = form({ orgID: doomed, grants: [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }] });
    const r = await mintToken(f, ctx(), deps);
    expect(r).toMatchObject({ ok: false });
    expect(await authorizationsDescribed(inst, f.description)).toHaveLength(0);
  });
});

describe('bucket index against a real influxd', () => {
  it('pages the whole list with `after` and searches it', async () => {
    const names = Array.from({ length: 250 }, (_, i) => `idx-${String(i).padStart(3, '0')}`);
    await createBuckets(inst, names);
    const gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
    const catalog = createCatalog(gw);
    const all = await catalog.buckets.search(inst.orgID, '', 100);
    // 250 + telemetry + it-a/b/c + the system buckets _monitoring and _tasks
    expect(all.scanned).toBe(250 + 4 + 2);
    const hit = await catalog.buckets.search(inst.orgID, 'IDX-24', 20);
    expect(hit.items.map((b) => b.name)).toEqual(Array.from({ length: 10 }, (_, i) => `idx-24${i}`));
    const sys = await catalog.buckets.search(inst.orgID, '_tasks', 5);
    expect(sys.items).toEqual([{ id: expect.stringMatching(/^[0-9a-f]{16}$/), name: '_tasks', system: true }]);
  });
});

async function delayingProxy(target: string, delayMs: number): Promise<{ url: string; creates(): number; close(): Promise<void> }> {
  let creates = 0;
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const upstream = await fetch(target + req.url, {
      method: req.method,
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'connection' && k !== 'content-length'),
      ) as Record<string, string>,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    if (req.method === 'POST' && req.url?.startsWith('/api/v2/authorizations')) {
      creates++;
      await new Promise((r) => setTimeout(r, delayMs));
    }
    if (res.destroyed) return;
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(body);
  };
  const server: Server = createServer((req, res) => void forward(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    creates: () => creates,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
