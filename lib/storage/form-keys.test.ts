import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './db';
import { claimFormKey, settleFormKey } from './form-keys';

const fresh = () => {
  const db = new Database(':memory:');
  migrate(db);
  return db;
};
const KEY = '0b6f7a3e-4a53-4a8e-9a43-7d3a52c1c0de';

describe('form keys', () => {
  it('claims once; later claims see the state and whether it was the same person', () => {
    const db = fresh();
    expect(claimFormKey(KEY, 'local:ann', db)).toEqual({ claimed: true });
    expect(claimFormKey(KEY, 'local:ann', db)).toEqual({ claimed: false, state: 'pending', sameActor: true });
    settleFormKey(KEY, 'minted', '0123456789abcdef', db);
    expect(claimFormKey(KEY, 'local:ann', db)).toEqual({
      claimed: false,
      state: 'minted',
      sameActor: true,
      authorizationID: '0123456789abcdef',
    });
    expect(claimFormKey(KEY, 'local:bob', db)).toMatchObject({ claimed: false, sameActor: false });
  });

  it('a definite failure frees the key for the same person only; an unknown outcome never does', () => {
    const db = fresh();
    claimFormKey(KEY, 'local:ann', db);
    settleFormKey(KEY, 'failed', undefined, db);
    expect(claimFormKey(KEY, 'local:bob', db).claimed).toBe(false);
    expect(claimFormKey(KEY, 'local:ann', db)).toEqual({ claimed: true });
    settleFormKey(KEY, 'unknown', undefined, db);
    expect(claimFormKey(KEY, 'local:ann', db)).toMatchObject({ claimed: false, state: 'unknown' });
    // settling only moves a pending key
    settleFormKey(KEY, 'failed', undefined, db);
    expect(claimFormKey(KEY, 'local:ann', db)).toMatchObject({ claimed: false, state: 'unknown' });
  });

  it('two connections to one database file: exactly one claim wins', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fk-')), 'db.sqlite');
    const a = new Database(file);
    a.pragma('journal_mode = WAL');
    migrate(a);
    const b = new Database(file);
    b.pragma('busy_timeout = 5000');
    const results = [claimFormKey(KEY, 'local:ann', a), claimFormKey(KEY, 'local:ann', b), claimFormKey(KEY, 'local:ann', a)];
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
  });
});
