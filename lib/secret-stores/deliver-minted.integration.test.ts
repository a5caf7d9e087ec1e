// Minting into a secret store end to end below the pages: a real influxd mints, a real OpenBao
// stores (KV v2, response wrapping), a real SQLite file keeps the audit trail and the deliveries.
// The token read back from the store with a reader's policy-limited token must work in InfluxDB,
// and no stored row may hold the value.
// Run: npx vitest run --project integration lib/secret-stores/deliver-minted.integration.test.ts
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baoRequest,
  createAppRole,
  createToken,
  seal,
  startOpenBao,
  unseal,
  writePolicy,
  type OpenBaoInstance,
} from '@/scripts/openbao/harness';
import { startInfluxd, writeLine, type InfluxInstance } from '@/scripts/influxd/harness';
import { authorizationsDescribed, createBuckets, getAuthorization } from '@/scripts/influxd/operator';
import type { ConsoleUser } from '@/lib/auth/session';
import { createCatalog } from '@/lib/influx/catalog';
import { createGateway } from '@/lib/influx/gateway';
import { tokenFormSchema } from '@/lib/permissions/token-form-schema';
import { DEFAULT_POLICY } from '@/lib/policy/grant-policy';
import { listAudit, recordAudit } from '@/lib/storage/audit';
import { scheduleDeactivation } from '@/lib/storage/scheduled-deactivations';
import { deliveriesOf, recordDelivery } from '@/lib/storage/secret-deliveries';
import { claimRotation, dueRotations, failRotation, finishRotation, getRotation, upsertRotation } from '@/lib/storage/secret-rotations';
import { runDueDeactivations } from '@/lib/scheduler/run-due-deactivations';
import type { Sql } from '@/lib/storage/sql';
import { freshTestStorage, type TestStorage } from '@/lib/storage/support/open-test-storage';
import { mintDepsFromGateway } from '@/lib/tokens/gateway-mint-deps';
import { mintToken } from '@/lib/tokens/mint-token';
import { deleteHeldToken, deliverMinted, retryDelivery, showHeldValue, type DeliverDeps } from './deliver-minted';
import { checkDeliveryTarget, deliveryRequestSchema, type DeliveryRequestInput } from './delivery-request';
import { createKvClient } from './kv-client';
import { rotateDelivery, type RotateDeps } from './rotate-delivery';
import type { SecretStore } from './store-config';

const creator: ConsoleUser = { id: 'local:cy', name: 'cy', role: 'creator', provider: 'local' };

let inst: InfluxInstance;
let bao: OpenBaoInstance;
let storageOfTest: TestStorage | undefined;
let sql: Sql;
let bucketID: string;
let store: SecretStore;
let env: Record<string, string>;
const values: string[] = [];

const ctx = () => ({ user: creator, requestId: crypto.randomUUID() });

function deps(c: { requestId: string }): DeliverDeps {
  const gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
  return {
    client: createKvClient(store, { env }),
    record: (d) => recordDelivery(d, sql),
    audit: (e) => recordAudit({ requestId: c.requestId, actor: creator, ...e }, sql),
    deleteToken: (id) => gw.deleteAuthorization(id),
  };
}

async function mint() {
  const gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
  const form = tokenFormSchema.parse({
    formKey: crypto.randomUUID(),
    orgID: inst.orgID,
    description: `deliver-${crypto.randomUUID().slice(0, 8)}`,
    status: 'active',
    owner: { kind: 'console' },
    grants: [{ type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: bucketID }] } }],
  });
  const r = await mintToken(form, ctx(), mintDepsFromGateway(gw, createCatalog(gw), sql, DEFAULT_POLICY));
  if (!r.ok) throw new Error(r.formError);
  values.push(r.data.token);
  return r.data;
}

function request(input: DeliveryRequestInput) {
  const request = deliveryRequestSchema.parse(input);
  const target = checkDeliveryTarget(request, [store]);
  if (!target.ok) throw new Error(JSON.stringify(target.fieldErrors));
  return { store, request, path: target.path, connectionID: 'default', influxUrl: inst.url };
}

