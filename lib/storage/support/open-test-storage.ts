// The one place storage tests open their database: a fresh, migrated store of its own per call.
// Today SQLite on a temp file; running the same tests against PostgreSQL means swapping this
// module (a fresh database per call, `location` its URL), not the tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { migrate } from '../migrate';
import { openSqliteFile, openSqliteStorage } from '../open-sqlite';
import type { Sql } from '../sql';

export interface TestStorage {
  sql: Sql;
  /** Where another handle or process opens the same store (openTestStorageAt). */
  location: string;
  /** Closes every handle opened on it and removes it. */
  dispose(): Promise<void>;
}

const opened = new Map<string, Sql[]>();

/** A new store with every migration applied. */
export async function freshTestStorage(): Promise<TestStorage> {
  return handOut(await newLocation(), openTestStorageAt);
}

/** A new store with nothing applied, not even schema_migrations (for migration tests). */
export async function emptyTestStorage(): Promise<TestStorage> {
  return handOut(await newLocation(), (location) => {
    const sql = openSqliteFile(location);
    opened.set(location, [...(opened.get(location) ?? []), sql]);
    return Promise.resolve(sql);
  });
}

/** Where the store the test command lines (scripts) read lives: CONSOLE_DATA_DIR for SQLite. */
export function commandEnv(location: string): Record<string, string> {
  return { CONSOLE_DATA_DIR: dirname(location) };
}

/**
 * Switches off the database's own guards on the audit tables (append-only triggers), as someone
 * with write access to the database could: tests of the hash chain tamper with rows after this.
 */
export async function dropAuditGuards(sql: Sql, guards: readonly ('update' | 'delete')[] = ['update', 'delete']): Promise<void> {
  for (const guard of guards) await sql.exec(`DROP TRIGGER IF EXISTS audit_events_no_${guard}`);
}

function newLocation(): Promise<string> {
  return Promise.resolve(join(mkdtempSync(join(tmpdir(), 'itc-storage-')), 'console.sqlite'));
}

async function handOut(location: string, open: (location: string) => Promise<Sql>): Promise<TestStorage> {
  const sql = await open(location);
  return {
    sql,
    location,
    async dispose() {
      for (const handle of opened.get(location) ?? []) await handle.close().catch(() => undefined);
      opened.delete(location);
      rmSync(dirname(location), { recursive: true, force: true });
    },
  };
}

/**
 * A migrated store only this handle sees, gone with it (unit tests that need a database but no
 * second handle: no location, nothing to dispose). SQLite: in memory.
 */
export async function scratchTestStorage(): Promise<Sql> {
  const sql = openSqliteFile(':memory:');
  await migrate(sql);
  return sql;
}

/** Another handle on a store freshTestStorage made (a second console process, a restart). */
export async function openTestStorageAt(location: string): Promise<Sql> {
  const sql = await openSqliteStorage(location);
  opened.set(location, [...(opened.get(location) ?? []), sql]);
  return sql;
}

/** The dialect freshTestStorage opens, for the few tests that look at one engine's query plans. */
export const testDialect: Sql['dialect'] = 'sqlite';

/**
 * For a test file that opens several stores: `const stores = testStorages(); afterEach(stores.disposeAll);`
 * then `const sql = await stores.open()` in each test.
 */
export function testStorages() {
  const made: TestStorage[] = [];
  return {
    open: async (): Promise<Sql> => {
      const s = await freshTestStorage();
      made.push(s);
      return s.sql;
    },
    disposeAll: async (): Promise<void> => {
      for (const s of made.splice(0)) await s.dispose();
    },
  };
}
