import 'server-only';
// Called once from instrumentation.ts in the Node.js runtime: a bad configuration stops the
// process with a message naming each variable and what it expects.
import { consoleConnections } from '@/lib/connections/registry';
import { ConfigError, getConfig } from './server-config';

export function checkConfigOrExit() {
  try {
    getConfig();
    // A mistake in CONSOLE_CONNECTIONS_FILE stops the start too, naming the line and the field.
    consoleConnections();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