/** A reader's token: read on exactly one secret, as an app would hold. */
async function readAsApp(path: string) {
  await writePolicy(bao, `reader-${path.replace(/\//g, '-')}`, `path "secret/data/${path}" { capabilities = ["read"] }`);
  const reader = await createToken(bao, [`reader-${path.replace(/\//g, '-')}`]);
  return baoRequest<{ data: { data: Record<string, string>; metadata: { version: number } } }>(bao, reader, 'GET', `secret/data/${path}`);
}

beforeAll(async () => {
  [inst, bao] = await Promise.all([startInfluxd({ hashedTokens: true }), startOpenBao()]);
  bucketID = (await createBuckets(inst, ['delivered'])).get('delivered')!;
  storageOfTest = await freshTestStorage();
  sql = storageOfTest.sql;
  // The console's policy as lib/secret-stores/README.md documents it: it may write, never read.
  await writePolicy(
    bao,
    'console-store',
    [
      'path "secret/data/influx/*" { capabilities = ["create", "update"] }',
      'path "secret/metadata/influx/*" { capabilities = ["read"] }',
      'path "auth/token/lookup-accessor" { capabilities = ["update"] }',
    ].join('\n'),
  );
  const role = await createAppRole(bao, 'console', { policies: ['console-store'] });
  env = { STORE_ROLE_ID: role.roleId, STORE_SECRET_ID: role.secretId };
  store = {
    id: 'lab',
    label: 'Lab OpenBao',
    address: bao.address,
    mount: 'secret',
    pathPrefix: 'influx',
    auth: { method: 'approle', roleIdEnv: 'STORE_ROLE_ID', secretIdEnv: 'STORE_SECRET_ID', mount: 'approle' },
  };
}, 180_000);
afterAll(async () => {
  await storageOfTest?.dispose();
  await Promise.all([inst?.stop(), bao?.stop()]);
});

describe('delivering a new token to a KV v2 path', () => {
  it('lands at the path with the URL and org beside it; a reader with a policy-limited token writes to InfluxDB with it', async () => {
    const minted = await mint();
    const c = ctx();
    const r = await deliverMinted(minted, request({ kind: 'kv', storeId: 'lab', path: 'influx/edge-01', withUrlAndOrg: true }), c, deps(c));
    expect(r).toMatchObject({ ok: true, data: { kind: 'kv', where: 'secret/influx/edge-01', version: 1 } });
    expect(JSON.stringify(r)).not.toContain(minted.token);

    const read = await readAsApp('influx/edge-01');
    expect(read.status).toBe(200);
    expect(read.body.data.data).toEqual({ token: minted.token, url: inst.url, org_id: inst.orgID });
    expect(await writeLine(inst, read.body.data.data.token!, 'delivered', 'm v=1')).toBe(204);

    const [row] = await deliveriesOf(minted.id, sql);
    expect(row).toMatchObject({
      storeID: 'lab',
      kind: 'kv',
      path: 'influx/edge-01',
      version: 1,
      keyName: 'token',
      authorizationID: minted.id,
    });
  });

  it('writes a second token to the same path as version 2 (check-and-set on the version it read)', async () => {
    const minted = await mint();
    const c = ctx();
    const r = await deliverMinted(minted, request({ kind: 'kv', storeId: 'lab', path: 'influx/edge-01', key: 'influx_token' }), c, deps(c));
    expect(r).toMatchObject({ ok: true, data: { version: 2 } });
    const read = await readAsApp('influx/edge-01');
    expect(read.body.data.metadata.version).toBe(2);
    expect(read.body.data.data).toEqual({ influx_token: minted.token });
  });

  it('refuses a path outside the prefix, with `..` or an empty segment, and an unknown store, in words, before anything is made', () => {
    const check = (input: DeliveryRequestInput) => checkDeliveryTarget(deliveryRequestSchema.parse(input), [store]);
    expect(check({ kind: 'kv', storeId: 'lab', path: 'other/edge-01' })).toEqual({
      ok: false,
      fieldErrors: { 'delivery.path': ['The path must be under “influx/”, e.g. influx/edge-01; this store allows nothing else.'] },
    });
    expect(check({ kind: 'kv', storeId: 'lab', path: 'influx/../other' })).toEqual({
      ok: false,
      fieldErrors: { 'delivery.path': ['The path must not contain “..” as a segment.'] },
    });
    expect(check({ kind: 'kv', storeId: 'lab', path: 'influx//x' })).toEqual({
      ok: false,
      fieldErrors: { 'delivery.path': ['The path has an empty segment (“//”).'] },
    });
    expect(check({ kind: 'kv', storeId: 'vault', path: 'influx/x' })).toEqual({
      ok: false,
      fieldErrors: { 'delivery.storeId': ['There is no secret store “vault” on this console; choose one of Lab OpenBao.'] },
    });
    expect(deliveryRequestSchema.safeParse({ kind: 'kv', storeId: 'lab', path: 'influx/x', key: 'not a key' }).success).toBe(false);
  });
});

