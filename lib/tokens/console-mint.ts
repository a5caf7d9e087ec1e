import 'server-only';
// The mint dependencies of the running console: its gateway, caches, database and policy.
import { consoleCatalog } from '@/lib/influx/catalog';
import { influx } from '@/lib/influx/server';
import { consolePolicy } from '@/lib/policy/console-policy';
import { database } from '@/lib/storage/db';
import type { MintDeps } from './mint-token';

export function consoleMintDeps(): MintDeps {
  const gw = influx();
  const catalog = consoleCatalog();
  return {
    db: database(),
    policy: consolePolicy(),
    resourceTypes: catalog.resourceTypes,
    consoleUser: catalog.consoleUser,
    findOrg: catalog.findOrg,
    getBucket: gw.getBucket,
    listTelegrafs: gw.listTelegrafs,
    createAuthorization: gw.createAuthorization,
    listAuthorizations: gw.listAuthorizations,
  };
}
