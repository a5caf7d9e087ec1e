// An admin sets, changes and removes the expiry of tokens made outside the console, one and in
// bulk, against a real influxd 2.9.1: each change is stored as the scheduler's expiry row and
// audited; a past, too long or unparsable expiry is a field error and changes nothing; the console's
// own credential and a creator are refused by the policy; and an expiry set a few seconds ahead is
// carried out by a scheduler pass (the token is inactive in InfluxDB afterwards).
// Run: npx vitest run --project integration lib/lifetimes/change-expiry.integration.test.ts
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketStatus, startInfluxd, type InfluxInstance } from '@/scripts/influxd/harness';
import { createBuckets, createToken, getAuthorization, updateAuthorization } from '@/scripts/influxd/operator';
import type { ConsoleUser } from '@/lib/auth/session';
import { createGateway } from '@/lib/influx/gateway';
import { DEFAULT_POLICY } from '@/lib/policy/grant-policy';
import { runDueDeactivations } from '@/lib/scheduler/run-due-deactivations';
import { listAudit, recordAudit } from '@/lib/storage/audit';
import { expiriesOf } from '@/lib/storage/scheduled-deactivations';
import type { Sql } from '@/lib/storage/sql';
import { freshTestStorage, type TestStorage } from '@/lib/storage/support/open-test-storage';
import { bulkChangeExpiry, changeTokenExpiry, type ExpiryChangeDeps } from './change-expiry';
import { openExpiries } from './expiry-store';
import { replaceWithLifetime } from './renew';
import { deleteExpiredAfterRetention } from './expired-retention';
import type { InventoryDeps } from '@/lib/inventory/token-changes';
import { listAuthorizations } from '@/scripts/influxd/operator';
import { BUILT_IN_POLICY } from './policy';

const admin: ConsoleUser = { id: 'local:ada', name: 'ada', email: 'ada@acme.com', role: 'admin', provider: 'local' };
const creator: ConsoleUser = { id: 'local:cy', name: 'cy', role: 'creator', provider: 'local' };
const DAY = 86_400_000;

let inst: InfluxInstance;
let store: TestStorage | undefined;
let db: Sql;
let bucket: string;
let now = Date.now();

function deps(): ExpiryChangeDeps {
  const gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
  return {
    connectionID: 'default',
    gateway: gw,
    org: () => Promise.resolve({ id: inst.orgID, name: 'acme' }),
    facts: () => Promise.resolve({ consoleUserID: inst.consoleUserID, consoleTokenID: inst.consoleTokenID, resourceTypes: [] }),
    policy: DEFAULT_POLICY,
    lifetimes: { policy: BUILT_IN_POLICY, minLifetimeMs: 1_000 },
    audit: (event) => recordAudit(event, db),
    sql: db,
    now: () => new Date(now),
  };
}
const ctx = (user: ConsoleUser = admin) => ({ user, requestId: crypto.randomUUID() });

async function outsideToken(kind: 'ordinary' | 'sensitive' = 'ordinary') {
  return createToken(inst, {
    description: `outside-${kind}-${crypto.randomUUID().slice(0, 8)}`,
    permissions:
      kind === 'ordinary'
        ? [{ action: 'read', resource: { type: 'buckets', id: bucket, orgID: inst.orgID } }]
        : [{ action: 'write', resource: { type: 'authorizations', orgID: inst.orgID } }],
  });
}

const stored = async (id: string) => (await expiriesOf('default', inst.orgID, db)).get(id);

beforeAll(async () => {
  inst = await startInfluxd({ hashedTokens: true });
  bucket = (await createBuckets(inst, ['expiry-a'])).get('expiry-a')!;
  store = await freshTestStorage();
  db = store.sql;
  now = Date.now();
});
afterAll(async () => {
  await store?.dispose();
  await inst?.stop();
});

