// A separate process that opens (and so migrates) a store, as a console starting up would. Used by
// migrate.test.ts to start two at once on one empty database.
// Run: node --conditions react-server --import tsx lib/storage/support/migrate-worker.ts <location>
import { openTestStorageAt } from './open-test-storage';

const [location] = process.argv.slice(2) as [string];

// Start together: the parent writes "go" to stdin.
process.stdin.once('data', () => {
  openTestStorageAt(location).then(
    (sql) => sql.close().then(() => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
});
process.stdout.write('ready\n');
