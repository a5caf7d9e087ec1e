// Mint dependencies from any gateway and database: the console wires its own (console-mint.ts);
// the integration tests and the benchmark wire a throwaway influxd's.
import type Database from 'better-sqlite3';
import type { Catalog } from '@/lib/influx/catalog';
import type { Gateway } from '@/lib/influx/gateway';
import type { GrantPolicy } from '@/lib/policy/grant-policy';
import type { MintDeps } from './mint-token';

export function mintDepsFromGateway(gw: Gateway, catalog: Catalog, db: Database.Database, policy: GrantPolicy): MintDeps {
  return {
    db,
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
    listTelegrafs: gw.listTelegrafs,
    createAuthorization: gw.createAuthorization,
    listAuthorizations: gw.listAuthorizations,
  };
}
