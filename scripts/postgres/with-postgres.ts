// Runs a command with a throwaway PostgreSQL (the test harness) and TEST_POSTGRES_URL pointing at
// it, then stops the server whatever the command did. The storage tests open a fresh database on it
// per test (lib/storage/support/open-test-storage.ts), so the same suite runs on both dialects:
//   node --import tsx scripts/postgres/with-postgres.ts npx vitest run lib/storage/
import { spawn } from 'node:child_process';
import { startPostgres } from './harness';

async function main(command: string, args: string[]): Promise<number> {
  const server = await startPostgres();
  const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, TEST_POSTGRES_URL: server.url } });
  const stop = () => child.kill('SIGINT');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    // 'error': the command could not be started at all (not found); the server must stop then too.
    return await new Promise<number>((resolve, reject) => {
      child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
      child.once('error', reject);
    });
  } finally {
    await server.stop();
  }
}

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-postgres.ts <command> [args...]');
  process.exit(2);
}
main(command, args).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
