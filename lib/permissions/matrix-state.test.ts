import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formGrant } from './arbitraries';
import {
  setRowWide,
  addItem,
  columnState,
  dropItems,
  emptyMatrix,
  grantsToMatrix,
  matrixToGrants,
  removeItem,
  setItemAction,
  setMode,
  setRowAction,
} from './matrix-state';
import { normaliseGrants } from './model';
import { allAccessGrants } from './presets';

const TYPES = ['buckets', 'dashboards', 'orgs', 'users', 'telegrafs'];
const A = 'aaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbb';

describe('matrix state', () => {
  it('grants -> matrix -> grants is the identity on what the builder can express', () => {
    fc.assert(
      fc.property(fc.array(formGrant(), { maxLength: 10 }), (grants) => {
        const types = [...new Set([...TYPES, ...grants.map((g) => g.type)])];
        expect(matrixToGrants(grantsToMatrix(grants, types))).toEqual(
          normaliseGrants(grants).map((g) =>
            g.scope.kind === 'items'
              ? { ...g, scope: { kind: 'items', items: g.scope.items.map((i) => ({ id: i.id, name: i.name ?? i.id })) } }
              : g,
          ),
        );
      }),
    );
  });

  it('read bucket A and write bucket B as specific items', () => {
    let s = setMode(emptyMatrix(TYPES), 'buckets', 'items');
    s = addItem(s, 'buckets', { id: A, name: 'a' }, 'read');
    s = addItem(s, 'buckets', { id: B, name: 'b' }, 'write');
    expect(matrixToGrants(s)).toEqual([
      { type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id: A, name: 'a' }] } },
      { type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: B, name: 'b' }] } },
    ]);
    s = setItemAction(s, 'buckets', A, 'write', true);
    expect(matrixToGrants(s).find((g) => g.action === 'write')?.scope).toEqual({
      kind: 'items',
      items: [
        { id: A, name: 'a' },
        { id: B, name: 'b' },
      ],
    });
    s = removeItem(s, 'buckets', A);
    expect(matrixToGrants(s)).toHaveLength(1);
  });

  it('in items mode the row tick still means every item: read every bucket, write only B', () => {
    let s = setMode(emptyMatrix(TYPES), 'buckets', 'items');
    s = addItem(s, 'buckets', { id: B, name: 'b' }, 'write');
    s = setRowWide(s, 'buckets', 'read', true);
    expect(matrixToGrants(s)).toEqual([
      { type: 'buckets', action: 'read', scope: { kind: 'all' } },
      { type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: B, name: 'b' }] } },
    ]);
    // select-all never widens an items row; unticking the column clears the wide tick too
    const ticked = setRowAction(s, 'buckets', 'write', true);
    expect(matrixToGrants(ticked).find((g) => g.action === 'write')?.scope.kind).toBe('items');
    expect(matrixToGrants(setRowAction(s, 'buckets', 'read', false))).toHaveLength(1);
  });

  it('users mean the owner, orgs the org; the All access preset round-trips', () => {
    const s = setRowAction(setRowAction(emptyMatrix(TYPES), 'users', 'read', true), 'orgs', 'read', true);
    expect(matrixToGrants(s)).toEqual([
      { type: 'orgs', action: 'read', scope: { kind: 'all' } },
      { type: 'users', action: 'read', scope: { kind: 'owner' } },
    ]);
    const all = allAccessGrants(TYPES);
    expect(matrixToGrants(grantsToMatrix(all, TYPES))).toEqual(normaliseGrants(all));
  });

  it('column state and select-all', () => {
    let s = emptyMatrix(TYPES);
    expect(columnState(s, TYPES, 'read')).toBe('none');
    s = setRowAction(s, 'buckets', 'read', true);
    expect(columnState(s, TYPES, 'read')).toBe('some');
    for (const t of TYPES) s = setRowAction(s, t, 'read', true);
    expect(columnState(s, TYPES, 'read')).toBe('all');
  });

  it('drops items when the org changes and says how many', () => {
    let s = setMode(emptyMatrix(TYPES), 'buckets', 'items');
    s = addItem(s, 'buckets', { id: A, name: 'a' });
    const { state, dropped } = dropItems(s);
    expect(dropped).toBe(1);
    expect(matrixToGrants(state)).toEqual([]);
  });
});
