import 'server-only';
// The mint dependencies of the running console: its gateway, caches, database and policy.
import { consoleCatalog } from '@/lib/influx/catalog';
import { influx } from '@/lib/influx/server';
import { upsertInventory } from '@/lib/inventory/store';
import { consolePolicy } from '@/lib/policy/console-policy';
import { database } from '@/lib/storage/db';
import type { DeleteCreatedUserDeps } from './delete-created-user';
import { mintDepsFromGateway } from './gateway-mint-deps';
import type { MintDeps } from './mint-token';

export function consoleMintDeps(): MintDeps {
  const deps = mintDepsFromGateway(influx(), consoleCatalog(), database(), consolePolicy());
  return {
    ...deps,
    // The inventory keeps each org's list in memory; put the new token in it straight away so the
    // list shows it without waiting for the next read from InfluxDB. Only the summary goes there.
    createAuthorization: async (input) => {
      const minted = await deps.createAuthorization(input);
      upsertInventory(input.orgID, minted.authorization);
      return minted;
    },
  };
}

export function consoleDeleteUserDeps(): DeleteCreatedUserDeps {
  const gw = influx();
  return {
    db: database(),
    policy: consolePolicy(),
    getUser: gw.getUser,
    listAuthorizations: gw.listAuthorizations,
    deleteUser: gw.deleteUser,
    forgetUsers: consoleCatalog().forgetUsers,
  };
}
