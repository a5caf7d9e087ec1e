import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '@/lib/storage/migrations';
import type { Sql } from '@/lib/storage/sql';
import { scratchTestStorage } from '@/lib/storage/support/open-test-storage';
import { ACCESS_REQUESTS_MIGRATION } from './schema';

const insert = (sql: Sql, values: Record<string, string | number>) => {
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
  return sql.run(`INSERT INTO access_requests (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, Object.values(row));
};

const CHECK_FAILED = /CHECK constraint failed|violates check constraint/;

describe('access requests migration', () => {
  it('applies with the others and has no column a token value could go in', async () => {
    const sql = await scratchTestStorage();
    const columns = (
      await sql.all<{ name: string }>(
        sql.dialect === 'sqlite'
          ? 'PRAGMA table_info(access_requests)'
          : `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'access_requests'`,
      )
    ).map((c) => c.name);
    expect(columns).toContain('authorization_id');
    expect(columns.filter((c) => /token|value|secret|password/i.test(c))).toEqual([]);
  });

  it('refuses a review by the requester and an approval without its fingerprint', async () => {
    const sql = await scratchTestStorage();
    await expect(insert(sql, { reviewer_id: 'ana' })).rejects.toThrow(CHECK_FAILED);
    await expect(insert(sql, { state: 'approved', reviewer_id: 'bo' })).rejects.toThrow(CHECK_FAILED);
    await expect(insert(sql, { state: 'minted', reviewer_id: 'bo', approved_fingerprint: 'f' })).rejects.toThrow(CHECK_FAILED);
    await insert(sql, { state: 'approved', reviewer_id: 'bo', approved_fingerprint: 'f' });
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
