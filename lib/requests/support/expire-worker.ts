// A separate process that runs the request expiry pass on a shared database, as a second console's
// scheduler tick would. Used by expire-pass.test.ts. Prints the ids it expired.
// Run: node --conditions react-server --import tsx lib/requests/support/expire-worker.ts <location> <now-ms>
import { OSS_RESOURCE_TYPES } from '@/lib/permissions/resource-types';
import { openTestStorageAt } from '@/lib/storage/support/open-test-storage';
import { expireRequestsPass } from '../expire-pass';
import { DEFAULT_REQUEST_SETTINGS } from '../settings';

const [location, nowMs] = process.argv.slice(2) as [string, string];
const opened = openTestStorageAt(location);
const settings = { ...DEFAULT_REQUEST_SETTINGS, resourceTypes: OSS_RESOURCE_TYPES };
process.stdin.once('data', () => void run());
async function run() {
  const sql = await opened;
  const expired = await expireRequestsPass({ now: new Date(Number(nowMs)), settings }, sql);
  process.stdout.write(JSON.stringify(expired.map((r) => r.id)), () => process.exit(0));
}
void opened.then(() => process.stdout.write('ready\n'));
