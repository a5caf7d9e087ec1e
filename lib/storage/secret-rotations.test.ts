import { describe, expect, it } from 'vitest';
import {
  claimRotation,
  dueRotations,
  failedRotations,
  failRotation,
  finishRotation,
  getRotation,
  rotationOfToken,
  upsertRotation,
  type RotationInput,
} from './secret-rotations';
import { scratchTestStorage } from './support/open-test-storage';

// Epoch milliseconds beyond 32 bits, and a period whose milliseconds are too: both must fit.
const T0 = 1_800_000_000_000;
const YEAR = 31_536_000;

const input = (over: Partial<RotationInput> = {}): RotationInput => ({
  connectionID: 'default',
  orgID: 'org1',
  storeID: 'lab',
  path: 'influx/edge-01',
  keyName: 'token',
  withUrlAndOrg: true,
  authorizationID: 'tok1',
  everySeconds: YEAR,
  graceSeconds: 3600,
  createdBy: 'local:cy',
  ...over,
});

describe('secret rotations', () => {
  it('one row per path: a new delivery makes the new token the one that rotates, due one period on', async () => {
    const sql = await scratchTestStorage();
    const first = await upsertRotation(input(), T0, sql);
    expect(first).toMatchObject({ id: 'lab:influx/edge-01', withUrlAndOrg: true, nextDueAt: T0 + YEAR * 1000, state: 'idle' });
    await upsertRotation(input({ authorizationID: 'tok2', everySeconds: null }), T0 + 5, sql);
    expect(await getRotation(first.id, sql)).toMatchObject({ authorizationID: 'tok2', everySeconds: null, nextDueAt: null });
    expect(await rotationOfToken('tok1', sql)).toBeUndefined();
    expect((await rotationOfToken('tok2', sql))?.id).toBe(first.id);
  });

  it('is due at its time, claimed by one run at a time until the lease passes, then moved one period on', async () => {
    const sql = await scratchTestStorage();
    const r = await upsertRotation(input(), T0, sql);
    const due = T0 + YEAR * 1000;
    expect(await dueRotations(due - 1, sql)).toEqual([]);
    expect((await dueRotations(due, sql)).map((x) => x.id)).toEqual([r.id]);

    expect(await claimRotation(r.id, due, 60_000, sql)).toBe(true);
    expect(await claimRotation(r.id, due + 1, 60_000, sql)).toBe(false);
    expect(await dueRotations(due, sql)).toEqual([]);
    expect(await claimRotation(r.id, due + 60_001, 60_000, sql)).toBe(true);

    await finishRotation(r.id, 'tok2', due, sql);
    expect(await getRotation(r.id, sql)).toMatchObject({ state: 'idle', authorizationID: 'tok2', nextDueAt: due + YEAR * 1000 });
  });

  it('a failed run keeps the old token and its words, and waits one period', async () => {
    const sql = await scratchTestStorage();
    const r = await upsertRotation(input(), T0, sql);
    await claimRotation(r.id, T0, 60_000, sql);
    await failRotation(r.id, 'The store is sealed.', T0, sql);
    expect(await getRotation(r.id, sql)).toMatchObject({ state: 'failed', authorizationID: 'tok1', lastProblem: 'The store is sealed.' });
    expect((await failedRotations(sql)).map((x) => x.id)).toEqual([r.id]);
  });
});
