import 'server-only';
// The mint dependencies of the running console: its gateway, caches, database and policy.
import { consoleCatalog } from '@/lib/influx/catalog';
import { influx } from '@/lib/influx/server';
import { consolePolicy } from '@/lib/policy/console-policy';
import { database } from '@/lib/storage/db';
import { mintDepsFromGateway } from './gateway-mint-deps';
import type { MintDeps } from './mint-token';

export function consoleMintDeps(): MintDeps {
  return mintDepsFromGateway(influx(), consoleCatalog(), database(), consolePolicy());
}
