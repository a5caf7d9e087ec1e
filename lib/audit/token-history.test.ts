import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from '@/lib/storage/audit';
import { openDatabase } from '@/lib/storage/db';
import { tokenHistory } from './token-history';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'itc-history-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('tokenHistory', () => {
  it('names who minted the token here, and lists its rows newest first', () => {
    const db = openDatabase(join(dir, 'a.sqlite'));
    const ada = { id: 'local:ada', name: 'Ada', role: 'admin' as const };
    const cy = { id: 'local:cy', name: 'Cy', role: 'creator' as const };
    const id = 'c000000000000001';
    recordAudit({ requestId: 'r0', actor: cy, action: 'token.create', outcome: 'failure', authorizationID: id }, db);
    recordAudit(
      {
        requestId: 'r1',
        actor: ada,
        action: 'token.create',
        outcome: 'success',
        authorizationID: id,
        detail: { cloneOf: 'c000000000000009' },
      },
      db,
    );
    recordAudit({ requestId: 'r2', actor: cy, action: 'token.deactivate', outcome: 'success', authorizationID: id }, db);
    recordAudit({ requestId: 'r3', actor: cy, action: 'token.deactivate', outcome: 'success', authorizationID: 'c000000000000002' }, db);
    const h = tokenHistory(id, db);
    expect(h.mintedBy).toMatchObject({ actorId: 'local:ada', actorName: 'Ada', cloneOf: 'c000000000000009' });
    expect(h.rows.map((r) => r.requestId)).toEqual(['r2', 'r1', 'r0']);
    expect(h.more).toBe(false);
  });

  it('says nothing about a minter when the trail has no successful creation', () => {
    const db = openDatabase(join(dir, 'b.sqlite'));
    recordAudit(
      {
        requestId: 'r',
        actor: { id: 'local:cy', name: 'Cy', role: 'creator' },
        action: 'token.describe',
        outcome: 'success',
        authorizationID: 'c000000000000003',
      },
      db,
    );
    const h = tokenHistory('c000000000000003', db);
    expect(h.mintedBy).toBeUndefined();
    expect(h.rows).toHaveLength(1);
  });
});
