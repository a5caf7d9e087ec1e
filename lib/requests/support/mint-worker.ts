// A separate process that tries to mint every approved request of a shared database, as a
// second console (or a second tab's action) would. Used by store.test.ts. The InfluxDB call is a
// short wait between claim and finish, so two workers interleave.
// Run: node --conditions react-server --import tsx lib/requests/support/mint-worker.ts <location> <name> <forward|reverse>
import { OSS_RESOURCE_TYPES } from '@/lib/permissions/resource-types';
import { openTestStorageAt } from '@/lib/storage/support/open-test-storage';
import { DEFAULT_REQUEST_SETTINGS } from '../settings';
import { claimMint, finishMint, getRequest } from '../store';

const [location, worker, order] = process.argv.slice(2) as [string, string, 'forward' | 'reverse'];
const opened = openTestStorageAt(location);
const settings = { ...DEFAULT_REQUEST_SETTINGS, resourceTypes: OSS_RESOURCE_TYPES };
const minted: string[] = [];
process.stdin.once('data', () => void run());
async function run() {
  const sql = await opened;
  const ids = (await sql.all<{ id: string }>(`SELECT id FROM access_requests ORDER BY id`)).map((r) => r.id);
  if (order === 'reverse') ids.reverse();
  for (const id of ids) {
    const loaded = (await getRequest(id, sql))!;
    const actor = { kind: 'person' as const, person: loaded.requester };
    const claim = await claimMint(loaded, loaded.form, actor, new Date(), settings, `${worker}-${id}`, sql);
    if (!claim.ok) continue;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    if (await finishMint(id, `${worker}-${id}`, '0a1b2c3d4e5f6a7b', new Date(), sql)) minted.push(id);
  }
  process.stdout.write(JSON.stringify(minted), () => process.exit(0));
}
void opened.then(() => process.stdout.write('ready\n'));
