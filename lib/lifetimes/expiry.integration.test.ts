// Token lifetimes against a real influxd 2.9.1: the mint decides the lifetime on the server
// whatever the form says (nothing is created when it refuses); the expiry is stored, and one
// scheduler pass after it (driven with a clock, no waiting) deactivates the token in InfluxDB,
// audited once; InfluxDB unreachable at that moment (nothing listening: a real refused connection)
// leaves it "expired, still active" and retried until a later pass succeeds.
// Run: npx vitest run --project integration lib/lifetimes/expiry.integration.test.ts
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketStatus, startInfluxd, type InfluxInstance } from '@/scripts/influxd/harness';
import { authorizationsDescribed, createBuckets } from '@/scripts/influxd/operator';
import type { ConsoleUser } from '@/lib/auth/session';
import { createCatalog } from '@/lib/influx/catalog';
import { createGateway } from '@/lib/influx/gateway';
import { tokenFormSchema, type TokenFormInput } from '@/lib/permissions/token-form-schema';
import { DEFAULT_POLICY } from '@/lib/policy/grant-policy';
import { listAudit } from '@/lib/storage/audit';
import { listAuditPage } from '@/lib/storage/audit-query';
import { expiriesOf } from '@/lib/storage/scheduled-deactivations';
import { runDueDeactivations } from '@/lib/scheduler/run-due-deactivations';
import type { Sql } from '@/lib/storage/sql';
import { freshTestStorage, type TestStorage } from '@/lib/storage/support/open-test-storage';
import { mintDepsFromGateway } from '@/lib/tokens/gateway-mint-deps';
import { mintToken, type MintDeps } from '@/lib/tokens/mint-token';
import { BUILT_IN_POLICY } from './policy';

const creator: ConsoleUser = { id: 'local:cy', name: 'cy', role: 'creator', provider: 'local' };
const DAY = 86_400_000;

let inst: InfluxInstance;
let db: Sql;
let store: TestStorage | undefined;
let ids: Map<string, string>;
let clock = Date.parse('2026-11-30T10:00:00.000Z');

function deps(): MintDeps {
  const gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
  return {
    // Creators may mint sensitive grants here, so the lifetime is what refuses them.
    ...mintDepsFromGateway(gw, createCatalog(gw), db, { ...DEFAULT_POLICY, sensitiveRole: 'creator' }),
    lifetimes: { policy: BUILT_IN_POLICY, minLifetimeMs: 1_000 },
    now: () => clock,
  };
}

const form = (over: Partial<TokenFormInput> = {}) =>
  tokenFormSchema.parse({
    formKey: crypto.randomUUID(),
    orgID: inst.orgID,
    description: `life-${crypto.randomUUID().slice(0, 8)}`,
    status: 'active',
    owner: { kind: 'console' },
    grants: [{ type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id: ids.get('life-a')! }] } }],
    ...over,
  });
const ctx = () => ({ user: creator, requestId: crypto.randomUUID() });

beforeAll(async () => {
  inst = await startInfluxd({ hashedTokens: true });
  ids = await createBuckets(inst, ['life-a']);
  store = await freshTestStorage();
  db = store.sql;
  // influxd stamps its own times; the console's clock only decides lifetimes.
  clock = Date.now();
});
afterAll(async () => {
  await store?.dispose();
  await inst?.stop();
});

