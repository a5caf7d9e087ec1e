import 'server-only';
// Called once from instrumentation.ts before anything else uses the database: a database that
// cannot be opened or upgraded stops the process with the reason (MigrationError names the
// migration, which was rolled back), instead of failing every page afterwards.
import { prepareStorage } from './db';

export async function prepareStorageOrExit(): Promise<void> {
  try {
    await prepareStorage();
  } catch (error) {
    console.error(`Influx Token Console cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
