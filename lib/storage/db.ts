import 'server-only';
// The console's own database: embedded SQLite (better-sqlite3) in CONSOLE_DATA_DIR. WAL mode lets
// two console processes on one data folder read and write the same file safely.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { getConfig } from '@/lib/config/server-config';
import { MIGRATIONS } from './migrations';
import { PgSql } from './postgres';
import type { Sql } from './sql';
import { SqliteSql } from './sqlite';

let db: Database.Database | undefined;
let sql: Sql | undefined;

export function openDatabase(file: string): Database.Database {
  const handle = new Database(file);
  handle.pragma('journal_mode = WAL');
  handle.pragma('busy_timeout = 5000');
  handle.pragma('foreign_keys = ON');
  migrate(handle);
  return handle;
}

export function migrate(handle: Database.Database) {
  handle.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(
    handle
      .prepare('SELECT id FROM schema_migrations')
      .all()
      .map((r) => (r as { id: number }).id),
  );
  for (const m of MIGRATIONS) {
    if (applied.has(m.id)) continue;
    // IMMEDIATE: two processes starting together must not both apply the same migration.
    handle
      .transaction(() => {
        const again = handle.prepare('SELECT 1 FROM schema_migrations WHERE id = ?').get(m.id);
        if (again) return;
        handle.exec(m.sql);
        m.data?.(handle);
        handle.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, new Date().toISOString());
      })
      .immediate();
  }
}

export function database(): Database.Database {
  if (!db) {
    const dir = getConfig().CONSOLE_DATA_DIR;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    db = openDatabase(join(dir, 'console.sqlite'));
  }
  return db;
}

/** The console's storage, through the one interface every store uses. */
export function storage(): Sql {
  sql ??= openStorage();
  return sql;
}

// DATABASE_URL: a PostgreSQL shared by several console processes; otherwise the embedded SQLite file.
function openStorage(): Sql {
  const url = getConfig().DATABASE_URL;
  return url ? new PgSql({ url }) : new SqliteSql(database());
}
