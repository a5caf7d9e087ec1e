// The embedded default behind `npm run demo`. Everything lives in ./data (git-ignored):
//   data/influxd/       influxd's files and instance.json (tokens, mode 0600)
//   data/console.env    the console's server-only configuration (mode 0600)
//   data/users.json     demo accounts (bcrypt hashes); data/demo-login.txt has the passwords
//   data/console/       the console's own SQLite database
// Running it again reuses all of it. Ctrl-C stops the console and influxd.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import bcrypt from 'bcryptjs';
import { startInfluxd, stopPid } from './influxd/harness';

const root = resolve(__dirname, '..');
const data = join(root, 'data');
const port = Number(process.env.PORT ?? 3000);
const influxPort = Number(process.env.DEMO_INFLUXD_PORT ?? 8086);

function writeSecret(file: string, content: string) {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
}

function demoUsers(): { username: string; password: string; role: string }[] {
  const loginFile = join(data, 'demo-login.txt');
  if (existsSync(loginFile)) return JSON.parse(readFileSync(loginFile, 'utf8')) as ReturnType<typeof demoUsers>;
  const users = (['admin', 'creator', 'viewer'] as const).map((role) => ({
    username: role,
    password: `${role}-${randomBytes(6).toString('base64url')}`,
    role,
  }));
  writeSecret(loginFile, JSON.stringify(users, null, 2));
  writeSecret(
    join(data, 'users.json'),
    JSON.stringify(
      {
        users: users.map((u) => ({
          username: u.username,
          name: `Demo ${u.role}`,
          role: u.role,
          passwordHash: bcrypt.hashSync(u.password, 12),
        })),
      },
      null,
      2,
    ),
  );
  return users;
}

function authSecret(): string {
  const file = join(data, 'auth-secret');
  if (!existsSync(file)) writeSecret(file, randomBytes(32).toString('base64url'));
  return readFileSync(file, 'utf8').trim();
}

async function main() {
  mkdirSync(data, { recursive: true, mode: 0o700 });
  console.log('[demo] starting influxd (data in ./data/influxd)');
  const influx = await startInfluxd({ dataDir: join(data, 'influxd'), persistent: true, port: influxPort, detached: true });
  const users = demoUsers();
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    INFLUX_URL: influx.url,
    INFLUX_TOKEN: influx.consoleToken,
    INFLUX_TOKEN_ID: influx.consoleTokenID,
    INFLUX_ORG: influx.org,
    AUTH_SECRET: authSecret(),
    AUTH_URL: `http://localhost:${port}`,
    CONSOLE_USERS_FILE: join(data, 'users.json'),
    CONSOLE_DATA_DIR: join(data, 'console'),
  };
  writeSecret(
    join(data, 'console.env'),
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );

  // Rebuild when the sources changed since the last demo build (or there is none).
  const stamp = spawnSync('git', ['log', '-1', '--format=%H'], { cwd: root, encoding: 'utf8' }).stdout.trim() || 'unknown';
  const stampFile = join(root, '.next', 'DEMO_SOURCE');
  const built = existsSync(join(root, '.next', 'BUILD_ID')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;
  if (!built || process.env.DEMO_REBUILD) {
    console.log('[demo] building the console (next build)');
    // Built without the configuration: nothing secret can be inlined into the bundle.
    const build = spawnSync(join(root, 'node_modules', '.bin', 'next'), ['build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
    writeFileSync(stampFile, stamp);
  }

  // Loopback only by default: a demo should not be reachable from the network (HOST to change).
  const server = spawn(join(root, 'node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', process.env.HOST ?? '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  const shutdown = async () => {
    server.kill('SIGTERM');
    await stopPid(influx.pid);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  server.on('exit', (code) => {
    void stopPid(influx.pid).then(() => process.exit(code ?? 0));
  });

  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`
  Influx Token Console is running: http://localhost:${port}
  InfluxDB ${influx.url} (org ${influx.org}, bucket ${influx.bucket})
  Demo sign-in (also in data/demo-login.txt):
${users.map((u) => `    ${u.role.padEnd(8)} username ${u.username}  password ${u.password}`).join('\n')}
  Ctrl-C stops the console and influxd; run npm run demo again to continue with the same data.
`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
