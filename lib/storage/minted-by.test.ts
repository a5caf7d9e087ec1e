import { afterEach, describe, expect, it } from 'vitest';
import { OUTSIDE_THE_CONSOLE } from '@/lib/inventory/minted-by-filter';
import { inventoryQueryString, parseInventoryQuery } from '@/lib/inventory/query';
import { recordAudit } from './audit';
import { consoleMinters, mintersOf, tokensMintedBy } from './minted-by';
import { testStorages } from './support/open-test-storage';

const stores = testStorages();
afterEach(stores.disposeAll);

const ada = { id: 'local:ada', name: 'Ada', role: 'admin' as const };
const cy = { id: 'local:cy', name: 'Cy', role: 'creator' as const };
const A = 'a000000000000001';
const B = 'b000000000000002';
const C = 'c000000000000003';

describe('minted by, from the audit trail', () => {
  it('names the first successful minter per token, and finds the tokens a person or nobody here minted', async () => {
    const db = await stores.open();
    await recordAudit({ requestId: 'r1', actor: cy, action: 'token.create', outcome: 'failure', authorizationID: A }, db);
    await recordAudit({ requestId: 'r2', actor: ada, action: 'token.create', outcome: 'success', authorizationID: A }, db);
    await recordAudit({ requestId: 'r3', actor: cy, action: 'token.create', outcome: 'success', authorizationID: B }, db);
    await recordAudit({ requestId: 'r4', actor: ada, action: 'token.deactivate', outcome: 'success', authorizationID: C }, db);

    const m = await mintersOf([A, B, C], db);
    expect(m.get(A)).toEqual({ id: 'local:ada', name: 'Ada' });
    expect(m.get(B)).toEqual({ id: 'local:cy', name: 'Cy' });
    expect(m.has(C)).toBe(false);
    expect((await mintersOf([], db)).size).toBe(0);

    expect([...(await tokensMintedBy('local:cy', db))]).toEqual([B]);
    expect([...(await tokensMintedBy(OUTSIDE_THE_CONSOLE, db))].sort()).toEqual([A, B]);
    expect(await consoleMinters(db)).toEqual([
      { id: 'local:ada', name: 'Ada' },
      { id: 'local:cy', name: 'Cy' },
    ]);
  });

  it('keeps the filter in the URL as "minted"', () => {
    const q = parseInventoryQuery(new URLSearchParams('minted=local%3Aada'));
    expect(q.mintedBy).toBe('local:ada');
    expect(inventoryQueryString(q)).toBe('minted=local%3Aada');
    expect(parseInventoryQuery(new URLSearchParams('minted=a%20b')).mintedBy).toBeUndefined();
  });
});