describe('a store that is down after the token was created', () => {
  it('says exactly that and offers write again, show once, delete; writing again after it is back lands the token', async () => {
    const minted = await mint();
    const c = ctx();
    await seal(bao);
    let r;
    try {
      r = await deliverMinted(minted, request({ kind: 'kv', storeId: 'lab', path: 'influx/edge-02' }), c, deps(c));
    } finally {
      await unseal(bao);
    }
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.formError).toBe(`The token “${minted.description}” was created in InfluxDB, but it was not written to “Lab OpenBao”.`);
    expect(r.partial).toMatchObject({
      operationId: c.requestId,
      summary: { id: minted.id },
      outcome: {
        kind: 'half-done',
        problem: 'The store “Lab OpenBao” is sealed: an operator must unseal it before the console can write to it.',
      },
    });
    const partial = r.partial as { outcome: { offers: { choice: string; suggested: boolean }[] } };
    expect(partial.outcome.offers.map((o) => [o.choice, o.suggested])).toEqual([
      ['retry-write', true],
      ['show-once', false],
      ['delete-token', false],
    ]);
    expect(JSON.stringify(r)).not.toContain(minted.token);

    // Another person cannot use the held value.
    const other = { user: { ...creator, id: 'local:other' }, requestId: crypto.randomUUID() };
    expect(await retryDelivery(c.requestId, other, deps(other))).toMatchObject({ ok: false, code: 'not-found' });

    const again = await retryDelivery(c.requestId, c, deps(c));
    expect(again).toMatchObject({ ok: true, data: { kind: 'kv', where: 'secret/influx/edge-02', version: 1 } });
    const read = await readAsApp('influx/edge-02');
    expect(read.body.data.data.token).toBe(minted.token);
    // Settled: the console holds nothing any more.
    expect(await showHeldValue(c.requestId, c, deps(c))).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('"show the value once" gives it once; "delete the token" then removes it from InfluxDB', async () => {
    const minted = await mint();
    const c = ctx();
    const downStore = { ...store, address: 'http://127.0.0.1:9' };
    const down: DeliverDeps = { ...deps(c), client: createKvClient(downStore, { env, timeoutMs: 2000 }) };
    const r = await deliverMinted(
      minted,
      { ...request({ kind: 'kv', storeId: 'lab', path: 'influx/edge-03' }), store: downStore },
      c,
      down,
    );
    expect(r).toMatchObject({ ok: false, partial: { outcome: { kind: 'half-done' } } });
    if (r.ok) return;
    expect((r.partial as { outcome: { problem: string } }).outcome.problem).toMatch(
      /^Could not reach the store “Lab OpenBao” at http:\/\/127\.0\.0\.1:9/,
    );

    const shown = await showHeldValue(c.requestId, c, down);
    expect(shown).toMatchObject({ ok: true, data: { id: minted.id, token: minted.token } });
    expect(await showHeldValue(c.requestId, c, down)).toMatchObject({ ok: false, code: 'not-found' });

    expect(await deleteHeldToken(c.requestId, c, down)).toEqual({ ok: true, data: { id: minted.id, description: minted.description } });
    expect(await writeLine(inst, minted.token, 'delivered', 'm v=1')).toBe(401);
  });
});

describe('wrap for someone else', () => {
  it('gives a single-use wrapping token: the first unwrap gets the value, the second fails, and the store then says unwrapped', async () => {
    const minted = await mint();
    const c = ctx();
    const r = await deliverMinted(minted, request({ kind: 'wrap', storeId: 'lab', ttlSeconds: 120 }), c, deps(c));
    expect(r.ok).toBe(true);
    if (!r.ok || r.data.kind !== 'wrap') return;
    const [row] = await deliveriesOf(minted.id, sql);
    expect(row).toMatchObject({ kind: 'wrap', path: null, version: null, unwrapped: null });
    expect(row!.wrapAccessor).toMatch(/\S/);
    expect(row!.wrapAccessor).not.toBe(r.data.wrappingToken);

    const first = await baoRequest<{ data: Record<string, string> }>(bao, r.data.wrappingToken, 'POST', 'sys/wrapping/unwrap');
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({ token: minted.token });
    const second = await baoRequest(bao, r.data.wrappingToken, 'POST', 'sys/wrapping/unwrap');
    expect(second.status).toBe(400);
    const state = await createKvClient(store, { env }).wrapStateByAccessor(row!.wrapAccessor!, row!.wrapExpiresAt!);
    expect(state).toEqual({ ok: true, state: 'unwrapped' });
  });
});

describe('rotation of a delivered path (seconds, as a test configuration)', () => {
  const SYSTEM = { id: 'system:scheduler', name: 'scheduler', role: 'system' as const };
  function rotateDeps(now: () => number): RotateDeps {
    const gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
    return {
      gateway: gw,
      client: createKvClient(store, { env }),
      store,
      influxUrl: inst.url,
      claim: (id, n) => claimRotation(id, n, 60_000, sql),
      finish: (id, s, n) => finishRotation(id, s, n, sql),
      fail: (id, p, n) => failRotation(id, p, n, sql),
      record: (d) => recordDelivery(d, sql),
      schedule: async (s) =>
        (
          await scheduleDeactivation(
            {
              kind: 'replace',
              connectionID: 'default',
              orgID: s.orgID,
              authorizationID: s.originalID,
              replacementID: s.replacementID,
              description: s.description,
              dueAt: s.dueAt,
              requestedBy: SYSTEM,
              requestID: 'rotation-test',
            },
            sql,
          )
        ).id,
      audit: (e) => recordAudit({ requestId: 'rotation-test', ...e }, sql),
      now,
    };
  }
  /** Delivers a new token to `path` and keeps it rotating every second, with a 2 s grace period. */
  async function deliveredAndRotating(path: string, t0: number) {
    const minted = await mint();
    const c = ctx();
    const r = await deliverMinted(minted, request({ kind: 'kv', storeId: 'lab', path }), c, {
      ...deps(c),
      keepRotating: (row) => upsertRotation({ ...row, everySeconds: 1, graceSeconds: 2 }, t0, sql),
    });
    expect(r.ok).toBe(true);
    return minted;
  }

  it('when due: a successor as a new version that works, the old token active through the grace period, then inactive', async () => {
    const t0 = Date.now();
    const old = await deliveredAndRotating('influx/rot-01', t0);
    expect((await dueRotations(t0 + 999, sql)).map((r) => r.path)).not.toContain('influx/rot-01');
    const [row] = (await dueRotations(t0 + 1000, sql)).filter((r) => r.path === 'influx/rot-01');
    expect(row).toMatchObject({ authorizationID: old.id, everySeconds: 1, graceSeconds: 2, state: 'idle' });

    const r = await rotateDelivery(
      row!,
      SYSTEM,
      rotateDeps(() => t0 + 1000),
    );
    expect(r).toMatchObject({ ok: true, version: 2 });
    if (!r.ok) return;
    const read = await readAsApp('influx/rot-01');
    expect(read.body.data.metadata.version).toBe(2);
    const successor = read.body.data.data.token!;
    values.push(successor);
    expect(successor).not.toBe(old.token);
    expect(await writeLine(inst, successor, 'delivered', 'm v=10')).toBe(204);
    // Same permissions and owner as the old token.
    const [a, b] = await Promise.all([getAuthorization(inst, old.id), getAuthorization(inst, r.successorID)]);
    expect(b.body.userID).toBe(a.body.userID);
    expect(b.body.permissions).toEqual(a.body.permissions);
    expect(b.body.description).toBe(`${old.description} (rotated)`);
    // Grace period: the old token still works, and the path rotates again one period on.
    expect(await writeLine(inst, old.token, 'delivered', 'm v=11')).toBe(204);
    expect(await getRotation(row!.id, sql)).toMatchObject({ authorizationID: r.successorID, nextDueAt: t0 + 2000, state: 'idle' });

    const gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
    const early = await runDueDeactivations({ sql, gateway: gw, worker: 'w1', influxTimeoutMs: 5000, now: () => t0 + 2999 });
    expect(early.deactivated).toBe(0);
    const pass = await runDueDeactivations({ sql, gateway: gw, worker: 'w1', influxTimeoutMs: 5000, now: () => t0 + 3000 });
    expect(pass.deactivated).toBe(1);
    expect((await getAuthorization(inst, old.id)).body.status).toBe('inactive');
    expect(await writeLine(inst, old.token, 'delivered', 'm v=12')).not.toBe(204);
    expect(await writeLine(inst, successor, 'delivered', 'm v=13')).toBe(204);

    const steps = (await listAudit(1000, sql))
      .filter((e) => e.action === 'token.rotate' && e.requestId === 'rotation-test' && e.outcome === 'success')
      .map((e) => e.detail.step);
    expect(steps).toEqual(expect.arrayContaining(['mint-successor', 'write', 'schedule-old']));
  });

  it('a failed step stops the run: the old token untouched and still at the path, the successor deleted, the words kept', async () => {
    const t0 = Date.now();
    const old = await deliveredAndRotating('influx/rot-02', t0);
    const [row] = (await dueRotations(t0 + 1000, sql)).filter((r) => r.path === 'influx/rot-02');
    await seal(bao);
    let r;
    try {
      r = await rotateDelivery(
        row!,
        SYSTEM,
        rotateDeps(() => t0 + 1000),
      );
    } finally {
      await unseal(bao);
    }
    expect(r).toEqual({
      ok: false,
      problem:
        'Rotation of secret/influx/rot-02 stopped: The store “Lab OpenBao” is sealed: an operator must unseal it before the console can write to it. The old token is untouched and still at the path.',
    });
    expect(await getRotation(row!.id, sql)).toMatchObject({ state: 'failed', authorizationID: old.id, lastProblem: r.ok ? '' : r.problem });
    expect(await authorizationsDescribed(inst, `${old.description} (rotated)`)).toEqual([]);
    expect((await getAuthorization(inst, old.id)).body.status).toBe('active');
    const read = await readAsApp('influx/rot-02');
    expect(read.body.data).toMatchObject({ data: { token: old.token }, metadata: { version: 1 } });
  });
});

describe('secrecy', () => {
  it('no audit row, delivery row or byte of the database file holds a token value', async () => {
    expect(values.length).toBeGreaterThanOrEqual(5);
    const audit = JSON.stringify(await listAudit(1000, sql));
    const rows = JSON.stringify(await sql.all('SELECT * FROM secret_deliveries'));
    expect(rows).toMatch(/influx\/edge-01/);
    // Every file of the store (the database, its WAL and shared memory).
    const dir = dirname(storageOfTest!.location);
    const files = readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1'));
    expect(files.length).toBeGreaterThan(0);
    for (const v of values) {
      expect(audit).not.toContain(v);
      expect(rows).not.toContain(v);
      for (const file of files) expect(file).not.toContain(v);
    }
  });
});
