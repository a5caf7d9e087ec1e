// The migration runner: a failing migration leaves the schema as it was and says which one failed;
// two processes migrating one database together apply each migration once.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, MigrationError } from './migrate';
import { MIGRATIONS, type Migration } from './migrations';
import { emptyTestStorage, testDialect, type TestStorage } from './support/open-test-storage';

let store: TestStorage;
beforeEach(async () => {
  store = await emptyTestStorage();
});
afterEach(() => store.dispose());

/** The test's own tables (t_...), from the catalogue of each engine. */
const tables = async () => {
  const catalogue =
    testDialect === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't!_%' ESCAPE '!' ORDER BY name"
      : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 't!_%' ESCAPE '!' ORDER BY table_name";
  return (await store.sql.all<{ name: string }>(catalogue)).map((r) => r.name);
};

describe('migrate', () => {
  it('rolls a failing migration back whole, keeps the ones before it, and names it', async () => {
    const list: Migration[] = [
      { id: 1, name: 'first', sql: 'CREATE TABLE t_first (k TEXT PRIMARY KEY)' },
      {
        id: 2,
        name: 'half done',
        // The first statement works; the second refers to a table that does not exist.
        sql: 'CREATE TABLE t_second (k TEXT PRIMARY KEY); CREATE INDEX t_nowhere_k ON t_nowhere(k);',
      },
    ];
    const failure = await migrate(store.sql, list).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as MigrationError).message).toMatch(/migration 2 \(half done\) failed and was rolled back: .*t_nowhere/);
    expect(await tables()).toEqual(['t_first']);
    expect(await store.sql.all('SELECT id FROM schema_migrations ORDER BY id')).toEqual([{ id: 1 }]);
  });

  it('a failing data step rolls back its SQL too', async () => {
    const list: Migration[] = [
      {
        id: 1,
        name: 'with data',
        sql: 'CREATE TABLE t_data (k TEXT PRIMARY KEY)',
        data: async (tx) => {
          await tx.run("INSERT INTO t_data (k) VALUES ('a')");
          throw new Error('the data step failed');
        },
      },
    ];
    await expect(migrate(store.sql, list)).rejects.toThrow(/migration 1 \(with data\) failed and was rolled back: the data step failed/);
    expect(await tables()).toEqual([]);
    expect(await store.sql.all('SELECT id FROM schema_migrations')).toEqual([]);
  });

  it('two processes starting together on one empty database apply each migration once', async () => {
    const start = () => {
      const child = spawn(
        process.execPath,
        ['--conditions', 'react-server', '--import', 'tsx', join(__dirname, 'support', 'migrate-worker.ts'), store.location],
        { cwd: join(__dirname, '..', '..'), stdio: ['pipe', 'pipe', 'inherit'] },
      );
      const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      const done = new Promise<number | null>((resolve) => child.on('exit', resolve));
      return { child, ready, done };
    };
    const a = start();
    const b = start();
    await Promise.all([a.ready, b.ready]);
    a.child.stdin.write('go');
    b.child.stdin.write('go');
    expect(await Promise.all([a.done, b.done])).toEqual([0, 0]);
    const applied = await store.sql.all<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(applied.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
  }, 60_000);
});
