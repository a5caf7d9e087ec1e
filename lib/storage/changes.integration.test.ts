// The PostgreSQL change feed and the shared rate limits against a real server (Debian's
// postgresql, started by scripts/postgres/harness.ts): two feeds and two pools stand for two
// console processes on one database.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPostgres, type PostgresInstance } from '../../scripts/postgres/harness';
import { rateLimit } from '../security/rate-limit';
import { postgresStore } from '../security/limiter-store';
import { EVERYTHING, postgresChangeFeed } from './changes';
import { MIGRATIONS } from './migrations';
import type { Sql } from './sql';

let server: PostgresInstance;
const pools: pg.Pool[] = [];

/** Just enough of `Sql` for NOTIFY: the feed publishes with one statement. */
function poolSql(pool: pg.Pool): Sql {
  const numbered = (text: string) => {
    let n = 0;
    return text.replace(/\?/g, () => `$${++n}`);
  };
  return {
    dialect: 'postgres',
    all: async (text, params = []) => (await pool.query(numbered(text), [...params])).rows,
    get: async (text, params = []) => (await pool.query(numbered(text), [...params])).rows[0],
    run: async (text, params = []) => ({ changes: (await pool.query(numbered(text), [...params])).rowCount ?? 0 }),
    exec: async (script) => void (await pool.query(script)),
    transaction: () => Promise.reject(new Error('not needed here')),
    close: () => pool.end(),
  };
}

/**
 * A pool standing for one console process's. Like the console's own pools (postgres.ts,
 * limiter-store.ts, which log it) it listens for 'error': a connection the server ends (here: the
 * server stopping at the end of the file while a connection is still closing) must not become an
 * unhandled error (it failed a fresh-clone run once).
 */
function testPool(max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: server.url, max });
  pool.on('error', () => {});
  pools.push(pool);
  return pool;
}

function instance() {
  const pool = testPool(3);
  const sql = poolSql(pool);
  const problems: string[] = [];
  const feed = postgresChangeFeed({
    sql,
    connect: () => new pg.Client({ connectionString: server.url, application_name: 'itc-listener' }),
    retryMs: 50,
    onProblem: (m) => problems.push(m),
  });
  const heard: string[] = [];
  feed.subscribe('inventory', (k) => heard.push(k));
  return { pool, sql, feed, heard, problems };
}

beforeAll(async () => {
  server = await startPostgres();
  const pool = testPool(1);
  await pool.query(MIGRATIONS.find((m) => m.id === 14)!.sql);
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end().catch(() => {})));
  await server?.stop();
});

describe('postgres change feed', () => {
  it('tells the other process at once (by its next catch-up), not the one that made the change', async () => {
    const a = instance();
    const b = instance();
    await vi.waitFor(() => expect(a.feed.connected() && b.feed.connected()).toBe(true));
    await Promise.all([a.feed.catchUp(), b.feed.catchUp()]);
    a.heard.length = 0;
    b.heard.length = 0;
    await a.feed.publish('inventory', 'default/org1');
    await b.feed.catchUp();
    await a.feed.catchUp();
    expect(b.heard).toEqual(['default/org1']);
    expect(a.heard).toEqual([]);
    await Promise.all([a.feed.close(), b.feed.close()]);
  });

  it('a change published inside a transaction is heard only after commit', async () => {
    const a = instance();
    const b = instance();
    await Promise.all([a.feed.catchUp(), b.feed.catchUp()]);
    b.heard.length = 0;
    const client = await a.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_notify($1, $2)', ['console_changes', JSON.stringify({ o: 'other', t: 'inventory', k: 'k' })]);
      await b.feed.catchUp();
      expect(b.heard).toEqual([]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await b.feed.catchUp();
    expect(b.heard).toEqual(['k']);
    await Promise.all([a.feed.close(), b.feed.close()]);
  });

  it('drops everything when its listening connection is lost, reconnects, and hears changes again', async () => {
    const a = instance();
    const b = instance();
    await vi.waitFor(() => expect(b.feed.connected()).toBe(true));
    await b.feed.catchUp();
    b.heard.length = 0;
    // The server ends every listening session of the test (as a restart or a failover would).
    const ended = await a.pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
      'itc-listener',
    ]);
    expect(ended.rowCount).toBeGreaterThan(0);
    await vi.waitFor(() => expect(b.heard).toContain(EVERYTHING));
    await vi.waitFor(() => expect(b.feed.connected()).toBe(true), { timeout: 10_000 });
    await vi.waitFor(async () => {
      await b.feed.catchUp();
      b.heard.length = 0;
      await a.feed.publish('inventory', 'after');
      await b.feed.catchUp();
      expect(b.heard).toEqual(['after']);
    });
    expect(b.problems).toContain('change feed connection lost');
    await Promise.all([a.feed.close(), b.feed.close()]);
  });
});

describe('rate limits in PostgreSQL', () => {
  it('counts one limit across two processes', async () => {
    const a = postgresStore(instance().pool);
    const b = postgresStore(instance().pool);
    const key = `action:local:ada:tokens.create:${Date.now()}`;
    const answers = [];
    // Alternately, as a load balancer would: 3 allowed in all, not 3 each.
    for (const store of [a, b, a, b, a, b]) answers.push((await rateLimit(key, 3, 60_000, store)).allowed);
    expect(answers).toEqual([true, true, true, false, false, false]);
    const refused = await rateLimit(key, 3, 60_000, a);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
  });
});