describe('minting with a lifetime', () => {
  it('the chosen lifetime comes back with the token; no choice means the policy default', async () => {
    const seven = await mintToken(form({ lifetime: '7d' }), ctx(), deps());
    expect(seven).toMatchObject({ ok: true, data: { expiresAt: new Date(clock + 7 * DAY).toISOString() } });
    const dflt = await mintToken(form(), ctx(), deps());
    expect(dflt).toMatchObject({ ok: true, data: { expiresAt: new Date(clock + 90 * DAY).toISOString() } });
  });

  it('refuses a past, too long, unparsable or "never" choice from a direct post: field error, nothing created, audited', async () => {
    const sensitive = [{ type: 'authorizations', action: 'read', scope: { kind: 'all' } }] as const;
    const cases: [Partial<TokenFormInput>, RegExp][] = [
      [{ lifetime: '2020-01-01' }, /in the past/],
      [{ lifetime: '400d' }, /at most 365 days for creators/],
      [{ lifetime: '90d', grants: [...sensitive], confirmSensitive: true }, /sensitive grants may live at most 30 days/],
      [{ lifetime: 'next tuesday' }, /Choose 7, 30 or 90 days/],
      [{ lifetime: 'never' }, /must expire/],
    ];
    for (const [over, why] of cases) {
      const f = form(over);
      const r = await mintToken(f, ctx(), deps());
      expect(r).toMatchObject({ ok: false, code: 'invalid-input' });
      if (!r.ok) expect(r.fieldErrors?.lifetime?.[0]).toMatch(why);
      expect(await authorizationsDescribed(inst, f.description)).toHaveLength(0);
      expect((await listAudit(1, db))[0]).toMatchObject({ outcome: 'refused', detail: { reason: 'lifetime' } });
    }
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

const pass = (at: number, url = inst.url) =>
  runDueDeactivations({
    sql: db,
    gateway: createGateway({ url, token: inst.consoleToken, timeoutMs: 5000 }),
    worker: 'w-expiry',
    influxTimeoutMs: 5000,
    now: () => at,
  });

async function mintShortLived(lifetime: string) {
  const r = await mintToken(form({ lifetime }), ctx(), deps());
  if (!r.ok) throw new Error(r.formError);
  return r.data;
}

describe('enforcing the expiry', () => {
  it('a 5-second token is stored with its expiry and deactivated by one pass after it, audited once', async () => {
    const t = await mintShortLived('5s');
    const bucket = ids.get('life-a')!;
    expect((await expiriesOf('default', inst.orgID, db)).get(t.id)).toEqual({
      authorizationID: t.id,
      expiresAt: t.expiresAt,
      state: 'pending',
      lastProblem: null,
    });
    expect(await pass(clock + 4_000)).toMatchObject({ deactivated: 0 });
    expect(await bucketStatus(inst, t.token, bucket)).toBe(200);

    expect(await pass(clock + 5_000)).toMatchObject({ deactivated: 1 });
    expect(await bucketStatus(inst, t.token, bucket)).toBe(401);
    expect((await expiriesOf('default', inst.orgID, db)).get(t.id)).toMatchObject({ state: 'done' });
    expect(await pass(clock + 60_000)).toMatchObject({ deactivated: 0 });
    const rows = (await listAuditPage({ authorizationID: t.id }, db)).rows.filter((r) => r.action === 'token.expire');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'success', actorRole: 'system', actorId: 'system:scheduler' });
  });

  it('InfluxDB unreachable at expiry: "expired, still active" with the problem, retried until it works', async () => {
    const t = await mintShortLived('5s');
    const bucket = ids.get('life-a')!;
    expect(await pass(clock + 5_000, `http://127.0.0.1:${await closedPort()}`)).toMatchObject({ retrying: 1, deactivated: 0 });
    const stored = (await expiriesOf('default', inst.orgID, db)).get(t.id)!;
    expect(stored).toMatchObject({ state: 'pending', expiresAt: t.expiresAt, lastProblem: expect.stringMatching(/reach InfluxDB/i) });
    expect(await bucketStatus(inst, t.token, bucket)).toBe(200);
    // The retry is due after the backoff, not before.
    expect(await pass(clock + 6_000)).toMatchObject({ deactivated: 0 });
    expect(await pass(clock + 5_000 + 60_000)).toMatchObject({ deactivated: 1 });
    expect(await bucketStatus(inst, t.token, bucket)).toBe(401);
    expect((await expiriesOf('default', inst.orgID, db)).get(t.id)).toMatchObject({ state: 'done', expiresAt: t.expiresAt });
    expect(
      (await listAuditPage({ authorizationID: t.id }, db)).rows.filter((r) => r.action === 'token.expire').map((r) => r.outcome),
    ).toEqual(['success', 'failure']);
  });
});
