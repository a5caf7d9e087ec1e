// Applies the pending migrations, each in its own transaction under the 'migrations' lock: two
// console processes starting together both see a migration as pending, but only the first to get
// the lock applies it (the second re-checks schema_migrations inside the lock and skips it). A
// migration that fails rolls back whole, so the schema stays as it was, and the error names it.
import { MIGRATIONS, type Migration } from './migrations';
import type { Sql } from './sql';

export class MigrationError extends Error {
  constructor(
    readonly migration: Pick<Migration, 'id' | 'name'>,
    cause: unknown,
  ) {
    super(
      `The console's database could not be upgraded: migration ${migration.id} (${migration.name}) failed and was rolled back: ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
      { cause },
    );
    this.name = 'MigrationError';
  }
}

export async function migrate(sql: Sql, migrations: readonly Migration[] = MIGRATIONS): Promise<void> {
  await sql.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set((await sql.all<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => Number(r.id)));
  for (const m of migrations) {
    if (applied.has(m.id)) continue;
    try {
      await sql.transaction(
        async (tx) => {
          if (await tx.get('SELECT 1 AS applied FROM schema_migrations WHERE id = ?', [m.id])) return;
          await tx.exec(tx.dialect === 'postgres' ? (m.postgres ?? m.sql) : m.sql);
          await m.data?.(tx);
          await tx.run('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)', [m.id, m.name, new Date().toISOString()]);
        },
        { lock: 'migrations' },
      );
    } catch (error) {
      throw new MigrationError(m, error);
    }
  }
}
