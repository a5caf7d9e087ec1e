// Mint dependencies from any gateway and database: the console wires its own (console-mint.ts);
// the integration tests and the benchmark wire a throwaway influxd's.
import type { Sql } from '@/lib/storage/sql';
import type { Catalog } from '@/lib/influx/catalog';
import type { Gateway } from '@/lib/influx/gateway';
import type { GrantPolicy } from '@/lib/policy/grant-policy';
import type { MintDeps } from './mint-token';

export function mintDepsFromGateway(gw: Gateway, catalog: Catalog, sql: Sql, policy: GrantPolicy): MintDeps {
  return {
    sql,
    policy,
    resourceTypes: catalog.resourceTypes,
    consoleUser: catalog.consoleUser,
    getUser: gw.getUser,
    findUserByName: gw.findUserByName,
    createUser: async (name) => {
      const user = await gw.createUser(name);
      catalog.forgetUsers();
      return user;
    },
    capabilities: catalog.capabilities,
    noteCannotWriteUsers: catalog.noteCannotWriteUsers,
    findOrg: catalog.findOrg,
    getBucket: gw.getBucket,
    keptBucket: (orgID, id) => {
      const b = catalog.buckets.kept(orgID, id);
      return b && { id: b.id, name: b.name, orgID, type: b.system ? 'system' : 'user' };
    },
    listTelegrafs: gw.listTelegrafs,
    createAuthorization: gw.createAuthorization,
    listAuthorizations: gw.listAuthorizations,
  };
}
