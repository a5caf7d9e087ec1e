// What "approve narrowed" may do: remove grants, remove items from a grant, turn "all" into chosen
// items, shorten the lifetime. Never add a grant, widen a scope, lengthen the lifetime, or change
// the owner, organisation, connection or description (those are a different token: the requester
// sends a new request). Pure.
import { expiryOf, type LifetimeChoice } from '@/lib/lifetimes/choice';
import { grantKey, type Grant } from '@/lib/permissions/model';
import { canonicalForm } from './fingerprint';
import type { RequestForm } from './model';

/** Whether grant `n` reaches no further than `o` (same type and action assumed). */
function scopeWithin(n: Grant['scope'], o: Grant['scope']): boolean {
  if (o.kind === 'all') return n.kind === 'all' || n.kind === 'items';
  if (o.kind === 'owner') return n.kind === 'owner';
  if (n.kind !== 'items') return false;
  const allowed = new Set(o.items.map((i) => i.id));
  return n.items.every((i) => allowed.has(i.id));
}

/**
 * Whether a token minted with `narrowed` at any moment in [from, until] (the mint window) stops
 * working no later than one minted with `original` at any such moment. A duration counts from the
 * mint, a date or instant is fixed, so mixed pairs are compared at their worst moments.
 */
export function lifetimeWithin(narrowed: LifetimeChoice, original: LifetimeChoice, from: Date, until: Date): boolean {
  if (original.kind === 'never') return true;
  if (narrowed.kind === 'never') return false;
  if (narrowed.kind === 'duration' && original.kind === 'duration') return narrowed.ms <= original.ms;
  return expiryOf(narrowed, until)!.getTime() <= expiryOf(original, from)!.getTime();
}

/** Why `narrowed` is not a narrowing of `original` over the mint window, in words; undefined when it is. */
export function narrowingProblem(original: RequestForm, narrowed: RequestForm, from: Date, until: Date): string | undefined {
  if (narrowed.connectionId !== original.connectionId || narrowed.orgID !== original.orgID) {
    return 'A narrowed approval keeps the connection and organisation of the request.';
  }
  if (JSON.stringify(ownerKey(narrowed)) !== JSON.stringify(ownerKey(original))) {
    return 'A narrowed approval keeps the owner of the request; deny it and ask for a new request to change the owner.';
  }
  if (narrowed.description !== original.description) return 'A narrowed approval keeps the description of the request.';
  const byKey = new Map(original.grants.map((g) => [grantKey(g), g]));
  for (const n of narrowed.grants) {
    const o = byKey.get(grantKey(n));
    if (!o) return `A narrowed approval may only remove permissions; ${n.action} on ${n.type} was not requested.`;
    if (!scopeWithin(n.scope, o.scope)) return `A narrowed approval may only reduce what ${n.action} on ${n.type} reaches, not widen it.`;
  }
  if (!lifetimeWithin(narrowed.lifetime, original.lifetime, from, until)) {
    return 'A narrowed approval may only shorten the lifetime, never lengthen it.';
  }
  if (canonicalForm(narrowed) === canonicalForm(original)) return 'Nothing was narrowed: approve the request as it is instead.';
  return undefined;
}

const ownerKey = (f: RequestForm) =>
  f.owner.kind === 'existing' ? [f.owner.kind, f.owner.userID] : f.owner.kind === 'new' ? [f.owner.kind, f.owner.name] : [f.owner.kind];
