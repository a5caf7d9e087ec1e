// Starts a local influxd for development and prints the instance (tokens included) as JSON.
// influxd keeps running after this exits; stop it with `npx tsx scripts/influxd/stop.ts <pid>`.
// Usage: npx tsx scripts/influxd/start.ts [--influxd-version 2.7.12] [--unhashed] [--data-dir D] [--port N] [--persistent]
import { startInfluxd, type StartOptions } from './harness';

function parseArgs(argv: string[]): StartOptions {
  const opts: StartOptions = { detached: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--unhashed') opts.hashedTokens = false;
    else if (a === '--influxd-version') opts.version = value();
    else if (a === '--persistent') opts.persistent = true;
    else if (a === '--data-dir') opts.dataDir = value();
    else if (a === '--port') opts.port = Number(value());
    else throw new Error(`unknown argument: ${a}`);
  }
  return opts;
}

startInfluxd(parseArgs(process.argv.slice(2))).then(
  ({ stop: _stop, ...inst }) => {
    // Exit explicitly: fetch keep-alive sockets would otherwise hold the event loop for a while.
    process.stdout.write(JSON.stringify(inst, null, 2) + '\n', () => process.exit(0));
  },
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
