// Item ids in a form are claims from the browser: check each one against InfluxDB before it goes
// into a permission (influxd would accept any 16-hex id, even one that does not exist, and an id
// from another org). Names come back from the server; the browser's names are ignored.
import type { BucketDTO } from '@/lib/influx/dto';
import { InfluxError, permissionInMessage } from '@/lib/influx/errors';
import type { Grant, ItemRef } from '@/lib/permissions/model';

export interface ItemLookup {
  getBucket(id: string): Promise<BucketDTO | undefined>;
  /**
   * A bucket of `orgID` from a list read from InfluxDB at most a bounded time ago (the console's
   * bucket index: 30 s, its freshness), or undefined: then `getBucket` asks InfluxDB. Only ever a
   * "yes": an id missing from the list is always asked upstream (it may be newer than the list).
   *
   * Why a kept "yes" is enough: InfluxDB does not check the bucket ids of a permission, so this
   * check is the only guard, and what it guards against is a forged or mistyped id (never in any
   * list) and an id of another org (a bucket never moves between orgs). A bucket deleted within the
   * bound is still accepted: the token then carries a permission on an id that grants nothing
   * (InfluxDB does not reuse bucket ids), exactly as when the bucket is deleted a second after the
   * mint, which no check can prevent. The bound keeps that window as short as the list the person
   * picked from; past it, InfluxDB is asked again.
   */
  keptBucket?(orgID: string, id: string): BucketDTO | undefined;
  listTelegrafs(orgID: string): Promise<{ id: string; name: string }[]>;
}

export interface MissingItem {
  type: string;
  id: string;
  /** What the browser called it (display only, for the message). */
  claimedName?: string;
  why: 'not-found' | 'other-org';
}

const CONCURRENCY = 8;

async function mapLimited<T, R>(items: readonly T[], fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return out;
}

/**
 * A bucket of an org the credential cannot read answers 401 naming that permission
 * ("read:orgs/<other org>/buckets/<id> is unauthorized"): that is "not yours", not an outage.
 * A 401 without a permission (revoked credential) is rethrown.
 */
async function bucketOrWhy(lookup: ItemLookup, id: string, orgID: string): Promise<BucketDTO | undefined | 'other-org'> {
  const kept = lookup.keptBucket?.(orgID, id);
  if (kept) return kept;
  try {
    return await lookup.getBucket(id);
  } catch (e) {
    if (!(e instanceof InfluxError) || (e.kind !== 'unauthorized' && e.kind !== 'forbidden')) throw e;
    const perm = permissionInMessage(e.upstreamMessage);
    if (!perm || !perm.includes(`/buckets/${id}`)) throw e;
    return perm.includes(`orgs/${orgID}/`) ? undefined : 'other-org';
  }
}

export async function resolveItems(
  grants: readonly Grant[],
  orgID: string,
  lookup: ItemLookup,
): Promise<{ grants: Grant[]; missing: MissingItem[] }> {
  const wanted = new Map<string, Map<string, ItemRef>>();
  for (const g of grants) {
    if (g.scope.kind !== 'items') continue;
    const m = wanted.get(g.type) ?? new Map<string, ItemRef>();
    for (const i of g.scope.items) m.set(i.id, i);
    wanted.set(g.type, m);
  }

  const names = new Map<string, string>(); // `${type}/${id}` -> server name
  const missing: MissingItem[] = [];
  for (const [type, items] of wanted) {
    const refs = [...items.values()];
    if (type === 'buckets') {
      const found = await mapLimited(refs, (r) => bucketOrWhy(lookup, r.id, orgID));
      refs.forEach((r, i) => {
        const b = found[i];
        if (b === 'other-org') missing.push({ type, id: r.id, ...(r.name ? { claimedName: r.name } : {}), why: 'other-org' });
        else if (!b) missing.push({ type, id: r.id, ...(r.name ? { claimedName: r.name } : {}), why: 'not-found' });
        else if (b.orgID !== orgID) missing.push({ type, id: r.id, ...(r.name ? { claimedName: r.name } : {}), why: 'other-org' });
        else names.set(`${type}/${r.id}`, b.name);
      });
    } else if (type === 'telegrafs') {
      const list = new Map((await lookup.listTelegrafs(orgID)).map((t) => [t.id, t.name]));
      for (const r of refs) {
        const name = list.get(r.id);
        if (name === undefined) missing.push({ type, id: r.id, ...(r.name ? { claimedName: r.name } : {}), why: 'not-found' });
        else names.set(`${type}/${r.id}`, name);
      }
    } else {
      // The form schema allows items only for the types above; anything else is refused here too.
      for (const r of refs) missing.push({ type, id: r.id, ...(r.name ? { claimedName: r.name } : {}), why: 'not-found' });
    }
  }

  const resolved = grants.map((g): Grant => {
    if (g.scope.kind !== 'items') return g;
    return {
      ...g,
      scope: {
        kind: 'items',
        items: g.scope.items.map((i) => {
          const name = names.get(`${g.type}/${i.id}`);
          return name === undefined ? { id: i.id } : { id: i.id, name };
        }),
      },
    };
  });
  return { grants: resolved, missing };
}
