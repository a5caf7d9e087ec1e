// The scheduled-deactivation store against a real database, including two OS processes claiming
// from the same database at once (what two console processes on one data folder do).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sql } from './sql';
import { freshTestStorage, openTestStorageAt, type TestStorage } from './support/open-test-storage';
import {
  cancelSchedule,
  claimDue,
  finishClaim,
  getSchedule,
  openSchedules,
  retryClaimLater,
  scheduleDeactivation,
  schedulesFor,
} from './scheduled-deactivations';

const ORG = '0a0a0a0a0a0a0a0a';
const actor = { id: 'local:ada', name: 'ada', role: 'admin' as const };
let store: TestStorage;

beforeEach(async () => {
  store = await freshTestStorage();
});
afterEach(() => store.dispose());

const add = (db: Sql, authorizationID: string, dueAt: number) =>
  scheduleDeactivation(
    { orgID: ORG, authorizationID, description: `t ${authorizationID}`, dueAt, requestedBy: actor, requestID: 'r1' },
    db,
  );

describe('scheduled deactivations', async () => {
  it('claims only rows that are due, each once, most overdue first', async () => {
    const db = store.sql;
    await add(db, 'b000000000000002', 2000);
    await add(db, 'b000000000000001', 1000);
    await add(db, 'b000000000000003', 9000);
    expect(await claimDue('w1', 500, db)).toBeUndefined();
    const first = (await claimDue('w1', 2500, db))!;
    expect(first.authorizationID).toBe('b000000000000001');
    expect(first.state).toBe('running');
    expect(first.attempts).toBe(1);
    expect((await claimDue('w2', 2500, db))!.authorizationID).toBe('b000000000000002');
    expect(await claimDue('w2', 2500, db)).toBeUndefined();
    expect((await openSchedules(ORG, db)).map((s) => s.state)).toEqual(['running', 'running', 'pending']);
  });

  it('finishes only a claim the worker still holds, and retries later with the problem noted', async () => {
    const db = store.sql;
    const s = await add(db, 'b000000000000001', 0);
    const c = (await claimDue('w1', 10, db))!;
    expect(await finishClaim(c.id, 'w2', { state: 'done', outcome: 'deactivated' }, db)).toBe(false);
    expect(await retryClaimLater(c.id, 'w1', 5000, 'InfluxDB could not be reached', db)).toBe(true);
    expect(await getSchedule(s.id, db)).toMatchObject({ state: 'pending', dueAt: 5000, lastProblem: 'InfluxDB could not be reached' });
    expect(await claimDue('w1', 4000, db)).toBeUndefined();
    const again = (await claimDue('w1', 5000, db))!;
    expect(again.attempts).toBe(2);
    expect(await finishClaim(again.id, 'w1', { state: 'done', outcome: 'deactivated' }, db)).toBe(true);
    expect(await getSchedule(s.id, db)).toMatchObject({ state: 'done', outcome: 'deactivated' });
    expect(await openSchedules(ORG, db)).toEqual([]);
  });

  it('takes over a claim abandoned past the lease (its process died)', async () => {
    const db = store.sql;
    await add(db, 'b000000000000001', 0);
    const c = (await claimDue('dead', 100, db, 1000))!;
    expect(await claimDue('w2', 900, db, 1000)).toBeUndefined();
    const taken = (await claimDue('w2', 1200, db, 1000))!;
    expect(taken.id).toBe(c.id);
    expect(taken.claimedBy).toBe('w2');
    expect(await finishClaim(c.id, 'dead', { state: 'done', outcome: 'deactivated' }, db)).toBe(false);
  });

  it('cancels only a row that has not started', async () => {
    const db = store.sql;
    const a = await add(db, 'b000000000000001', 0);
    const b = await add(db, 'b000000000000002', 15_000);
    await claimDue('w1', 10, db);
    expect(await cancelSchedule(a.id, 'local:ada', db)).toBeUndefined();
    expect((await cancelSchedule(b.id, 'local:ada', db))?.state).toBe('cancelled');
    expect(await claimDue('w1', 20_000, db, 60_000)).toBeUndefined(); // a: still running within its lease; b: cancelled
    expect((await schedulesFor('b000000000000002', db))[0]!.state).toBe('cancelled');
  });

  it('survives reopening the file (a console restart)', async () => {
    const db = store.sql;
    await add(db, 'b000000000000001', 1000);
    await db.close();
    const reopened = await openTestStorageAt(store.location);
    expect((await claimDue('w1', 1000, reopened))!.authorizationID).toBe('b000000000000001');
  });

  it('two processes claiming from one file at once run each row exactly once', async () => {
    const db = store.sql;
    const N = 300;
    await db.transaction(async (tx) => {
      for (let i = 0; i < N; i++) await add(tx, `b${String(i).padStart(15, '0')}`, i);
    });
    const start = (name: string) => {
      const child = spawn(
        process.execPath,
        ['--conditions', 'react-server', '--import', 'tsx', join(__dirname, 'support', 'claim-worker.ts'), store.location, name],
        {
          cwd: join(__dirname, '..', '..'),
          stdio: ['pipe', 'pipe', 'inherit'],
        },
      );
      let out = '';
      const ready = new Promise<void>((resolve) =>
        child.stdout.on('data', function onData(d: Buffer) {
          out += d.toString();
          if (out.includes('ready\n')) {
            out = out.slice(out.indexOf('ready\n') + 6);
            child.stdout.off('data', onData);
            child.stdout.on('data', (more: Buffer) => (out += more.toString()));
            resolve();
          }
        }),
      );
      const done = new Promise<number[]>((resolve, reject) =>
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker ${name} exited ${code}`)))),
      );
      return { child, ready, done };
    };
    const a = start('A');
    const b = start('B');
    await Promise.all([a.ready, b.ready]);
    a.child.stdin.write('go');
    b.child.stdin.write('go');
    const [ra, rb] = await Promise.all([a.done, b.done]);
    const all = [...ra, ...rb];
    expect(all.length).toBe(N);
    expect(new Set(all).size).toBe(N);
    // Both really took part (otherwise the test proves nothing about concurrency).
    expect(ra.length).toBeGreaterThan(0);
    expect(rb.length).toBeGreaterThan(0);
    expect(await openSchedules(ORG, db)).toEqual([]);
  }, 60_000);
});
