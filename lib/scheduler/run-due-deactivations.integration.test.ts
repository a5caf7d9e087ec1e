// The scheduler's pass against a real influxd and a real database: a due deactivation really
// switches the token off; a token deleted meanwhile counts as done; InfluxDB unreachable (nothing
// listening on the port: a real refused connection) means retry later with the problem noted.
// Two claimers on one database (two connections, as two console processes would have) while
// influxd is paused with SIGSTOP: the deactivation really waits on InfluxDB, and still runs once
// and is audited once.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketStatus, pauseInfluxd, resumeInfluxd, startInfluxd, type InfluxInstance } from '../../scripts/influxd/harness';
import { createToken } from '../../scripts/influxd/operator';
import { createGateway, type Gateway } from '../influx/gateway';
import { listAuditPage } from '../storage/audit-query';
import { getSchedule, scheduleDeactivation } from '../storage/scheduled-deactivations';
import type { Sql } from '../storage/sql';
import { freshTestStorage, openTestStorageAt, type TestStorage } from '../storage/support/open-test-storage';
import { claimLeaseMs } from './lease';
import { retryDelayMs, runDueDeactivations, type PassResult } from './run-due-deactivations';

let inst: InfluxInstance;
let gw: Gateway;
let store: TestStorage;
let db: Sql;
const shared: TestStorage[] = [];
const actor = { id: 'local:ada', name: 'ada', role: 'admin' as const };

beforeAll(async () => {
  inst = await startInfluxd({ hashedTokens: true });
  gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
  store = await freshTestStorage();
  db = store.sql;
});
afterAll(async () => {
  await store?.dispose();
  for (const s of shared) await s.dispose();
  await inst?.stop();
});

const readBucket = () => [{ action: 'read' as const, resource: { type: 'buckets', id: inst.bucketID, orgID: inst.orgID } }];
const schedule = (authorizationID: string, dueAt: number) =>
  scheduleDeactivation({ orgID: inst.orgID, authorizationID, description: 'rotating', dueAt, requestedBy: actor, requestID: 'req-1' }, db);

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

describe('runDueDeactivations', () => {
  it('deactivates a due token in InfluxDB, leaves one not yet due alone, and audits it', async () => {
    const due = await createToken(inst, { description: 'due', permissions: readBucket() });
    const later = await createToken(inst, { description: 'later', permissions: readBucket() });
    const now = Date.now();
    const s1 = await schedule(due.id, now - 1000);
    const s2 = await schedule(later.id, now + 60_000);
    const seen: string[] = [];
    const result = await runDueDeactivations({
      sql: db,
      gateway: gw,
      worker: 'w1',
      influxTimeoutMs: 5000,
      now: () => now,
      onDeactivated: (row) => seen.push(row.authorizationID),
    });
    expect(result).toEqual({ deactivated: 1, alreadyGone: 0, retrying: 0, failed: 0, lost: 0 });
    expect(await bucketStatus(inst, due.token, inst.bucketID)).toBe(401);
    expect(await bucketStatus(inst, later.token, inst.bucketID)).toBe(200);
    expect(await getSchedule(s1.id, db)).toMatchObject({ state: 'done', outcome: 'deactivated' });
    expect((await getSchedule(s2.id, db))!.state).toBe('pending');
    expect(seen).toEqual([due.id]);
    const audit = (await listAuditPage({ authorizationID: due.id }, db)).rows[0]!;
    expect(audit).toMatchObject({
      action: 'schedule.deactivate',
      outcome: 'success',
      actorId: 'system:scheduler',
      actorRole: 'system',
      requestId: 'req-1',
    });
  });

  it('counts a token deleted meanwhile as done', async () => {
    const t = await createToken(inst, { description: 'deleted meanwhile', permissions: readBucket() });
    await gw.deleteAuthorization(t.id);
    const s = await schedule(t.id, Date.now() - 1);
    const result = await runDueDeactivations({ sql: db, gateway: gw, worker: 'w1', influxTimeoutMs: 5000 });
    expect(result.alreadyGone).toBe(1);
    expect(await getSchedule(s.id, db)).toMatchObject({ state: 'done', outcome: 'already deleted' });
  });

  it('retries later with the problem in words when InfluxDB cannot be reached, then succeeds', async () => {
    const t = await createToken(inst, { description: 'while down', permissions: readBucket() });
    const s = await schedule(t.id, Date.now() - 1);
    const down = createGateway({ url: `http://127.0.0.1:${await closedPort()}`, token: inst.consoleToken, timeoutMs: 1000, getRetries: 0 });
    const now = Date.now();
    const first = await runDueDeactivations({ sql: db, gateway: down, worker: 'w1', influxTimeoutMs: 1000, now: () => now });
    expect(first).toEqual({ deactivated: 0, alreadyGone: 0, retrying: 1, failed: 0, lost: 0 });
    const row = (await getSchedule(s.id, db))!;
    expect(row.state).toBe('pending');
    expect(row.dueAt).toBe(now + retryDelayMs(1));
    expect(row.lastProblem).toMatch(/Could not reach InfluxDB/);
    expect(await bucketStatus(inst, t.token, inst.bucketID)).toBe(200);
    // InfluxDB back (the real one), after the backoff:
    const second = await runDueDeactivations({
      sql: db,
      gateway: gw,
      worker: 'w1',
      influxTimeoutMs: 5000,
      now: () => now + retryDelayMs(1),
    });
    expect(second.deactivated).toBe(1);
    expect(await getSchedule(s.id, db)).toMatchObject({ state: 'done', attempts: 2 });
    expect(await bucketStatus(inst, t.token, inst.bucketID)).toBe(401);
  });
});

