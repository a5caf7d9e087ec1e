// The PostgreSQL harness against Debian's real server: a throwaway cluster starts, takes a
// migration-style schema change, and two connections claim work with SELECT ... FOR UPDATE SKIP
// LOCKED (the claim the scheduler will use on PostgreSQL: each row to exactly one claimer, no
// waiting on each other); then the cluster stops and leaves nothing behind.
import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresInstance } from './harness';

let server: PostgresInstance;
let a: pg.Client;
let b: pg.Client;

beforeAll(async () => {
  server = await startPostgres();
  // One connection over TCP, one over the unix socket in the cluster's temp folder.
  a = new pg.Client({ connectionString: server.url, application_name: 'claimer-a' });
  b = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: 'postgres', application_name: 'claimer-b' });
  await a.connect();
  await b.connect();
});

afterAll(async () => {
  await a?.end();
  await b?.end();
  await server?.stop();
});

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('PostgreSQL test harness', () => {
  it('runs a real server of the installed major version', async () => {
    const { rows } = await a.query<{ server_version: string }>('SHOW server_version');
    expect(server.version).toContain(rows[0]!.server_version.split(' ')[0]!);
    expect(isRunning(server.pid)).toBe(true);
  });

  it('applies a migration in one transaction, and two connections claim disjoint rows with FOR UPDATE SKIP LOCKED', async () => {
    await a.query('BEGIN');
    await a.query(
      `CREATE TABLE schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    await a.query(`
      CREATE TABLE jobs (
        id bigserial PRIMARY KEY,
        due_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done')),
        claimed_by text
      )`);
    await a.query(`INSERT INTO schema_migrations (id, name) VALUES (1, 'jobs')`);
    await a.query('COMMIT');
    await a.query(`INSERT INTO jobs (due_at) SELECT now() - make_interval(secs => n) FROM generate_series(1, 5) AS n`);

    const claim = `SELECT id FROM jobs WHERE state = 'pending' AND due_at <= now() ORDER BY due_at, id LIMIT 2 FOR UPDATE SKIP LOCKED`;
    await a.query('BEGIN');
    await b.query('BEGIN');
    const ofA = (await a.query<{ id: string }>(claim)).rows.map((r) => r.id);
    // B asks while A's transaction still holds its two rows: it gets the next two, at once.
    const ofB = (await b.query<{ id: string }>(claim)).rows.map((r) => r.id);
    expect(ofA).toHaveLength(2);
    expect(ofB).toHaveLength(2);
    expect(ofA.filter((id) => ofB.includes(id))).toEqual([]);
    // The lock is real: without SKIP LOCKED, B cannot have A's rows (NOWAIT fails at once).
    await b.query('SAVEPOINT probe');
    await expect(b.query(`SELECT id FROM jobs WHERE id = $1 FOR UPDATE NOWAIT`, [ofA[0]])).rejects.toMatchObject({ code: '55P03' });
    await b.query('ROLLBACK TO SAVEPOINT probe');

    await a.query(`UPDATE jobs SET state = 'running', claimed_by = 'a' WHERE id = ANY($1::bigint[])`, [ofA]);
    await b.query(`UPDATE jobs SET state = 'running', claimed_by = 'b' WHERE id = ANY($1::bigint[])`, [ofB]);
    await a.query('COMMIT');
    await b.query('COMMIT');

    const { rows } = await a.query<{ claimed_by: string | null; n: string }>(
      'SELECT claimed_by, count(*) AS n FROM jobs GROUP BY claimed_by ORDER BY claimed_by',
    );
    expect(rows).toEqual([
      { claimed_by: 'a', n: '2' },
      { claimed_by: 'b', n: '2' },
      { claimed_by: null, n: '1' },
    ]);
  });

  it('stops by its PID and removes its folder', async () => {
    const throwaway = await startPostgres();
    expect(isRunning(throwaway.pid)).toBe(true);
    await throwaway.stop();
    expect(isRunning(throwaway.pid)).toBe(false);
    expect(existsSync(throwaway.socketDir)).toBe(false);
  });
});
