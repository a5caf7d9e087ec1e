// Opens a PostgreSQL database (DATABASE_URL) as `Sql`, with every migration applied. The console's
// storage() uses it; the storage tests open their own databases with it (lib/storage/support/).
import { migrate } from './migrate';
import { PgSql, type PgSqlOptions } from './postgres';
import type { Sql } from './sql';

export async function openPostgresStorage(url: string, options: Omit<PgSqlOptions, 'url'> = {}): Promise<Sql> {
  const sql = new PgSql({ ...options, url });
  try {
    await migrate(sql);
  } catch (error) {
    await sql.close();
    throw error;
  }
  return sql;
}
