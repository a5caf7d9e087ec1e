// The console's start on PostgreSQL, in a real Node process: with DATABASE_URL, storage() opens and
// migrates that database (not the SQLite file); with the database down, the start
// (instrumentation.ts register(), as Next runs it) stops with one clear line naming the database,
// not its password; a failing migration stops it too and leaves the schema as it was.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPostgres, type PostgresInstance } from '@/scripts/postgres/harness';
import { MIGRATIONS } from './migrations';

let server: PostgresInstance;
let dataDir: string;
beforeAll(async () => {
  server = await startPostgres();
  dataDir = mkdtempSync(join(tmpdir(), 'itc-start-'));
});
afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const config = () => ({
  NEXT_RUNTIME: 'nodejs',
  NODE_ENV: 'production',
  INFLUX_URL: 'http://127.0.0.1:1',
  INFLUX_TOKEN: 'a'.repeat(40),
  INFLUX_TOKEN_ID: '0a1b2c3d4e5f6071',
  INFLUX_ORG: 'acme',
  AUTH_SECRET: 'abcdefghijklmnopqrstuvwxyz0123456789ABCD',
  CONSOLE_USERS_FILE: '/nonexistent/users.json',
  CONSOLE_DATA_DIR: dataDir,
});

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

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

function start(
  env: Record<string, string>,
  script = "import('./instrumentation.ts').then((m) => (m.register ?? m.default.register)())",
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions', 'react-server', '--import', 'tsx', '-e', script], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
    ...config(),
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

it('opens and migrates the PostgreSQL of DATABASE_URL, not the SQLite file', async () => {
  await query(server.url, 'CREATE DATABASE started');
  const url = server.url.replace(/\/postgres$/, '/started');
  const { code, stdout, stderr } = await start(
    { ...config(), DATABASE_URL: url },
    `import('./lib/storage/db.ts').then(async (m) => {
      const db = m.prepareStorage ? m : m.default;
      await db.prepareStorage();
      console.log(db.storage().dialect);
      await db.storage().close();
    })`,
  );
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout.trim()).toBe('postgres');
  const applied = await query<{ id: number }>(url, 'SELECT id FROM schema_migrations ORDER BY id');
  expect(applied.map((r) => Number(r.id))).toEqual(MIGRATIONS.map((m) => m.id).sort((a, b) => a - b));
  expect(readdirOrEmpty(dataDir)).toEqual([]);
});

it('stops when a migration fails, leaving that database as it was', async () => {
  await query(server.url, 'CREATE DATABASE broken');
  const url = server.url.replace(/\/postgres$/, '/broken');
  // Someone made a table migration 3 creates: migration 3 fails, and the start with it.
  await query(url, 'CREATE TABLE templates (slug TEXT PRIMARY KEY)');
  const { code, stderr } = await start({ ...config(), DATABASE_URL: url });
  expect(code).toBe(1);
  expect(stderr.trim().split('\n')).toEqual([
    expect.stringMatching(
      /^Influx Token Console cannot start: .*migration 3 \(permission templates\) failed and was rolled back: .*already exists/,
    ),
  ]);
  const tables = await query<{ t: string }>(
    url,
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
  );
  expect(tables.map((r) => r.t)).toEqual(['audit_events', 'form_keys', 'scheduled_deactivations', 'schema_migrations', 'templates']);
  const applied = await query<{ id: number }>(url, 'SELECT id FROM schema_migrations ORDER BY id');
  expect(applied.map((r) => Number(r.id))).toEqual([1, 2]);
});

function readdirOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
