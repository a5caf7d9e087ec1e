import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTSIDE_THE_CONSOLE } from '@/lib/inventory/minted-by-filter';
import { inventoryQueryString, parseInventoryQuery } from '@/lib/inventory/query';
import { recordAudit } from './audit';
import { openDatabase } from './db';
import { consoleMinters, mintersOf, tokensMintedBy } from './minted-by';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'itc-minted-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ada = { id: 'local:ada', name: 'Ada', role: 'admin' as const };
const cy = { id: 'local:cy', name: 'Cy', role: 'creator' as const };
const A = 'a000000000000001';
const B = 'b000000000000002';
const C = 'c000000000000003';

describe('minted by, from the audit trail', () => {
  it('names the first successful minter per token, and finds the tokens a person or nobody here minted', () => {
    const db = openDatabase(join(dir, 'a.sqlite'));
    recordAudit({ requestId: 'r1', actor: cy, action: 'token.create', outcome: 'failure', authorizationID: A }, db);
    recordAudit({ requestId: 'r2', actor: ada, action: 'token.create', outcome: 'success', authorizationID: A }, db);
    recordAudit({ requestId: 'r3', actor: cy, action: 'token.create', outcome: 'success', authorizationID: B }, db);
    recordAudit({ requestId: 'r4', actor: ada, action: 'token.deactivate', outcome: 'success', authorizationID: C }, db);

    const m = mintersOf([A, B, C], db);
    expect(m.get(A)).toEqual({ id: 'local:ada', name: 'Ada' });
    expect(m.get(B)).toEqual({ id: 'local:cy', name: 'Cy' });
    expect(m.has(C)).toBe(false);
    expect(mintersOf([], db).size).toBe(0);

    expect([...tokensMintedBy('local:cy', db)]).toEqual([B]);
    expect([...tokensMintedBy(OUTSIDE_THE_CONSOLE, db)].sort()).toEqual([A, B]);
    expect(consoleMinters(db)).toEqual([
      { id: 'local:ada', name: 'Ada' },
      { id: 'local:cy', name: 'Cy' },
    ]);
    db.close();
  });

  it('keeps the filter in the URL as "minted"', () => {
    const q = parseInventoryQuery(new URLSearchParams('minted=local%3Aada'));
    expect(q.mintedBy).toBe('local:ada');
    expect(inventoryQueryString(q)).toBe('minted=local%3Aada');
    expect(parseInventoryQuery(new URLSearchParams('minted=a%20b')).mintedBy).toBeUndefined();
  });
});
