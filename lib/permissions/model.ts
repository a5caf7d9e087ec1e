// The console's model of a permission set, as the builder, links, templates and the server action
// share it. Pure: no React, no I/O. InfluxDB's wire format is produced in to-influx-permissions.ts.
// No zod here, so client code can import it; the schemas are in model-schema.ts.

export const ACTIONS = ['read', 'write'] as const;
export type Action = (typeof ACTIONS)[number];

export interface ItemRef {
  id: string;
  /** For display only; the server never trusts it (OSS ignores names, see the reference). */
  name?: string | undefined;
}

/**
 * How far one action on one type reaches:
 * - all: every resource of the type in the token's org (for `orgs`: the org itself);
 * - items: only these resources (buckets, telegrafs, ... chosen by id);
 * - owner: only for `users`: the user who will own the token (what InfluxDB's All Access does).
 */
export type Scope = { kind: 'all' } | { kind: 'items'; items: ItemRef[] } | { kind: 'owner' };

export interface Grant {
  type: string;
  action: Action;
  scope: Scope;
}

/** Types where "specific items" can be picked (listable through the API by org). */
export const ITEM_PICKABLE_TYPES = ['buckets', 'telegrafs'] as const;

/** Types InfluxDB scopes by id without orgID. */
export const ID_SCOPED_TYPES = ['orgs', 'users'] as const;

/**
 * What policy and sensitivity look at: type, action and how far the scope reaches, not which items.
 * Both id-based grants and name-based link prefills (lib/links/prefill.ts) have this shape.
 */
export type GrantShape = Pick<Grant, 'type' | 'action'> & { scope: { kind: Scope['kind'] } };

export function grantKey(g: Pick<Grant, 'type' | 'action'>): string {
  return `${g.action}:${g.type}`;
}

/**
 * Removes duplicates and merges item lists, so equal permission sets compare equal: one grant per
 * (type, action); "all" absorbs "items".
 */
export function normaliseGrants(grants: readonly Grant[]): Grant[] {
  const byKey = new Map<string, Grant>();
  for (const g of grants) {
    const key = grantKey(g);
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, g.scope.kind === 'items' ? { ...g, scope: { kind: 'items', items: dedupeItems(g.scope.items) } } : g);
      continue;
    }
    if (prev.scope.kind === 'all' || g.scope.kind === 'all') byKey.set(key, { ...g, scope: { kind: 'all' } });
    else if (prev.scope.kind === 'items' && g.scope.kind === 'items')
      byKey.set(key, { ...g, scope: { kind: 'items', items: dedupeItems([...prev.scope.items, ...g.scope.items]) } });
  }
  return [...byKey.values()].sort((a, b) => grantKey(a).localeCompare(grantKey(b)));
}

function dedupeItems(items: readonly ItemRef[]): ItemRef[] {
  const seen = new Map<string, ItemRef>();
  // Prefer the copy with a display name, so the result does not depend on input order.
  for (const i of items) if (!seen.has(i.id) || (i.name && !seen.get(i.id)!.name)) seen.set(i.id, i);
  return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id));
}
