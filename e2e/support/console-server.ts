// Starts the built console (`next start`) against a given influxd, as a separate process with
// its own data folder and log file, and waits until /api/health answers.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSync as argon2HashSync } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { createLimitedCredential, type InfluxInstance, type Permission } from '../../scripts/influxd/harness';
import type { Stack } from './stack';

export const ROOT = join(__dirname, '..', '..');

export const TEST_USERS = {
  admin: { username: 'ada-admin', password: 'e2e-admin-password-123', role: 'admin' },
  creator: { username: 'cy-creator', password: 'e2e-creator-password-123', role: 'creator' },
  viewer: { username: 'vi-viewer', password: 'e2e-viewer-password-123', role: 'viewer' },
} as const;
export type TestRole = keyof typeof TEST_USERS;

export function freePort(): Promise<number> {
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

/**
 * A users file with both kinds of hash the console accepts: argon2id (what scripts/hash-password.ts
 * makes; the viewer, so the built server's native argon2 is exercised on every run) and bcrypt
 * (older files; cost 4: tests, not production).
 */
export function writeUsersFile(dir: string): string {
  const file = join(dir, 'users.json');
  const users = Object.values(TEST_USERS).map((u) => ({
    username: u.username,
    name: u.username,
    role: u.role,
    passwordHash: u.role === 'viewer' ? argon2HashSync(u.password) : bcrypt.hashSync(u.password, 4),
  }));
  writeFileSync(file, JSON.stringify({ users }, null, 2), { mode: 0o600 });
  return file;
}

export interface ConsoleEnvOptions {
  influx: Pick<InfluxInstance, 'url' | 'org' | 'consoleToken' | 'consoleTokenID'>;
  /** Overrides the credential (e.g. a deliberately limited token). */
  influxToken?: string;
  baseURL: string;
  dir: string;
  usersFile: string;
  oidc?: { issuer: string; clientSecret: string; roleMap: string };
  extra?: Record<string, string>;
}

export function consoleEnv(o: ConsoleEnvOptions): Record<string, string> {
  return {
    NODE_ENV: 'production',
    INFLUX_URL: o.influx.url,
    INFLUX_TOKEN: o.influxToken ?? o.influx.consoleToken,
    ...(o.influxToken ? {} : { INFLUX_TOKEN_ID: o.influx.consoleTokenID }),
    INFLUX_ORG: o.influx.org,
    INFLUX_TIMEOUT_MS: '5000',
    AUTH_SECRET: 'e2e-auth-secret-0123456789abcdefghijklmnopqrstuvwxyz',
    AUTH_URL: o.baseURL,
    CONSOLE_USERS_FILE: o.usersFile,
    CONSOLE_DATA_DIR: join(o.dir, 'data'),
    CONSOLE_LOG_FILE: join(o.dir, 'console.log'),
    // The specs reload the list from InfluxDB many times a minute, as several people at once; the
    // limits themselves are tested in lib/inventory/list-page.test.ts.
    CONSOLE_RELOADS_PER_MINUTE: '1000',
    CONSOLE_RELOADS_TOTAL_PER_MINUTE: '10000',
    ...(o.oidc
      ? {
          OIDC_ISSUER: o.oidc.issuer,
          OIDC_CLIENT_ID: 'token-console',
          OIDC_CLIENT_SECRET: o.oidc.clientSecret,
          OIDC_NAME: 'Acme SSO',
          OIDC_ROLE_MAP: o.oidc.roleMap,
        }
      : {}),
    ...o.extra,
  };
}

export interface RunningConsole {
  baseURL: string;
  pid: number;
  logFile: string;
  stdoutFile: string;
  stop(): Promise<void>;
}

/** Runs `next start` from the existing build with exactly `env` (plus PATH/HOME). */
export async function startConsole(env: Record<string, string>, port: number, dir: string): Promise<RunningConsole> {
  mkdirSync(dir, { recursive: true });
  const stdoutFile = join(dir, 'server.out');
  const fd = openSync(stdoutFile, 'a');
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  const pid = child.pid!;
  const baseURL = `http://localhost:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`console exited early:\n${readFileSync(stdoutFile, 'utf8').slice(-2000)}`);
    try {
      const res = await fetch(`${baseURL}/api/health`);
      if (res.status === 200 || res.status === 503) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`console did not start:\n${readFileSync(stdoutFile, 'utf8').slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseURL,
    pid,
    logFile: env.CONSOLE_LOG_FILE ?? '',
    stdoutFile,
    stop: async () => {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        return;
      }
      for (let i = 0; i < 50; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/**
 * A second console on the run's influxd whose credential holds exactly `permissions` (made by the
 * operator for the console user; INFLUX_TOKEN_ID set, so it can read what it holds). Same users
 * file and AUTH_SECRET, and localhost like the main console, so the saved sessions work on it.
 * stop() also removes its folder.
 */
export async function startLimitedConsole(stack: Stack, label: string, permissions: Permission[]): Promise<RunningConsole> {
  const credential = await createLimitedCredential(stack.influx, permissions, `e2e ${label} console credential`);
  const dir = mkdtempSync(join(tmpdir(), `itc-${label}-`));
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const env = consoleEnv({
    influx: stack.influx,
    influxToken: credential.token,
    baseURL,
    dir,
    usersFile: stack.usersFile,
    extra: { INFLUX_TOKEN_ID: credential.id },
  });
  const running = await startConsole(env, port, dir);
  return {
    ...running,
    stop: async () => {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
