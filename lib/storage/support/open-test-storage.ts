// The one place storage tests open their database: a fresh, migrated store of its own per call.
// Today SQLite on a temp file; running the same tests against PostgreSQL means swapping this
// module (a fresh database per call, `location` its URL), not the tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStorage } from '../open-sqlite';
import type { Sql } from '../sql';

export interface TestStorage {
  sql: Sql;
  /** Where another handle or process opens the same store (openTestStorageAt). */
  location: string;
  /** Closes every handle opened on it and removes it. */
  dispose(): Promise<void>;
}

const opened = new Map<string, Sql[]>();

export async function freshTestStorage(): Promise<TestStorage> {
  const dir = mkdtempSync(join(tmpdir(), 'itc-storage-'));
  const location = join(dir, 'console.sqlite');
  const sql = await openTestStorageAt(location);
  return {
    sql,
    location,
    async dispose() {
      for (const handle of opened.get(location) ?? []) await handle.close().catch(() => undefined);
      opened.delete(location);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Another handle on a store freshTestStorage made (a second console process, a restart). */
export async function openTestStorageAt(location: string): Promise<Sql> {
  const sql = await openSqliteStorage(location);
  opened.set(location, [...(opened.get(location) ?? []), sql]);
  return sql;
}
