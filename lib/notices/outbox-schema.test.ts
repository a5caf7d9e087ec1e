import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '@/lib/storage/migrate';
import { MIGRATIONS } from '@/lib/storage/migrations';
import { SqliteSql } from '@/lib/storage/sqlite';
import { EXPIRY_NOTICES_MIGRATION } from './outbox-schema';

describe('expiry notices migration', () => {
  it('is migration 10, applies after the others, and its key refuses a second row for the same notice', async () => {
    const db = new Database(':memory:');
    await migrate(new SqliteSql(db), MIGRATIONS);
    expect(MIGRATIONS.find((m) => m.id === 10)).toMatchObject(EXPIRY_NOTICES_MIGRATION);
    const insert = db.prepare(
      `INSERT INTO expiry_notices (id, authorization_id, expires_at, kind, channel, state, facts, due_at, created_at, next_attempt_at)
       VALUES ('n1', '0a1b2c3d4e5f6a7b', 1, 'expired', 'email', 'pending', '{}', 1, 1, 1)`,
    );
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE constraint failed/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO expiry_notices (id, authorization_id, expires_at, kind, channel, state, facts, due_at, created_at, next_attempt_at)
           VALUES ('n2', '0a1b2c3d4e5f6a7b', 1, 'before-3d', 'email', 'maybe', '{}', 1, 1, 1)`,
        )
        .run(),
    ).toThrow(/CHECK constraint failed/);
  });
});
