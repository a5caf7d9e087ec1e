// The `Sql` contract, run against both implementations: the embedded SQLite and a real PostgreSQL
// (Debian's server, started by scripts/postgres/harness.ts). Every store is written against this
// interface, so whatever a store may rely on is pinned here for both dialects.
import { createServer } from 'node:net';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresInstance } from '@/scripts/postgres/harness';
import { DatabaseUnreachableError, PgSql } from './postgres';
import type { Sql } from './sql';
import { SqliteSql } from './sqlite';

let server: PostgresInstance;
let admin: pg.Client;
let databases = 0;
const opened: Sql[] = [];

beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
});

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await admin?.end();
  await server?.stop();
});

/** A fresh, empty PostgreSQL database on the shared server, and its URL. */
async function freshDatabase(): Promise<string> {
  const name = `contract_${++databases}`;
  await admin.query(`CREATE DATABASE ${name}`);
  return server.url.replace(/\/postgres$/, `/${name}`);
}

function track<T extends Sql>(sql: T): T {
  opened.push(sql);
  return sql;
}

const implementations: [string, () => Promise<Sql>][] = [
  ['sqlite', async () => track(new SqliteSql(new Database(':memory:')))],
  ['postgres', async () => track(new PgSql({ url: await freshDatabase() }))],
];

