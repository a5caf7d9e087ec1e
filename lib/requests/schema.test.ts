import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '@/lib/storage/migrations';
import { ACCESS_REQUESTS_MIGRATION } from './schema';

function migrated() {
  const db = new Database(':memory:');
  for (const m of MIGRATIONS) {
    db.exec(m.sql);
    m.data?.(db);
  }
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
  it('applies after the existing migrations and has no column a token value could go in', () => {
    const db = migrated();
    const columns = (db.prepare('PRAGMA table_info(access_requests)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toContain('authorization_id');
    expect(columns.filter((c) => /token|value|secret|password/i.test(c))).toEqual([]);
  });

  it('refuses a review by the requester and an approval without its fingerprint', () => {
    const db = migrated();
    expect(() => insert(db, { reviewer_id: 'ana' })).toThrow(/CHECK constraint failed/);
    expect(() => insert(db, { state: 'approved', reviewer_id: 'bo' })).toThrow(/CHECK constraint failed/);
    expect(() => insert(db, { state: 'minted', reviewer_id: 'bo', approved_fingerprint: 'f' })).toThrow(/CHECK constraint failed/);
    insert(db, { state: 'approved', reviewer_id: 'bo', approved_fingerprint: 'f' });
  });

  it('is migration 11, in the list every console applies at start', () => {
    expect(MIGRATIONS.find((m) => m.id === 11)).toBe(ACCESS_REQUESTS_MIGRATION);
    expect(new Set(MIGRATIONS.map((m) => m.id)).size).toBe(MIGRATIONS.length);
  });

  it('uses only what PostgreSQL reads too: no AUTOINCREMENT, triggers, datetime() or INSERT OR', () => {
    expect(ACCESS_REQUESTS_MIGRATION.sql).not.toMatch(/AUTOINCREMENT|TRIGGER|datetime\(|INSERT OR|RAISE\(/i);
    // Epoch milliseconds overflow PostgreSQL's INTEGER.
    expect(ACCESS_REQUESTS_MIGRATION.sql).not.toMatch(/_at INTEGER/);
  });
});
