// storage()'s handle before and after its one migration run: calls wait for it, a failed run
// rejects them with the migration's own error, and the next call tries again.
import { afterEach, describe, expect, it } from 'vitest';
import { MigratedOnFirstUse } from './db';
import { migrate, MigrationError } from './migrate';
import { emptyTestStorage, type TestStorage } from './support/open-test-storage';

const opened: TestStorage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.dispose();
});

describe('the storage handle', () => {
  it('runs the migrations once, on first use, however many calls arrive together', async () => {
    let runs = 0;
    const handle = new MigratedOnFirstUse('sqlite', async () => {
      runs++;
      const s = await emptyTestStorage();
      opened.push(s);
      await migrate(s.sql, [{ id: 1, name: 'table', sql: 'CREATE TABLE t_kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL)' }]);
      return s.sql;
    });
    await Promise.all([handle.run("INSERT INTO t_kv (k, v) VALUES ('a', 1)"), handle.run("INSERT INTO t_kv (k, v) VALUES ('b', 2)")]);
    expect(await handle.all('SELECT k FROM t_kv ORDER BY k')).toEqual([{ k: 'a' }, { k: 'b' }]);
    expect(runs).toBe(1);
  });

  it('a failed migration rejects the waiting calls with its reason, and the next call tries again', async () => {
    let attempt = 0;
    const handle = new MigratedOnFirstUse('sqlite', async () => {
      attempt++;
      const s = await emptyTestStorage();
      opened.push(s);
      await migrate(s.sql, [
        { id: 1, name: 'broken', sql: attempt === 1 ? 'CREATE INDEX t_i ON t_nowhere(k)' : 'CREATE TABLE t_ok (k TEXT)' },
      ]);
      return s.sql;
    });
    const [a, b] = await Promise.allSettled([handle.get('SELECT 1 AS one'), handle.get('SELECT 1 AS one')]);
    for (const r of [a, b]) {
      expect(r.status).toBe('rejected');
      const reason = (r as PromiseRejectedResult).reason as unknown;
      expect(reason).toBeInstanceOf(MigrationError);
      expect(String((reason as Error).message)).toMatch(/migration 1 \(broken\) failed and was rolled back/);
    }
    expect(await handle.get('SELECT 1 AS one')).toEqual({ one: 1 });
    expect(attempt).toBe(2);
  });
});
