// Opens a SQLite file as `Sql`, with every migration applied. The console's storage() uses it for
// CONSOLE_DATA_DIR; tests and scripts open their own files with it (lib/storage/support/).
import Database from 'better-sqlite3';
import { migrate } from './migrate';
import type { Sql } from './sql';
import { SqliteSql } from './sqlite';

export async function openSqliteStorage(file: string): Promise<Sql> {
  const handle = new Database(file);
  handle.pragma('journal_mode = WAL');
  handle.pragma('busy_timeout = 5000');
  handle.pragma('foreign_keys = ON');
  const sql = new SqliteSql(handle);
  try {
    await migrate(sql);
  } catch (error) {
    await sql.close();
    throw error;
  }
  return sql;
}
