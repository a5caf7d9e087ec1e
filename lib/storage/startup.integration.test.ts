// PostgreSQL down at start: the console's own start (instrumentation.ts register(), run in a real
// Node process as Next runs it) stops with one clear line naming the database, not its password.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { expect, it } from 'vitest';

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions',
        'react-server',
        '--import',
        'tsx',
        '-e',
        "import('./instrumentation.ts').then((m) => (m.register ?? m.default.register)())",
      ],
      {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } as unknown as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

it('stops with one line naming the database when PostgreSQL is not there', async () => {
  const port = await closedPort();
  const { code, stderr } = await start({
    NEXT_RUNTIME: 'nodejs',
    NODE_ENV: 'production',
    INFLUX_URL: 'http://127.0.0.1:1',
    INFLUX_TOKEN: 'a'.repeat(40),
    INFLUX_TOKEN_ID: '0a1b2c3d4e5f6071',
    INFLUX_ORG: 'acme',
    AUTH_SECRET: 'abcdefghijklmnopqrstuvwxyz0123456789ABCD',
    CONSOLE_USERS_FILE: '/nonexistent/users.json',
    DATABASE_URL: `postgres://console:Db-Passw0rd-xyz@127.0.0.1:${port}/console`,
  });
  expect(code).toBe(1);
  const lines = stderr.trim().split('\n');
  expect(lines).toEqual([
    expect.stringMatching(
      new RegExp(
        `^Influx Token Console cannot start: The console's database \\(PostgreSQL at 127\\.0\\.0\\.1:${port}\\) is not reachable: .*ECONNREFUSED`,
      ),
    ),
  ]);
  expect(stderr).not.toContain('Db-Passw0rd-xyz');
});
