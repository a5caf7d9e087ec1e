// A separate process that claims due scheduled deactivations from a shared database file until
// none is left, as a second console would. Used by scheduled-deactivations.test.ts.
// Run: node --conditions react-server --import tsx lib/storage/support/claim-worker.ts <file> <name>
import { claimDue, finishClaim } from '../scheduled-deactivations';
import { openDatabase } from '../db';

const [file, worker] = process.argv.slice(2) as [string, string];
const db = openDatabase(file);
const claimed: number[] = [];
// Start together: the parent writes "go" to stdin.
process.stdin.once('data', () => {
  for (;;) {
    const row = claimDue(worker, Date.now(), db);
    if (!row) break;
    claimed.push(row.id);
    // Stand-in for the InfluxDB call between claim and finish, so the two workers interleave.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    finishClaim(row.id, worker, { state: 'done', outcome: 'deactivated' }, db);
  }
  process.stdout.write(JSON.stringify(claimed), () => process.exit(0));
});
process.stdout.write('ready\n');
