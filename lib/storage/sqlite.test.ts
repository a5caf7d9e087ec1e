import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { SqliteSql } from './sqlite';

function fresh() {
  const sql = new SqliteSql(new Database(':memory:'));
  return sql;
}

describe('SqliteSql', () => {
  it('reads and writes with ? placeholders and counts changes', async () => {
    const sql = fresh();
    await sql.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
    expect(await sql.run('INSERT INTO t (k, v) VALUES (?, ?), (?, ?)', ['a', 1, 'b', 2])).toEqual({ changes: 2 });
    expect(await sql.get('SELECT v FROM t WHERE k = ?', ['b'])).toEqual({ v: 2 });
    expect(await sql.get('SELECT v FROM t WHERE k = ?', ['none'])).toBeUndefined();
    expect(await sql.all('SELECT k FROM t ORDER BY k')).toEqual([{ k: 'a' }, { k: 'b' }]);
  });

  it('keeps a statement from another request out of an open transaction', async () => {
    const sql = fresh();
    await sql.exec('CREATE TABLE t (v INTEGER NOT NULL)');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = sql.transaction(async (t) => {
      await t.run('INSERT INTO t (v) VALUES (1)');
      await held;
      throw new Error('roll back');
    });
    // Sent while the transaction is open: must not become part of it (and so survive its rollback).
    const outside = sql.run('INSERT INTO t (v) VALUES (2)');
    release();
    await expect(tx).rejects.toThrow('roll back');
    await outside;
    expect(await sql.all('SELECT v FROM t')).toEqual([{ v: 2 }]);
  });

  it('lets code awaited inside a transaction join it through the shared handle', async () => {
    const sql = fresh();
    await sql.exec('CREATE TABLE t (v INTEGER NOT NULL)');
    const store = (v: number) => sql.run('INSERT INTO t (v) VALUES (?)', [v]);
    await sql.transaction(async () => {
      await store(1);
      await sql.transaction(async () => store(2));
    });
    await expect(
      sql.transaction(async () => {
        await store(3);
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await sql.all('SELECT v FROM t ORDER BY v')).toEqual([{ v: 1 }, { v: 2 }]);
  });

  it('runs transactions one after another', async () => {
    const sql = fresh();
    await sql.exec('CREATE TABLE c (n INTEGER NOT NULL)');
    await sql.run('INSERT INTO c (n) VALUES (0)');
    // Read-then-write in each: interleaved, two would read the same n and one increment would be lost.
    await Promise.all(
      Array.from({ length: 20 }, () =>
        sql.transaction(async (t) => {
          const { n } = (await t.get<{ n: number }>('SELECT n FROM c'))!;
          await Promise.resolve();
          await t.run('UPDATE c SET n = ?', [n + 1]);
        }),
      ),
    );
    expect(await sql.get('SELECT n FROM c')).toEqual({ n: 20 });
  });

  it('reuses a prepared statement, which still sees a column a later migration adds', async () => {
    const sql = fresh();
    const prepare = vi.spyOn(sql.handle, 'prepare');
    await sql.exec('CREATE TABLE t (k TEXT NOT NULL)');
    await sql.run('INSERT INTO t (k) VALUES (?)', ['a']);
    expect(await sql.all('SELECT * FROM t')).toEqual([{ k: 'a' }]);
    expect(await sql.all('SELECT * FROM t')).toEqual([{ k: 'a' }]);
    expect(prepare.mock.calls.map(([text]) => text)).toEqual(['INSERT INTO t (k) VALUES (?)', 'SELECT * FROM t']);
    await sql.exec('ALTER TABLE t ADD COLUMN v INTEGER NOT NULL DEFAULT 7');
    // The same text as before: the kept statement must answer with the new column.
    expect(await sql.all('SELECT * FROM t')).toEqual([{ k: 'a', v: 7 }]);
    await sql.exec('DROP TABLE t');
    await expect(sql.all('SELECT * FROM t')).rejects.toThrow(/no such table/);
  });

  it('answers every text when there are more distinct texts than it keeps', async () => {
    const sql = fresh();
    await sql.exec('CREATE TABLE t (v INTEGER NOT NULL)');
    await sql.run('INSERT INTO t (v) VALUES (1)');
    // Texts made from data (an IN list of varying length): more than are kept, then the first again.
    const texts = Array.from({ length: 700 }, (_, i) => `SELECT v + ${i} AS w FROM t`);
    for (const [i, text] of texts.entries()) expect(await sql.get(text)).toEqual({ w: 1 + i });
    expect(await sql.get(texts[0]!)).toEqual({ w: 1 });
  });

  it('refuses all() on a statement that returns no data, and keeps working after', async () => {
    const sql = fresh();
    await sql.exec('CREATE TABLE t (v INTEGER NOT NULL)');
    await expect(sql.all('INSERT INTO t (v) VALUES (1)')).rejects.toThrow(/does not return data/);
    expect(await sql.run('INSERT INTO t (v) VALUES (1)')).toEqual({ changes: 1 });
    expect(await sql.all('SELECT v FROM t')).toEqual([{ v: 1 }]);
  });
});