describe.each(implementations)('Sql contract on %s', (dialect, fresh) => {
  it('names its dialect', async () => {
    expect((await fresh()).dialect).toBe(dialect);
  });

  it('reads and writes with ? placeholders and counts changes', async () => {
    const sql = await fresh();
    await sql.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
    expect(await sql.run('INSERT INTO t (k, v) VALUES (?, ?), (?, ?)', ['a', 1, 'b', 2])).toEqual({ changes: 2 });
    expect(await sql.get('SELECT v FROM t WHERE k = ?', ['b'])).toEqual({ v: 2 });
    expect(await sql.get('SELECT v FROM t WHERE k = ?', ['none'])).toBeUndefined();
    expect(await sql.all('SELECT k FROM t ORDER BY k')).toEqual([{ k: 'a' }, { k: 'b' }]);
    expect(await sql.run('UPDATE t SET v = v + 1')).toEqual({ changes: 2 });
    expect(await sql.run('DELETE FROM t WHERE k = ?', ['none'])).toEqual({ changes: 0 });
  });

  it('keeps a ? inside a quoted string as text', async () => {
    const sql = await fresh();
    await sql.exec('CREATE TABLE t (k TEXT NOT NULL, v TEXT NOT NULL)');
    await sql.run("INSERT INTO t (k, v) VALUES (?, 'what?')", ['a']);
    expect(await sql.get("SELECT v, 'it''s ?' AS w FROM t WHERE k = ?", ['a'])).toEqual({ v: 'what?', w: "it's ?" });
  });

  it('reads BIGINT columns, COUNT(*) and SUM as numbers', async () => {
    const sql = await fresh();
    await sql.exec('CREATE TABLE t (due_at BIGINT NOT NULL)');
    const epochMs = Date.UTC(2026, 10, 30, 12, 0, 0, 123);
    await sql.run('INSERT INTO t (due_at) VALUES (?), (?)', [epochMs, epochMs + 1]);
    expect(await sql.all('SELECT due_at FROM t WHERE due_at <= ? ORDER BY due_at', [epochMs + 1])).toEqual([
      { due_at: epochMs },
      { due_at: epochMs + 1 },
    ]);
    expect(await sql.get('SELECT COUNT(*) AS n, SUM(due_at) AS total FROM t')).toEqual({ n: 2, total: 2 * epochMs + 1 });
  });

  it('runs a script of several statements with exec', async () => {
    const sql = await fresh();
    await sql.exec(`
      CREATE TABLE a (x INTEGER NOT NULL);
      CREATE TABLE b (y TEXT NOT NULL);
      INSERT INTO a (x) VALUES (1);
      INSERT INTO b (y) VALUES ('one');
    `);
    expect(await sql.get('SELECT (SELECT x FROM a) AS x, (SELECT y FROM b) AS y')).toEqual({ x: 1, y: 'one' });
  });

  it('supports INSERT ... ON CONFLICT and RETURNING', async () => {
    const sql = await fresh();
    await sql.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
    expect(await sql.get('INSERT INTO t (k, v) VALUES (?, ?) RETURNING k, v', ['a', 1])).toEqual({ k: 'a', v: 1 });
    expect(await sql.run('INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT (k) DO NOTHING', ['a', 9])).toEqual({ changes: 0 });
    await sql.run('INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', ['a', 2]);
    expect(await sql.all('SELECT k, v FROM t')).toEqual([{ k: 'a', v: 2 }]);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const sql = await fresh();
    await sql.exec('CREATE TABLE t (v INTEGER NOT NULL)');
    expect(await sql.transaction(async (tx) => (await tx.run('INSERT INTO t (v) VALUES (1)')).changes)).toBe(1);
    await expect(
      sql.transaction(async (tx) => {
        await tx.run('INSERT INTO t (v) VALUES (2)');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await sql.all('SELECT v FROM t')).toEqual([{ v: 1 }]);
  });

  it('keeps a statement from another request out of an open transaction', async () => {
    const sql = await fresh();
    await sql.exec('CREATE TABLE t (v INTEGER NOT NULL)');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const insertedInside = new Promise<void>((r) => (inserted = r));
    const tx = sql.transaction(async (t) => {
      await t.run('INSERT INTO t (v) VALUES (1)');
      inserted();
      await held;
      throw new Error('roll back');
    });
    await insertedInside;
    // Sent while the transaction is open: must not become part of it (and so survive its rollback).
    const outside = sql.run('INSERT INTO t (v) VALUES (2)');
    release();
    await expect(tx).rejects.toThrow('roll back');
    await outside;
    expect(await sql.all('SELECT v FROM t')).toEqual([{ v: 2 }]);
  });

  it('lets code awaited inside a transaction join it through the shared handle', async () => {
    const sql = await fresh();
    await sql.exec('CREATE TABLE t (v INTEGER NOT NULL)');
    const store = (v: number) => sql.run('INSERT INTO t (v) VALUES (?)', [v]);
    await sql.transaction(async () => {
      await store(1);
      await sql.transaction(async () => store(2), { lock: 'inner' });
    });
    await expect(
      sql.transaction(async () => {
        await store(3);
        await sql.transaction(async () => store(4));
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await sql.all('SELECT v FROM t ORDER BY v')).toEqual([{ v: 1 }, { v: 2 }]);
  });

  it('runs read-then-write transactions naming one lock one after another', async () => {
    const sql = await fresh();
    await sql.exec('CREATE TABLE c (n INTEGER NOT NULL)');
    await sql.run('INSERT INTO c (n) VALUES (0)');
    // Read-then-write in each: interleaved, two would read the same n and one increment would be lost.
    await Promise.all(
      Array.from({ length: 20 }, () =>
        sql.transaction(
          async (t) => {
            const { n } = (await t.get<{ n: number }>('SELECT n FROM c'))!;
            await Promise.resolve();
            await t.run('UPDATE c SET n = ?', [n + 1]);
          },
          { lock: 'counter' },
        ),
      ),
    );
    expect(await sql.get('SELECT n FROM c')).toEqual({ n: 20 });
  });

  it('undoes a schema change made in a transaction that rolls back', async () => {
    const sql = await fresh();
    await sql.exec('CREATE TABLE kept (v INTEGER NOT NULL)');
    await expect(
      sql.transaction(async (tx) => {
        await tx.exec('CREATE TABLE added (v INTEGER NOT NULL); ALTER TABLE kept ADD COLUMN w TEXT;');
        await tx.exec('CREATE TABLE kept (v INTEGER NOT NULL)');
      }),
    ).rejects.toThrow(/already exists/);
    await expect(sql.all('SELECT * FROM added')).rejects.toThrow();
    await sql.run('INSERT INTO kept (v) VALUES (1)');
    expect(await sql.all('SELECT * FROM kept')).toEqual([{ v: 1 }]);
  });

  it('reports a failing statement with the database error', async () => {
    const sql = await fresh();
    await sql.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
    await sql.run('INSERT INTO t (k) VALUES (?)', ['a']);
    await expect(sql.run('INSERT INTO t (k) VALUES (?)', ['a'])).rejects.toThrow(/UNIQUE|unique/);
    // The handle still works afterwards, in and out of transactions.
    expect(await sql.transaction(async (tx) => tx.get('SELECT COUNT(*) AS n FROM t'))).toEqual({ n: 1 });
  });
});

describe('PgSql only', () => {
  it('shares one database between two pools, with the named lock holding across them', async () => {
    const url = await freshDatabase();
    const a = track(new PgSql({ url, max: 4 }));
    const b = track(new PgSql({ url, max: 4 }));
    await a.exec('CREATE TABLE c (n INTEGER NOT NULL)');
    await a.run('INSERT INTO c (n) VALUES (0)');
    // Two console processes: 20 read-then-write transactions spread over both, on 8 connections.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).transaction(
          async (t) => {
            const { n } = (await t.get<{ n: number }>('SELECT n FROM c'))!;
            await t.get('SELECT pg_sleep(0)');
            await t.run('UPDATE c SET n = ?', [n + 1]);
          },
          { lock: 'counter' },
        ),
      ),
    );
    expect(await b.get('SELECT n FROM c')).toEqual({ n: 20 });
    await b.run('INSERT INTO c (n) VALUES (?)', [7]);
    expect(await a.all('SELECT n FROM c ORDER BY n')).toEqual([{ n: 7 }, { n: 20 }]);
  });

  it('loses increments without the lock (the lock is what the previous test relies on)', async () => {
    const url = await freshDatabase();
    const a = track(new PgSql({ url, max: 4 }));
    const b = track(new PgSql({ url, max: 4 }));
    await a.exec('CREATE TABLE c (n INTEGER NOT NULL)');
    await a.run('INSERT INTO c (n) VALUES (0)');
    // All readers read before any writer writes: a barrier, not a timing guess.
    let arrived = 0;
    let open!: () => void;
    const barrier = new Promise<void>((r) => (open = r));
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        (i % 2 ? a : b).transaction(async (t) => {
          const { n } = (await t.get<{ n: number }>('SELECT n FROM c'))!;
          if (++arrived === 4) open();
          await barrier;
          await t.run('UPDATE c SET n = ?', [n + 1]);
        }),
      ),
    );
    expect((await a.get<{ n: number }>('SELECT n FROM c'))!.n).toBeLessThan(4);
  });

  it('ends a transaction at its first failing statement (what sql.ts tells stores to expect)', async () => {
    const sql = track(new PgSql({ url: await freshDatabase() }));
    await sql.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
    await sql.run("INSERT INTO t (k) VALUES ('a')");
    await expect(
      sql.transaction(async (tx) => {
        await tx.run("INSERT INTO t (k) VALUES ('b')");
        await tx.run("INSERT INTO t (k) VALUES ('a')").catch(() => undefined);
        await tx.run("INSERT INTO t (k) VALUES ('c')");
      }),
    ).rejects.toThrow(/current transaction is aborted/);
    expect(await sql.all('SELECT k FROM t ORDER BY k')).toEqual([{ k: 'a' }]);
    // The conflict-free way: ON CONFLICT, and `changes` says whether the row was new.
    await sql.transaction(async (tx) => {
      expect(await tx.run("INSERT INTO t (k) VALUES ('a') ON CONFLICT (k) DO NOTHING")).toEqual({ changes: 0 });
      await tx.run("INSERT INTO t (k) VALUES ('c')");
    });
    expect(await sql.all('SELECT k FROM t ORDER BY k')).toEqual([{ k: 'a' }, { k: 'c' }]);
  });

  it('says which database it cannot reach, without the password', async () => {
    const port = await closedPort();
    const sql = track(new PgSql({ url: `postgres://console:s3cret-Passw0rd@127.0.0.1:${port}/console` }));
    const failure = await sql.get('SELECT 1').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseUnreachableError);
    const message = (failure as Error).message;
    expect(message).toContain(`The console's database (PostgreSQL at 127.0.0.1:${port}) is not reachable:`);
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).not.toContain('s3cret');
    await expect(sql.transaction(async () => 1)).rejects.toBeInstanceOf(DatabaseUnreachableError);
  });

  it('names a login the server refuses as not reachable, without the password', async () => {
    const url = await freshDatabase();
    const sql = track(new PgSql({ url: url.replace('postgres@', 'postgres:pw-Secret-123@').replace(/\/contract_\d+$/, '/no_such_db') }));
    const failure = (await sql.get('SELECT 1').catch((error: unknown) => error)) as Error;
    expect(failure).toBeInstanceOf(DatabaseUnreachableError);
    expect(failure.message).toMatch(/no_such_db.*does not exist/);
    expect(failure.message).not.toContain('pw-Secret-123');
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
