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
  if (!opts.readonly) {
    handle.pragma('journal_mode = WAL');
    // NORMAL, stated here rather than left to the build: better-sqlite3 is compiled with
    // SQLITE_DEFAULT_WAL_SYNCHRONOUS=1, so it is what the console has always run with. In WAL mode a
    // commit then appends to the WAL without an fsync (the WAL is synced at checkpoints). That is
    // safe against a crash or kill of the console process (nothing committed is lost) but not
    // against a power cut or OS crash, after which the last commits since a checkpoint may be gone,
    // as whole transactions (the file stays consistent and the audit chain still verifies; it ends
    // earlier). FULL would sync every commit: about 1 ms each on the benchmark machine, two per
    // mint, and better-sqlite3 being synchronous, every other request would wait through them.
    // Where the audit trail must survive a power cut, run on PostgreSQL (DATABASE_URL), which
    // commits durably.
    handle.pragma('synchronous = NORMAL');
  }
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