describe('an admin changes the expiry of a token made outside the console', () => {
  it('sets, changes and removes it: stored for the scheduler and audited each time', async () => {
    const t = await outsideToken();
    expect(await stored(t.id)).toBeUndefined();

    expect(await changeTokenExpiry({ id: t.id, expiry: '30d' }, ctx(), deps())).toEqual({
      ok: true,
      data: { id: t.id, expiresAt: new Date(now + 30 * DAY).toISOString() },
    });
    expect(await stored(t.id)).toMatchObject({ state: 'pending', expiresAt: new Date(now + 30 * DAY).toISOString() });
    expect((await listAudit(1, db))[0]).toMatchObject({
      action: 'token.expiry',
      outcome: 'success',
      authorizationId: t.id,
      actorId: admin.id,
      detail: { change: 'set', expiresAt: new Date(now + 30 * DAY).toISOString(), previousExpiresAt: null },
    });

    await changeTokenExpiry({ id: t.id, expiry: '2030-01-01' }, ctx(), deps());
    expect(await stored(t.id)).toMatchObject({ state: 'pending', expiresAt: '2030-01-01T00:00:00.000Z' });
    expect((await listAudit(1, db))[0]).toMatchObject({
      detail: { change: 'changed', expiresAt: '2030-01-01T00:00:00.000Z', previousExpiresAt: new Date(now + 30 * DAY).toISOString() },
    });
    // One open row per token: the earlier one is cancelled, so the scheduler acts once.
    expect((await openExpiries(db)).filter((e) => e.authorizationID === t.id)).toHaveLength(1);

    expect(await changeTokenExpiry({ id: t.id, expiry: 'never' }, ctx(), deps())).toEqual({
      ok: true,
      data: { id: t.id, expiresAt: null },
    });
    expect(await stored(t.id)).toBeUndefined();
    expect((await listAudit(1, db))[0]).toMatchObject({ detail: { change: 'removed', expiresAt: null } });
  });

  it('a past, too long or unparsable expiry is a field error, and the stored expiry stays as it was', async () => {
    const t = await outsideToken();
    const s = await outsideToken('sensitive');
    await changeTokenExpiry({ id: t.id, expiry: '7d' }, ctx(), deps());
    const before = await stored(t.id);
    const cases: [string, string, RegExp][] = [
      [t.id, '2020-01-01', /in the past/],
      [t.id, 'next tuesday', /Choose 7, 30 or 90 days/],
      [t.id, '2026-02-30', /not a date in the calendar/],
      [s.id, '90d', /sensitive grants may live at most 30 days for admins/],
      [s.id, 'never', /sensitive grants must expire/],
    ];
    for (const [id, expiry, why] of cases) {
      const r = await changeTokenExpiry({ id, expiry }, ctx(), deps());
      expect(r).toMatchObject({ ok: false, code: 'invalid-input' });
      if (!r.ok) expect(r.fieldErrors?.expiry?.[0]).toMatch(why);
    }
    expect(await stored(t.id)).toEqual(before);
    expect(await stored(s.id)).toBeUndefined();
    expect((await listAudit(1, db))[0]).toMatchObject({ action: 'token.expiry', outcome: 'refused', detail: { reason: 'lifetime' } });
  });

  it("refuses the console's own credential and a creator, audited, nothing stored", async () => {
    const own = await changeTokenExpiry({ id: inst.consoleTokenID, expiry: '30d' }, ctx(), deps());
    expect(own).toMatchObject({ ok: false, code: 'forbidden', formError: expect.stringMatching(/own credential cannot get an expiry/) });
    expect(await stored(inst.consoleTokenID)).toBeUndefined();
    const t = await outsideToken();
    const r = await changeTokenExpiry({ id: t.id, expiry: '30d' }, ctx(creator), deps());
    expect(r).toMatchObject({ ok: false, code: 'forbidden', formError: expect.stringMatching(/Only admins may set, change or remove/) });
    expect(await stored(t.id)).toBeUndefined();
    expect((await listAudit(1, db))[0]).toMatchObject({ outcome: 'refused', actorId: creator.id, detail: { reason: 'policy-role' } });
  });

  it('in bulk: each token judged on its grants, each outcome reported', async () => {
    const a = await outsideToken();
    const b = await outsideToken();
    const s = await outsideToken('sensitive');
    const r = await bulkChangeExpiry({ ids: [a.id, s.id, b.id, inst.consoleTokenID], expiry: '60d' }, ctx(), deps());
    if (!r.ok) throw new Error(r.formError);
    expect(r.data.results.map((x) => [x.id, x.ok])).toEqual([
      [a.id, true],
      [s.id, false],
      [b.id, true],
      [inst.consoleTokenID, false],
    ]);
    expect(r.data.results[1]!.problem).toMatch(/at most 30 days/);
    expect((await stored(a.id))?.expiresAt).toBe(new Date(now + 60 * DAY).toISOString());
    expect((await stored(b.id))?.expiresAt).toBe(new Date(now + 60 * DAY).toISOString());
    expect(await stored(s.id)).toBeUndefined();
    expect(await bulkChangeExpiry({ ids: [a.id, b.id], expiry: 'soon' }, ctx(), deps())).toMatchObject({
      ok: false,
      fieldErrors: { expiry: [expect.stringMatching(/Choose 7, 30 or 90 days/)] },
    });
  });

  it('an expiry set a few seconds ahead is carried out by the next scheduler pass after it', async () => {
    const t = await outsideToken();
    await changeTokenExpiry({ id: t.id, expiry: '3s' }, ctx(), deps());
    const pass = (at: number) =>
      runDueDeactivations({
        sql: db,
        gateway: createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 }),
        worker: 'w-change',
        influxTimeoutMs: 5000,
        now: () => at,
      });
    expect(await pass(now + 2_000)).toMatchObject({ deactivated: 0 });
    expect(await bucketStatus(inst, t.token, bucket)).toBe(200);
    expect(await pass(now + 3_000)).toMatchObject({ deactivated: 1 });
    expect(await bucketStatus(inst, t.token, bucket)).toBe(401);
    expect(await stored(t.id)).toMatchObject({ state: 'done' });
  });

  it('Replace renews: the same permissions, a new lifetime, in one step; a refused lifetime creates nothing', async () => {
    const t = await outsideToken();
    await changeTokenExpiry({ id: t.id, expiry: '2d' }, ctx(), deps());
    const gateway = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
    const inventory: InventoryDeps = {
      gateway,
      sql: db,
      org: async () => ({ id: inst.orgID, name: 'acme' }),
      facts: async () => ({
        consoleUserID: inst.consoleUserID,
        consoleTokenID: inst.consoleTokenID,
        resourceTypes: await gateway.resourceTypes(),
      }),
      kept: { upsert: () => {}, status: () => {}, description: () => {}, remove: () => {}, descriptions: async () => new Map() },
      audit: (e) => recordAudit(e, db),
      schedule: () => Promise.resolve(1),
      minGraceSeconds: 60,
      policy: DEFAULT_POLICY,
    };
    const renew = {
      lifetimes: deps().lifetimes,
      audit: (e: Parameters<typeof recordAudit>[0]) => recordAudit(e, db),
      sql: db,
      now: () => new Date(now),
    };
    const count = async () => (await listAuthorizations(inst)).length;
    const before = await count();
    const refused = await replaceWithLifetime(
      { id: t.id, graceSeconds: 0, formKey: crypto.randomUUID(), lifetime: '2020-01-01' },
      ctx(),
      inventory,
      renew,
    );
    expect(refused).toMatchObject({ ok: false, code: 'invalid-input', fieldErrors: { lifetime: [expect.stringMatching(/in the past/)] } });
    expect(await count()).toBe(before);

    const r = await replaceWithLifetime(
      { id: t.id, graceSeconds: 0, formKey: crypto.randomUUID(), lifetime: '90d' },
      ctx(),
      inventory,
      renew,
    );
    if (!r.ok) throw new Error(r.formError);
    expect(r.data.expiresAt).toBe(new Date(now + 90 * DAY).toISOString());
    expect(await stored(r.data.id)).toMatchObject({ state: 'pending', expiresAt: new Date(now + 90 * DAY).toISOString() });
    expect(await bucketStatus(inst, r.data.token, bucket)).toBe(200);
    expect(await bucketStatus(inst, t.token, bucket)).toBe(401);
    expect((await listAudit(1, db))[0]).toMatchObject({
      action: 'token.expiry',
      authorizationId: r.data.id,
      detail: { renews: t.id, change: 'set' },
    });

    // No lifetime chosen: the policy's default for those grants (90 days for ordinary ones).
    const again = await replaceWithLifetime({ id: r.data.id, graceSeconds: 0, formKey: crypto.randomUUID() }, ctx(), inventory, renew);
    if (!again.ok) throw new Error(again.formError);
    expect(again.data.expiresAt).toBe(new Date(now + 90 * DAY).toISOString());
  });

  it('after the retention, an expired token is deleted from InfluxDB once, audited; one activated again is kept', async () => {
    const gone = await outsideToken();
    const back = await outsideToken();
    for (const t of [gone, back]) await changeTokenExpiry({ id: t.id, expiry: '2s' }, ctx(), deps());
    const gateway = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
    await runDueDeactivations({ sql: db, gateway, worker: 'w-retention', influxTimeoutMs: 5000, now: () => now + 3_000 });
    expect((await getAuthorization(inst, gone.id)).body.status).toBe('inactive');
    await updateAuthorization(inst, back.id, { status: 'active' });
    const pass = (at: number) =>
      deleteExpiredAfterRetention({ sql: db, gatewayFor: () => gateway, audit: (e) => recordAudit(e, db), days: 30, now: () => at });

    // Not before 30 days have passed since the expiry.
    expect(await pass(now + 29 * DAY)).toEqual({ deleted: 0, kept: 0, failed: 0 });
    // The token an earlier test let expire goes too: every deactivated expiry past the retention.
    const first = await pass(now + 31 * DAY);
    expect(first).toMatchObject({ kept: 1, failed: 0 });
    expect(first.deleted).toBeGreaterThanOrEqual(1);
    expect((await getAuthorization(inst, gone.id)).status).toBe(404);
    expect((await getAuthorization(inst, back.id)).body.status).toBe('active');
    expect(await pass(now + 60 * DAY)).toEqual({ deleted: 0, kept: 0, failed: 0 });
    const rows = (await listAudit(20, db)).filter((r) => r.action === 'token.delete' && r.authorizationId === gone.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'success', actorId: 'system:scheduler', detail: { reason: 'expired-retention', days: 30 } });
  });
});
