// The scheduler's pass against a real influxd and a real SQLite file: a due deactivation really
// switches the token off; a token deleted meanwhile counts as done; InfluxDB unreachable (nothing
// listening on the port: a real refused connection) means retry later with the problem noted.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketStatus, startInfluxd, type InfluxInstance } from '../../scripts/influxd/harness';
import { createToken } from '../../scripts/influxd/operator';
import { createGateway, type Gateway } from '../influx/gateway';
import { listAuditPage } from '../storage/audit-query';
import { openDatabase } from '../storage/db';
import { getSchedule, scheduleDeactivation } from '../storage/scheduled-deactivations';
import { retryDelayMs, runDueDeactivations } from './run-due-deactivations';

let inst: InfluxInstance;
let gw: Gateway;
let dir: string;
let db: ReturnType<typeof openDatabase>;
const actor = { id: 'local:ada', name: 'ada', role: 'admin' as const };

beforeAll(async () => {
  inst = await startInfluxd({ hashedTokens: true });
  gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
  dir = mkdtempSync(join(tmpdir(), 'itc-sched-int-'));
  db = openDatabase(join(dir, 'console.sqlite'));
});
afterAll(async () => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
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
    const s1 = schedule(due.id, now - 1000);
    const s2 = schedule(later.id, now + 60_000);
    const seen: string[] = [];
    const result = await runDueDeactivations({
      db,
      gateway: gw,
      worker: 'w1',
      now: () => now,
      onDeactivated: (row) => seen.push(row.authorizationID),
    });
    expect(result).toEqual({ deactivated: 1, alreadyGone: 0, retrying: 0, failed: 0 });
    expect(await bucketStatus(inst, due.token, inst.bucketID)).toBe(401);
    expect(await bucketStatus(inst, later.token, inst.bucketID)).toBe(200);
    expect(getSchedule(s1.id, db)).toMatchObject({ state: 'done', outcome: 'deactivated' });
    expect(getSchedule(s2.id, db)!.state).toBe('pending');
    expect(seen).toEqual([due.id]);
    const audit = listAuditPage({ authorizationID: due.id }, db).rows[0]!;
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
    const s = schedule(t.id, Date.now() - 1);
    const result = await runDueDeactivations({ db, gateway: gw, worker: 'w1' });
    expect(result.alreadyGone).toBe(1);
    expect(getSchedule(s.id, db)).toMatchObject({ state: 'done', outcome: 'already deleted' });
  });

  it('retries later with the problem in words when InfluxDB cannot be reached, then succeeds', async () => {
    const t = await createToken(inst, { description: 'while down', permissions: readBucket() });
    const s = schedule(t.id, Date.now() - 1);
    const down = createGateway({ url: `http://127.0.0.1:${await closedPort()}`, token: inst.consoleToken, timeoutMs: 1000, getRetries: 0 });
    const now = Date.now();
    const first = await runDueDeactivations({ db, gateway: down, worker: 'w1', now: () => now });
    expect(first).toEqual({ deactivated: 0, alreadyGone: 0, retrying: 1, failed: 0 });
    const row = getSchedule(s.id, db)!;
    expect(row.state).toBe('pending');
    expect(row.dueAt).toBe(now + retryDelayMs(1));
    expect(row.lastProblem).toMatch(/Could not reach InfluxDB/);
    expect(await bucketStatus(inst, t.token, inst.bucketID)).toBe(200);
    // InfluxDB back (the real one), after the backoff:
    const second = await runDueDeactivations({ db, gateway: gw, worker: 'w1', now: () => now + retryDelayMs(1) });
    expect(second.deactivated).toBe(1);
    expect(getSchedule(s.id, db)).toMatchObject({ state: 'done', attempts: 2 });
    expect(await bucketStatus(inst, t.token, inst.bucketID)).toBe(401);
  });
});
