import 'server-only';
// Called once from instrumentation.ts before anything serves: a database the console cannot reach
// stops the start with one line saying which one and why, instead of every page failing later.
import { DatabaseUnreachableError } from './postgres';
import type { Sql } from './sql';

export async function checkStorageOrExit(sql: Sql, prepare: (sql: Sql) => Promise<void>): Promise<void> {
  try {
    await prepare(sql);
  } catch (error) {
    if (error instanceof DatabaseUnreachableError) {
      console.error(error.message);
      await sql.close().catch(() => undefined);
      process.exit(1);
    }
    throw error;
  }
}
