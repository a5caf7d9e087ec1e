import { afterEach, describe, expect, it } from 'vitest';
import { recordAudit } from '@/lib/storage/audit';
import { testStorages } from '@/lib/storage/support/open-test-storage';
import { tokenHistory } from './token-history';

const stores = testStorages();
afterEach(stores.disposeAll);

describe('tokenHistory', () => {
  it('names who minted the token here, and lists its rows newest first', async () => {
    const db = await stores.open();
    const ada = { id: 'local:ada', name: 'Ada', role: 'admin' as const };
    const cy = { id: 'local:cy', name: 'Cy', role: 'creator' as const };
    const id = 'c000000000000001';
    await recordAudit({ requestId: 'r0', actor: cy, action: 'token.create', outcome: 'failure', authorizationID: id }, db);
    await recordAudit(
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
    await recordAudit({ requestId: 'r2', actor: cy, action: 'token.deactivate', outcome: 'success', authorizationID: id }, db);
    await recordAudit(
      { requestId: 'r3', actor: cy, action: 'token.deactivate', outcome: 'success', authorizationID: 'c000000000000002' },
      db,
    );
    const h = await tokenHistory(id, db);
    expect(h.mintedBy).toMatchObject({ actorId: 'local:ada', actorName: 'Ada', cloneOf: 'c000000000000009' });
    expect(h.rows.map((r) => r.requestId)).toEqual(['r2', 'r1', 'r0']);
    expect(h.more).toBe(false);
  });

  it('says nothing about a minter when the trail has no successful creation', async () => {
    const db = await stores.open();
    await recordAudit(
      {
        requestId: 'r',
        actor: { id: 'local:cy', name: 'Cy', role: 'creator' },
        action: 'token.describe',
        outcome: 'success',
        authorizationID: 'c000000000000003',
      },
      db,
    );
    const h = await tokenHistory('c000000000000003', db);
    expect(h.mintedBy).toBeUndefined();
    expect(h.rows).toHaveLength(1);
  });
});
