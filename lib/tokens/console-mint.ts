import 'server-only';
// The mint dependencies of the running console, for one connection: its gateway, caches, database
// and policy.
import { influx } from '@/lib/influx/server';
import { connectionOfStored, defaultConnection, storedConnectionID } from '@/lib/connections/registry';
import { scopeKey } from '@/lib/connections/scope';
import { consoleCatalog } from '@/lib/influx/catalog';
import { upsertInventory } from '@/lib/inventory/store';
import { consoleMintLifetimes } from '@/lib/lifetimes/console-lifetimes';
import { consolePolicy } from '@/lib/policy/console-policy';
import { getCreatedUser } from '@/lib/storage/created-users';
import { storage } from '@/lib/storage/db';
import type { DeleteCreatedUserDeps } from './delete-created-user';
import { mintDepsFromGateway } from './gateway-mint-deps';
import type { MintDeps } from './mint-token';

export function consoleMintDeps(connectionID: string): MintDeps {
  const deps = mintDepsFromGateway(influx(connectionID), consoleCatalog(connectionID), storage(), consolePolicy());
  return {
    ...deps,
    connectionID: storedConnectionID(connectionID),
    lifetimes: consoleMintLifetimes(),
    // The inventory keeps each connection's and org's list in memory; put the new token in it
    // straight away so the list shows it without waiting for the next read from InfluxDB. Only the
    // summary goes there.
    createAuthorization: async (input) => {
      const minted = await deps.createAuthorization(input);
      upsertInventory(scopeKey(connectionID, input.orgID), minted.authorization);
      return minted;
    },
  };
}

/** For "delete the user just created": the connection it was created on, from the console's record. */
export async function consoleDeleteUserDeps(operationId: string): Promise<DeleteCreatedUserDeps> {
  const recorded = await getCreatedUser(operationId);
  const connectionID = (recorded?.connectionID ? connectionOfStored(recorded.connectionID) : undefined)?.id ?? defaultConnection().id;
  const gw = influx(connectionID);
  return {
    sql: storage(),
    policy: consolePolicy(),
    getUser: gw.getUser,
    listAuthorizations: gw.listAuthorizations,
    deleteUser: gw.deleteUser,
    forgetUsers: consoleCatalog(connectionID).forgetUsers,
  };
}
