import 'server-only';
// The v1 dependencies of the running console: its connection, caches, database and policy. The
// org is the configured default org until connections arrive (then the page's org is passed in).
import { defaultConnection } from '@/lib/connections/registry';
import { consoleCatalog } from '@/lib/influx/catalog';
import { influx } from '@/lib/influx/server';
import { createV1Authorizations, type V1Authorizations } from '@/lib/influx/v1-authorizations';
import { consolePolicy } from '@/lib/policy/console-policy';
import { database } from '@/lib/storage/db';
import type { V1Deps } from './deps';

let v1: V1Authorizations | undefined;

export function consoleV1Deps(): V1Deps {
  const connection = defaultConnection();
  v1 ??= createV1Authorizations({ url: connection.url, token: connection.token, timeoutMs: connection.timeoutMs });
  const catalog = consoleCatalog();
  const gw = influx();
  return {
    db: database(),
    policy: consolePolicy(),
    v1,
    resourceTypes: catalog.resourceTypes,
    consoleUser: catalog.consoleUser,
    getUser: gw.getUser,
    users: catalog.visibleUsers,
    allBuckets: gw.allBuckets.bind(gw),
  };
}
