// Plain words for name-based grants (links and templates), through the same sentences the review
// step uses for id-based grants (lib/permissions/describe.ts). Pure.
import { describeGrant } from '@/lib/permissions/describe';
import type { Grant } from '@/lib/permissions/model';
import type { PrefillGrant } from './prefill';

export function describePrefillGrant(g: PrefillGrant, ctx: { orgName: string; ownerName?: string }): string {
  // Names stand in for ids: describeGrant shows an item's name and only falls back to its id.
  const scope: Grant['scope'] =
    g.scope.kind === 'items' ? { kind: 'items', items: g.scope.names.map((name) => ({ id: name, name })) } : g.scope;
  return describeGrant({ type: g.type, action: g.action, scope }, ctx);
}
