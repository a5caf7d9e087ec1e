// Opens a SQLite file as `Sql`. The console's storage() opens CONSOLE_DATA_DIR's file migrated;
// tests and scripts open their own files with these (lib/storage/support/, scripts/audit-verify.ts).
import Database from 'better-sqlite3';
import { migrate } from './migrate';
import type { Sql } from './sql';
import { SqliteSql } from './sqlite';

/** The file as it is, nothing applied. Read-only: for checks that must not change what they check. */
export function openSqliteFile(file: string, opts: { readonly?: boolean } = {}): Sql {
  const handle = opts.readonly ? new Database(file, { readonly: true, fileMustExist: true }) : new Database(file);
  // WAL lets two console processes on one data folder read and write the same file safely.
  if (!opts.readonly) handle.pragma('journal_mode = WAL');
  handle.pragma('busy_timeout = 5000');
  handle.pragma('foreign_keys = ON');
  return new SqliteSql(handle);
}

/** The file with every migration applied. */
export async function openSqliteStorage(file: string): Promise<Sql> {
  const sql = openSqliteFile(file);
  try {
    await migrate(sql);
  } catch (error) {
    await sql.close();
    throw error;
  }
  return sql;
}