const NOTHING: PassResult = { deactivated: 0, alreadyGone: 0, retrying: 0, failed: 0, lost: 0 };

/**
 * Waits for `condition`; fails at once, with its result, if `pass` (the pass the condition waits
 * on) ends first: a pass that threw or found nothing must not pass for a slow one.
 */
async function until(condition: () => Promise<boolean>, pass?: Promise<PassResult>): Promise<void> {
  let ended: string | undefined;
  void pass?.then(
    (r) => (ended = `the pass ended first: ${JSON.stringify(r)}`),
    (e: unknown) => (ended = `the pass failed first: ${String(e)}`),
  );
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (ended) throw new Error(ended);
    if (Date.now() > deadline) throw new Error('condition not met within 30 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Two connections to one fresh database, as two console processes on one data folder have. */
async function sharedStore() {
  const s = await freshTestStorage();
  shared.push(s);
  return { dbA: s.sql, dbB: await openTestStorageAt(s.location) };
}

const scheduleAudits = async (authorizationID: string, from: Sql) =>
  (await listAuditPage({ authorizationID }, from)).rows.filter((r) => r.action === 'schedule.deactivate');

describe('two console processes on one data folder, InfluxDB paused during the deactivation', () => {
  // The largest INFLUX_TIMEOUT_MS the configuration accepts: the case the old fixed 60 s lease lost.
  const TIMEOUT_MS = 120_000;

  it('the other process does not take the row while the call waits, past the old 60 s lease: one run, one audit row', async () => {
    const t = await createToken(inst, { description: 'slow deactivation', permissions: readBucket() });
    const { dbA, dbB } = await sharedStore();
    const s = await scheduleDeactivation(
      { orgID: inst.orgID, authorizationID: t.id, description: 'rotating', dueAt: Date.now() - 1, requestedBy: actor, requestID: 'req-2' },
      dbA,
    );
    // B gets a short client timeout, so that if it did take the row, its pass would end (and fail
    // the assertion) instead of hanging on the paused influxd with A.
    const gwB = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 1000, getRetries: 0 });
    const gwA = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: TIMEOUT_MS });
    let passA: Promise<PassResult> | undefined;
    await pauseInfluxd(inst);
    try {
      passA = runDueDeactivations({ sql: dbA, gateway: gwA, worker: 'A', influxTimeoutMs: TIMEOUT_MS });
      await until(async () => (await getSchedule(s.id, dbB))?.state === 'running', passA);
      // B's clock runs ahead: as if A's call had waited 61 s (past the old lease), 2 minutes, and
      // just under the lease (the paused influxd makes A wait for real meanwhile).
      for (const ahead of [61_000, 120_000, claimLeaseMs(TIMEOUT_MS) - 1000]) {
        const passB = await runDueDeactivations({
          sql: dbB,
          gateway: gwB,
          worker: 'B',
          influxTimeoutMs: TIMEOUT_MS,
          now: () => Date.now() + ahead,
        });
        expect(passB, `B at +${ahead} ms`).toEqual(NOTHING);
      }
      expect(await getSchedule(s.id, dbB)).toMatchObject({ state: 'running', claimedBy: 'A', attempts: 1 });
    } finally {
      resumeInfluxd(inst);
    }
    expect(await passA).toEqual({ ...NOTHING, deactivated: 1 });
    expect(
      await runDueDeactivations({ sql: dbB, gateway: gwB, worker: 'B', influxTimeoutMs: TIMEOUT_MS, now: () => Date.now() + 61_000 }),
    ).toEqual(NOTHING);
    expect(await getSchedule(s.id, dbB)).toMatchObject({ state: 'done', outcome: 'deactivated', attempts: 1 });
    expect(await scheduleAudits(t.id, dbB)).toHaveLength(1);
    expect(await bucketStatus(inst, t.token, inst.bucketID)).toBe(401);
  });

  it('a process stalled past its lease loses the row to the other, and records nothing for it: one audit row', async () => {
    const t = await createToken(inst, { description: 'stalled claimer', permissions: readBucket() });
    const { dbA, dbB } = await sharedStore();
    const s = await scheduleDeactivation(
      { orgID: inst.orgID, authorizationID: t.id, description: 'rotating', dueAt: Date.now() - 1, requestedBy: actor, requestID: 'req-3' },
      dbA,
    );
    const gwA = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: TIMEOUT_MS });
    const gwB = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: TIMEOUT_MS });
    let passA: Promise<PassResult> | undefined;
    let passB: Promise<PassResult> | undefined;
    await pauseInfluxd(inst);
    try {
      passA = runDueDeactivations({ sql: dbA, gateway: gwA, worker: 'A', influxTimeoutMs: TIMEOUT_MS });
      await until(async () => (await getSchedule(s.id, dbB))?.claimedBy === 'A', passA);
      // B's clock is past A's lease: A counts as dead (in life: stalled longer than the lease).
      passB = runDueDeactivations({
        sql: dbB,
        gateway: gwB,
        worker: 'B',
        influxTimeoutMs: TIMEOUT_MS,
        now: () => Date.now() + claimLeaseMs(TIMEOUT_MS) + 1000,
      });
      await until(async () => (await getSchedule(s.id, dbA))?.claimedBy === 'B', passB);
    } finally {
      resumeInfluxd(inst);
    }
    const [a, b] = await Promise.all([passA, passB]);
    expect(a).toEqual({ ...NOTHING, lost: 1 });
    expect(b).toEqual({ ...NOTHING, deactivated: 1 });
    expect(await getSchedule(s.id, dbA)).toMatchObject({ state: 'done', outcome: 'deactivated', attempts: 2 });
    const audits = await scheduleAudits(t.id, dbA);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.detail).toMatchObject({ attempt: 2 });
  });
});
