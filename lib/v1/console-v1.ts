import 'server-only';
// The v1 dependencies of the running console, for one connection: its v1 client, caches, database
// and policy. The org is the caller's (the page's, resolved by resolveScope), never a default.
import { findConnection, storedConnectionID } from '@/lib/connections/registry';
import { consoleCatalog } from '@/lib/influx/catalog';
import { influx } from '@/lib/influx/server';
import { createV1Authorizations, type V1Authorizations } from '@/lib/influx/v1-authorizations';
import { consolePolicy } from '@/lib/policy/console-policy';
import { storage } from '@/lib/storage/db';
import type { V1Deps } from './deps';

// One client per connection, as the gateways are (the registry keeps those).
const clients = new Map<string, V1Authorizations>();

function v1Of(connectionID: string): V1Authorizations {
  let v1 = clients.get(connectionID);
  if (!v1) {
    const connection = findConnection(connectionID);
    if (!connection) throw new Error(`unknown connection "${connectionID}"`);
    v1 = createV1Authorizations({ url: connection.url, token: connection.token, timeoutMs: connection.timeoutMs });
    clients.set(connectionID, v1);
  }
  return v1;
}

export function consoleV1Deps(connectionID: string): V1Deps {
  const catalog = consoleCatalog(connectionID);
  const gw = influx(connectionID);
  return {
    sql: storage(),
    policy: consolePolicy(),
    v1: v1Of(connectionID),
    connectionID: storedConnectionID(connectionID),
    resourceTypes: catalog.resourceTypes,
    consoleUser: catalog.consoleUser,
    getUser: gw.getUser,
    users: catalog.visibleUsers,
    allBuckets: gw.allBuckets.bind(gw),
  };
}
