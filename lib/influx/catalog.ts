import 'server-only';
// Facts about the upstream that the builder and the mint action read on every use, cached for a
// short while per console process, and past that served while one reload runs (ttl-cache.ts):
// the resource types (5 min), the credential's own user (5 min),
// the orgs it can see (30 s), each org's bucket list (see bucket-index.ts), the users it can see
// (10 s, for the owner search; a user made a moment ago is also found by its exact name) and what the credential can do (5 min; a token's permissions never
// change in InfluxDB, so this only moves when a refusal teaches the console something).
import { defaultConnection, findConnection } from '@/lib/connections/registry';
import { createBucketIndex } from './bucket-index';
import type { CredentialCapabilities } from './judge-capabilities';
import { loadCapabilities } from './load-capabilities';
import type { Gateway } from './gateway';
import { defaultOrgRef, influx } from './server';
import { ttlCache } from './ttl-cache';

export interface CatalogOptions {
  /** INFLUX_TOKEN_ID: the credential's own authorization, read for its exact permissions. */
  tokenID?: string;
  /** The org capabilities are judged for (the console's default org). */
  defaultOrg: () => Promise<{ id: string; name: string }>;
  /** The clock of the kept bucket lists (tests move it past their bounds). */
  now?: () => number;
}

class NoSuchOrg extends Error {}

export function createCatalog(gw: Gateway, opts?: CatalogOptions) {
  const types = ttlCache(() => gw.resourceTypes(), 5 * 60_000);
  const me = ttlCache(() => gw.me(), 5 * 60_000);
  const orgs = ttlCache(() => gw.listOrgs(), 30_000, opts?.now);
  // A credential holding read on one org by id does not see it in the org list, so scopes ask
  // for it by name or id on every request: kept as long as the list.
  // Only orgs found are kept: one made a moment ago is found at once.
  const orgLookups = ttlCache(
    async (nameOrId: string) => {
      const org = await gw.findOrg(nameOrId);
      if (!org) throw new NoSuchOrg();
      return org;
    },
    30_000,
    opts?.now,
    // An org deleted since is dropped at its next lookup, not served on as if InfluxDB were down.
    { gone: (error) => error instanceof NoSuchOrg },
  );
  const lookupOrg = (nameOrId: string) =>
    orgLookups.get(nameOrId).catch((error: unknown) => {
      if (error instanceof NoSuchOrg) return undefined;
      throw error;
    });
  const users = ttlCache(() => gw.allUsers(), 10_000);
  const buckets = createBucketIndex({
    load: (orgID) => gw.allBuckets(orgID),
    exact: gw.findBucketByName,
    ...(opts?.now ? { now: opts.now } : {}),
  });
  let learnedNoWriteUsers = false;
  const caps = ttlCache(async (): Promise<CredentialCapabilities> => {
    const defaultOrg = opts?.defaultOrg ?? (async () => (await orgs.get('all'))[0] ?? { id: '', name: '' });
    const [org, resourceTypes] = await Promise.all([defaultOrg(), types.get('all')]);
    return loadCapabilities(gw, { ...(opts?.tokenID ? { tokenID: opts.tokenID } : {}), org, resourceTypes, learnedNoWriteUsers });
  }, 5 * 60_000);
  return {
    resourceTypes: () => types.get('all'),
    /** The InfluxDB user behind the console's credential: the default owner of minted tokens. */
    consoleUser: () => me.get('me'),
    visibleOrgs: () => orgs.get('all'),
    /**
     * An org the credential can see, by id: from the kept list, else asked directly and the answer
     * kept as long as the list (30 s). A credential with read on its org by id (the least-privilege
     * setup) never sees it in the list, so without that every mint asked InfluxDB for it. The bound
     * is the list's own: an org deleted within it is still "seen", and the create that follows is
     * refused by InfluxDB (it checks the org), so nothing is minted in a deleted org.
     */
    findOrg: async (orgID: string) =>
      (await orgs.get('all')).find((o) => o.id === orgID) ?? (await lookupOrg(orgID).then((o) => (o?.id === orgID ? o : undefined))),
    /** An org by name or id, asked directly (for orgs the list does not show), kept 30 s. */
    lookupOrg,
    buckets,
    /** Users the credential can see, for the owner search (new users are found by exact name). */
    visibleUsers: () => users.get('all'),
    forgetUsers: () => users.clear(),
    capabilities: () => caps.get('all'),
    /** A write:users refusal (401) was seen: from now on "another user" is shown as unavailable. */
    noteCannotWriteUsers: () => {
      if (learnedNoWriteUsers) return;
      learnedNoWriteUsers = true;
      caps.clear();
    },
  };
}

export type Catalog = ReturnType<typeof createCatalog>;

const catalogs = new Map<string, Catalog>();

/** The catalog of one connection (the default connection's when none is named). */
export function consoleCatalog(connectionID: string = defaultConnection().id): Catalog {
  let catalog = catalogs.get(connectionID);
  if (!catalog) {
    const connection = findConnection(connectionID);
    if (!connection) throw new Error(`unknown connection "${connectionID}"`);
    catalog = createCatalog(influx(connectionID), { tokenID: connection.tokenID, defaultOrg: () => defaultOrgRef(connectionID) });
    catalogs.set(connectionID, catalog);
  }
  return catalog;
}
