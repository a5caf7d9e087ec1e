// A separate process that tries to mint every approved request of a shared database file, as a
// second console (or a second tab's action) would. Used by store.test.ts. The InfluxDB call is a
// short wait between claim and finish, so two workers interleave.
// Run: node --conditions react-server --import tsx lib/requests/support/mint-worker.ts <file> <name> <forward|reverse>
import { OSS_RESOURCE_TYPES } from '@/lib/permissions/resource-types';
import { openSqliteStorage } from '@/lib/storage/open-sqlite';
import type { SqliteSql } from '@/lib/storage/sqlite';
import { DEFAULT_REQUEST_SETTINGS } from '../settings';
import { claimMint, finishMint, getRequest } from '../store';

const [file, worker, order] = process.argv.slice(2) as [string, string, 'forward' | 'reverse'];
const settings = { ...DEFAULT_REQUEST_SETTINGS, resourceTypes: OSS_RESOURCE_TYPES };
const minted: string[] = [];
// The store here is still on better-sqlite3 (its owner moves it to Sql): the migrated file's handle.
const opened = openSqliteStorage(file).then((sql) => (sql as SqliteSql).handle);
process.stdin.once(
  'data',
  () =>
    void opened.then((db) => {
      const ids = (db.prepare(`SELECT id FROM access_requests ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
      if (order === 'reverse') ids.reverse();
      for (const id of ids) {
        const loaded = getRequest(db, id)!;
        const actor = { kind: 'person' as const, person: loaded.requester };
        const claim = claimMint(db, loaded, loaded.form, actor, new Date(), settings, `${worker}-${id}`);
        if (!claim.ok) continue;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
        if (finishMint(db, id, `${worker}-${id}`, '0a1b2c3d4e5f6a7b', new Date())) minted.push(id);
      }
      process.stdout.write(JSON.stringify(minted), () => process.exit(0));
    }),
);
void opened.then(() => process.stdout.write('ready\n'));
