// The filter choices a page of the inventory carries (issue 16). InfluxDB's own documentation makes
// a user per device, so an org of 100,000 tokens may have as many owners, and an org may have
// thousands of buckets: every one as an option of a select, in every page and every poll of the
// list, made megabytes of each. A page carries at most MOST_OWNER_CHOICES owners and
// MOST_BUCKET_CHOICES buckets, the first by name, plus the ones chosen (a shared link may name
// any), and says how many it left out. The search box finds tokens by owner name, so owners can be
// cut short; a bucket can only be chosen from its list (the bucket search is the builder's, for
// those who may mint), so more of them are kept: a native select finds an option by its first
// letters as you type.
import type { InventoryFacets } from './types';

export const MOST_OWNER_CHOICES = 200;
export const MOST_BUCKET_CHOICES = 1000;

type Choice = { id: string; name: string };

const byName = (a: Choice, b: Choice) => a.name.localeCompare(b.name);

// The first choices by name of each list, worked out once per list (sorting 100,000 owners takes
// about 80 ms; every page and poll asks). A list is replaced, never changed in place, when an owner
// or bucket is added (kept-changes.ts, a read), so its identity says whether this is still right.
const firstOf = new WeakMap<readonly Choice[], { most: number; first: Choice[] }>();

function firstByName(all: readonly Choice[], most: number): Choice[] {
  const kept = firstOf.get(all);
  if (kept?.most === most) return kept.first;
  const first = [...all].sort(byName).slice(0, most);
  firstOf.set(all, { most, first });
  return first;
}

/** At most `most` choices by name, plus `selected`; `more`: how many were left out. */
export function choicesFor(all: readonly Choice[], selected: string | undefined, most: number): { shown: Choice[]; more: number } {
  if (all.length <= most) return { shown: [...all], more: 0 };
  const shown = [...firstByName(all, most)];
  const chosen = selected && !shown.some((c) => c.id === selected) ? all.find((c) => c.id === selected) : undefined;
  if (chosen) shown.push(chosen);
  return { shown, more: all.length - shown.length };
}

/** The facets as a page carries them, for a query choosing `owner`, `canWrite` and `canRead`. */
export function facetsForPage(
  facets: InventoryFacets,
  query: { owner?: string | undefined; canWrite?: string | undefined; canRead?: string | undefined },
): InventoryFacets {
  const owners = choicesFor(facets.owners, query.owner, MOST_OWNER_CHOICES);
  const chosenBuckets = [query.canWrite, query.canRead].filter((id): id is string => Boolean(id));
  const buckets = choicesFor(facets.buckets, chosenBuckets[0], MOST_BUCKET_CHOICES);
  // Both bucket filters share one list of choices: the second chosen bucket is kept too.
  const second = chosenBuckets[1];
  if (second && !buckets.shown.some((b) => b.id === second)) {
    const found = facets.buckets.find((b) => b.id === second);
    if (found) {
      buckets.shown.push(found);
      buckets.more = Math.max(0, buckets.more - 1);
    }
  }
  return {
    ...facets,
    owners: owners.shown,
    buckets: buckets.shown,
    ...(owners.more ? { ownersLeftOut: owners.more } : {}),
    ...(buckets.more ? { bucketsLeftOut: buckets.more } : {}),
  };
}
