// The stored expiries on a real (test) database: one open row per token however often it changes,
// what the notice pass reads, and what Settings lists as "expired, still active in InfluxDB".
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sql } from '@/lib/storage/sql';
import { freshTestStorage, type TestStorage } from '@/lib/storage/support/open-test-storage';
import { openExpiries, setStoredExpiry, stuckExpiries } from './expiry-store';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const actor = { id: 'local:ada', name: 'Ada', email: 'ada@acme.com', role: 'admin' };

let store: TestStorage;
let sql: Sql;
beforeEach(async () => {
  store = await freshTestStorage();
  sql = store.sql;
});
afterEach(() => store.dispose());

const set = (id: string, expiresAt: number | null) =>
  setStoredExpiry(
    {
      connectionID: 'default',
      orgID: 'org1',
      authorizationID: id,
      description: `token ${id}`,
      expiresAt: expiresAt === null ? null : new Date(expiresAt),
      actor,
      requestID: 'r',
    },
    sql,
  );

describe('stored expiries', () => {
  it('keeps one open row per token: a change cancels the last, a removal leaves none', async () => {
    expect(await set('a', NOW + 10 * DAY)).toEqual({ previous: null });
    expect(await set('a', NOW + 20 * DAY)).toEqual({ previous: NOW + 10 * DAY });
    expect((await openExpiries(sql, 0)).map((e) => [e.authorizationID, e.expiresAt.getTime()])).toEqual([['a', NOW + 20 * DAY]]);
    expect(await set('a', null)).toEqual({ previous: NOW + 20 * DAY });
    expect(await openExpiries(sql, 0)).toEqual([]);
  });

  it('the notice pass reads only expiries up to its horizon, and who set them', async () => {
    await set('near', NOW + 2 * DAY);
    await set('far', NOW + 200 * DAY);
    const read = await openExpiries(sql, 0, NOW + 14 * DAY);
    expect(read.map((e) => e.authorizationID)).toEqual(['near']);
    expect(read[0]!.setBy).toEqual({ id: 'local:ada', name: 'Ada', email: 'ada@acme.com' });
  });

  it('lists expired tokens whose deactivation is being retried or was given up, until a new expiry replaces it', async () => {
    await set('retrying', NOW - DAY);
    await set('gave-up', NOW - 2 * DAY);
    await set('future', NOW + DAY);
    await sql.run(
      `UPDATE scheduled_deactivations SET attempts = 3, last_problem = 'InfluxDB did not answer' WHERE authorization_id = 'retrying'`,
    );
    await sql.run(
      `UPDATE scheduled_deactivations SET state = 'failed', attempts = 20, outcome = 'refused: 403' WHERE authorization_id = 'gave-up'`,
    );
    const stuck = await stuckExpiries(new Date(NOW), sql);
    expect(stuck.map((e) => [e.authorizationID, e.state, e.lastProblem])).toEqual([
      ['gave-up', 'failed', 'refused: 403'],
      ['retrying', 'pending', 'InfluxDB did not answer'],
    ]);
    await set('gave-up', NOW + 30 * DAY);
    expect((await stuckExpiries(new Date(NOW), sql)).map((e) => e.authorizationID)).toEqual(['retrying']);
  });
});
