import 'server-only';
// The mint dependencies of the running console: its gateway, caches, database and policy.
import { consoleCatalog } from '@/lib/influx/catalog';
import { influx } from '@/lib/influx/server';
import { consolePolicy } from '@/lib/policy/console-policy';
import { database } from '@/lib/storage/db';
import type { DeleteCreatedUserDeps } from './delete-created-user';
import { mintDepsFromGateway } from './gateway-mint-deps';
import type { MintDeps } from './mint-token';

export function consoleMintDeps(): MintDeps {
  return mintDepsFromGateway(influx(), consoleCatalog(), database(), consolePolicy());
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
