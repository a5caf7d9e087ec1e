// The one place storage tests open their database: a fresh, migrated store of its own per call.
// SQLite on a temp file; with TEST_POSTGRES_URL (scripts/postgres/with-postgres.ts) a fresh
// database on that PostgreSQL per call, `location` its URL. The tests are the same for both.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { migrate } from '../migrate';
import { openPostgresStorage } from '../open-postgres';
import { PgSql } from '../postgres';
import { openSqliteFile, openSqliteStorage } from '../open-sqlite';
import type { Sql } from '../sql';
import { createTestDatabase, dropTestDatabase, testPostgresUrl } from './test-postgres';

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
    const sql = testPostgresUrl ? new PgSql({ url: location }) : openSqliteFile(location);
    opened.set(location, [...(opened.get(location) ?? []), sql]);
    return Promise.resolve(sql);
  });
}

/** Where the store the test command lines (scripts) read lives: CONSOLE_DATA_DIR for SQLite. */
export function commandEnv(location: string): Record<string, string> {
  return testPostgresUrl ? { DATABASE_URL: location } : { CONSOLE_DATA_DIR: dirname(location) };
}

/**
 * Switches off the database's own guards on the audit tables (append-only triggers), as someone
 * with write access to the database could: tests of the hash chain tamper with rows after this.
 */
export async function dropAuditGuards(sql: Sql, guards: readonly ('update' | 'delete')[] = ['update', 'delete']): Promise<void> {
  const on = sql.dialect === 'postgres' ? ' ON audit_events' : '';
  for (const guard of guards) await sql.exec(`DROP TRIGGER IF EXISTS audit_events_no_${guard}${on}`);
}

function newLocation(): Promise<string> {
  if (testPostgresUrl) return createTestDatabase();
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
      if (testPostgresUrl) await dropTestDatabase(location);
      else rmSync(dirname(location), { recursive: true, force: true });
    },
  };
}

/**
 * A migrated store only this handle sees, gone with it (unit tests that need a database but no
 * second handle: no location, nothing to dispose). SQLite: in memory.
 */
export async function scratchTestStorage(): Promise<Sql> {
  // PostgreSQL: a database of its own, left to the throwaway server.
  if (testPostgresUrl) return openPostgresStorage(await createTestDatabase(), { allowExitOnIdle: true });
  const sql = openSqliteFile(':memory:');
  await migrate(sql);
  return sql;
}

/** Another handle on a store freshTestStorage made (a second console process, a restart). */
export async function openTestStorageAt(location: string): Promise<Sql> {
  const sql = testPostgresUrl ? await openPostgresStorage(location) : await openSqliteStorage(location);
  opened.set(location, [...(opened.get(location) ?? []), sql]);
  return sql;
}

/** The dialect freshTestStorage opens, for the few tests that look at one engine's query plans. */
export const testDialect: Sql['dialect'] = testPostgresUrl ? 'postgres' : 'sqlite';

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
