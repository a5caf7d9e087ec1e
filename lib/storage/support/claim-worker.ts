// A separate process that claims due scheduled deactivations from a shared database until none
// is left, as a second console would. Used by scheduled-deactivations.test.ts.
// Run: node --conditions react-server --import tsx lib/storage/support/claim-worker.ts <location> <name>
import { claimDue, finishClaim } from '../scheduled-deactivations';
import { openTestStorageAt } from './open-test-storage';

const [location, worker] = process.argv.slice(2) as [string, string];
const claimed: number[] = [];

async function claimUntilNoneLeft() {
  const sql = await openTestStorageAt(location);
  for (;;) {
    const row = await claimDue(worker, Date.now(), sql);
    if (!row) break;
    claimed.push(row.id);
    // Stand-in for the InfluxDB call between claim and finish, so the two workers interleave.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    await finishClaim(row.id, worker, { state: 'done', outcome: 'deactivated' }, sql);
  }
}

// Start together: the parent writes "go" to stdin.
process.stdin.once('data', () => {
  claimUntilNoneLeft().then(
    () => process.stdout.write(JSON.stringify(claimed), () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
});
process.stdout.write('ready\n');
