import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '@/lib/storage/migrate';
import { MIGRATIONS } from '@/lib/storage/migrations';
import { SqliteSql } from '@/lib/storage/sqlite';
import { ACCESS_REQUESTS_MIGRATION } from './schema';

async function migrated() {
  const db = new Database(':memory:');
  await migrate(new SqliteSql(db), MIGRATIONS);
  db.exec(ACCESS_REQUESTS_MIGRATION.sql);
  return db;
}

const insert = (db: Database.Database, values: Record<string, unknown>) => {
  const row = {
    id: 'r1',
    state: 'pending',
    version: 1,
    connection_id: 'default',
    org_id: '0123456789abcdef',
    form: '{}',
    fingerprint: 'f',
    justification: 'j',
    requester_id: 'ana',
    requester_role: 'creator',
    created_at: 1,
    updated_at: 1,
    ...values,
  };
  const cols = Object.keys(row);
  db.prepare(`INSERT INTO access_requests (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(row);
};

describe('access requests migration', () => {
  it('applies after the existing migrations and has no column a token value could go in', async () => {
    const db = await migrated();
    const columns = (db.prepare('PRAGMA table_info(access_requests)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toContain('authorization_id');
    expect(columns.filter((c) => /token|value|secret|password/i.test(c))).toEqual([]);
  });

  it('refuses a review by the requester and an approval without its fingerprint', async () => {
    const db = await migrated();
    expect(() => insert(db, { reviewer_id: 'ana' })).toThrow(/CHECK constraint failed/);
    expect(() => insert(db, { state: 'approved', reviewer_id: 'bo' })).toThrow(/CHECK constraint failed/);
    expect(() => insert(db, { state: 'minted', reviewer_id: 'bo', approved_fingerprint: 'f' })).toThrow(/CHECK constraint failed/);
    insert(db, { state: 'approved', reviewer_id: 'bo', approved_fingerprint: 'f' });
  });

  it('a request that is over stays over', async () => {
    const db = await migrated();
    insert(db, { state: 'denied', reviewer_id: 'bo' });
    expect(() => db.prepare(`UPDATE access_requests SET state = 'pending' WHERE id = 'r1'`).run()).toThrow(/stays over/);
    // Other columns may still change (the minted token's id is written with the state, but a note can follow).
    db.prepare(`UPDATE access_requests SET review_note = 'see chat' WHERE id = 'r1'`).run();
  });
});
