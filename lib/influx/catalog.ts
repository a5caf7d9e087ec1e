import 'server-only';
// Facts about the upstream that the builder and the mint action read on every use, cached for a
// short while per console process: the resource types (5 min), the credential's own user (5 min),
// the orgs it can see (30 s) and each org's bucket list (see bucket-index.ts).
import { createBucketIndex } from './bucket-index';
import type { Gateway } from './gateway';
import { influx } from './server';
import { ttlCache } from './ttl-cache';

export function createCatalog(gw: Gateway) {
  const types = ttlCache(() => gw.resourceTypes(), 5 * 60_000);
  const me = ttlCache(() => gw.me(), 5 * 60_000);
  const orgs = ttlCache(() => gw.listOrgs(), 30_000);
  const buckets = createBucketIndex({ load: (orgID) => gw.allBuckets(orgID), exact: gw.findBucketByName });
  return {
    resourceTypes: () => types.get('all'),
    /** The InfluxDB user behind the console's credential: the default owner of minted tokens. */
    consoleUser: () => me.get('me'),
    visibleOrgs: () => orgs.get('all'),
    /** An org the credential can see, by id: from the cached list, else asked directly. */
    findOrg: async (orgID: string) => (await orgs.get('all')).find((o) => o.id === orgID) ?? (await gw.findOrg(orgID)),
    buckets,
  };
}

export type Catalog = ReturnType<typeof createCatalog>;

let catalog: Catalog | undefined;
export function consoleCatalog(): Catalog {
  catalog ??= createCatalog(influx());
  return catalog;
}
