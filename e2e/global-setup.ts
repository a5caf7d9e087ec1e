// Brings up the real parts once per run: influxd (built from source by ensure.sh), a local
// OpenID provider, a production build of the console configured against both, and `next start`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInfluxd } from '../scripts/influxd/harness';
import { ROOT, consoleEnv, freePort, startConsole, writeUsersFile } from './support/console-server';
import { STACK_FILE, type Stack } from './support/stack';

async function startOidc(port: number, redirectUri: string, clientSecret: string): Promise<number> {
  const child = spawn(process.execPath, [join(__dirname, 'support', 'oidc-server.mjs'), String(port), redirectUri, clientSecret], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'ignore'],
    detached: true,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('OIDC provider did not start')), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('oidc ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`OIDC provider exited (${code})`)));
  });
  child.stdout.removeAllListeners('data');
  child.stdout.resume();
  child.unref();
  return child.pid!;
}

export default async function globalSetup() {
  // The canary project scans every response recorded in this run only.
  rmSync(join(ROOT, 'test-results', 'responses'), { recursive: true, force: true });
  const dir = mkdtempSync(join(tmpdir(), 'itc-e2e-'));
  const influx = await startInfluxd({ hashedTokens: true, detached: true });
  const started: number[] = [];
  try {
    await bringUp(dir, influx, started);
  } catch (error) {
    // Leave nothing running when setup fails half-way.
    for (const pid of started) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    await influx.stop();
    throw error;
  }
}

async function bringUp(dir: string, influx: Awaited<ReturnType<typeof startInfluxd>>, started: number[]) {
  const { stop: _stop, ...influxInfo } = influx;

  const port = await freePort();
  // localhost, not 127.0.0.1: Next normalises loopback request URLs to "localhost", so Auth.js
  // builds its OIDC redirect_uri and cookies for localhost; the browser must use the same name.
  const baseURL = `http://localhost:${port}`;
  const oidcPort = await freePort();
  const clientSecret = 'e2e-oidc-client-secret-0123456789';
  const oidcPid = await startOidc(oidcPort, `${baseURL}/api/auth/callback/oidc`, clientSecret);
  started.push(oidcPid);
  const oidc = {
    issuer: `http://127.0.0.1:${oidcPort}`,
    clientSecret,
    roleMap: JSON.stringify({ admins: ['sso-admin@acme.test'], creators: ['*@acme.test'], viewers: [] }),
  };

  const usersFile = writeUsersFile(dir);
  // Token creation is rate-limited per person (10 a minute by default); the specs mint more than
  // that as one creator, so this run allows more. The limit itself is tested in a unit test.
  const env = consoleEnv({ influx: influxInfo, baseURL, dir, usersFile, oidc, extra: { CONSOLE_MINT_PER_MINUTE: '300' } });
  mkdirSync(env.CONSOLE_DATA_DIR!, { recursive: true });

  // Build with the real credential in the environment: the canary test then proves the build
  // did not inline it anywhere.
  if (!process.env.E2E_SKIP_BUILD) {
    console.log('[e2e] next build …');
    const build = spawnSync(join(ROOT, 'node_modules', '.bin', 'next'), ['build'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('next build failed');
  }

  const running = await startConsole(env, port, dir);
  started.push(running.pid);
  const stack: Stack = {
    baseURL,
    dir,
    usersFile,
    consoleLog: running.logFile,
    consoleStdout: running.stdoutFile,
    consoleDataDir: env.CONSOLE_DATA_DIR!,
    influx: influxInfo,
    oidc: { ...oidc, pid: oidcPid },
    pids: [running.pid, oidcPid, influx.pid],
  };
  writeFileSync(STACK_FILE, JSON.stringify(stack, null, 2), { mode: 0o600 });
  console.log(`[e2e] console ${baseURL}, influxd ${influx.url}, oidc ${oidc.issuer}`);
}
