// Test/dev harness: start a real influxd 2.x on a free port with a throwaway data dir, onboard it,
// and give it the dedicated credential the console runs with. Plain Node (run with tsx), no Next.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// __dirname works under tsx (CommonJS), Playwright's loader and vitest alike; import.meta does not.
const here = __dirname;

export const CONSOLE_USER = 'token-console';
const OPERATOR_USER = 'operator';
export const EPHEMERAL_MARKER = '.harness-ephemeral';

export type Permission = {
  action: 'read' | 'write';
  resource: { type: string; id?: string; orgID?: string };
};

export type StartOptions = {
  /** influxd release to run, e.g. '2.7.12' (ensure.sh builds and caches it); default: VERSION. */
  version?: string;
  /** Default: true where influxd can hash (2.8 and later); 2.7 cannot, so true is refused there. */
  hashedTokens?: boolean;
  dataDir?: string;
  port?: number;
  operatorToken?: string;
  /** Ignored as a value: influxd always generates token values, so read inst.consoleToken. */
  consoleToken?: string;
  org?: string;
  bucket?: string;
  /** Keep dataDir on stop() and reopen it on the next start. Default: true when dataDir is given. */
  persistent?: boolean;
  /** Let influxd outlive this Node process (used by start.ts). */
  detached?: boolean;
  readyTimeoutMs?: number;
};

export type InfluxInstance = {
  url: string;
  org: string;
  orgID: string;
  bucket: string;
  bucketID: string;
  operatorToken: string;
  consoleToken: string;
  consoleUserID: string;
  /** The authorization id of the console credential (INFLUX_TOKEN_ID). */
  consoleTokenID: string;
  operatorUserID: string;
  hashedTokens: boolean;
  dataDir: string;
  pid: number;
  logFile: string;
  stop: () => Promise<void>;
};

/** What D/instance.json keeps, so a persistent data dir can be reopened. */
type Saved = Omit<InfluxInstance, 'url' | 'pid' | 'logFile' | 'stop' | 'dataDir'> & {
  operatorPassword: string;
};

/** What POST /api/v2/setup answers (the parts the harness keeps). */
type OnboardingAnswer = { org: { id: string }; bucket: { id: string }; auth: { token: string }; user: { id: string } };

/** Runs ensure.sh (progress on stderr passes through) and returns the influxd path. */
export function ensureInfluxd(version?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(here, 'ensure.sh'), ...(version ? [version] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const path = out.trim().split('\n').pop() ?? '';
      if (code === 0 && path) resolve(path);
      else reject(new Error(`ensure.sh exited with ${code}`));
    });
  });
}

/** Runs a short command and returns its stdout and stderr together. */
function runFor(bin: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', () => resolve(out));
  });
}

/**
 * Binds `port` (0 = any free one) on 127.0.0.1 and releases it. Small race until influxd binds
 * it; fine for tests. A busy port must fail here: otherwise /health would be answered by
 * whatever already listens there and we would onboard the wrong server.
 */
function freePort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', (err) => reject(new Error(`127.0.0.1:${port} is not free: ${err.message}`)));
    srv.listen(port, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** True while the pid exists and is not a zombie (a zombie has exited and holds nothing). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ..."; comm may contain spaces, so split after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

/**
 * Pauses influxd (SIGSTOP): it keeps its port and accepts connections but never answers, the fault
 * the timeout tests need. Resolves once every thread of it has stopped: kill(2) returns before they
 * do, and a thread still running answers a request sent right after (18 of 300 /health requests
 * here, and once a scheduler test's deactivation). Waits on /proc, never on a clock.
 */
export async function pauseInfluxd(inst: Pick<InfluxInstance, 'pid'>): Promise<void> {
  process.kill(inst.pid, 'SIGSTOP');
  const tasks = `/proc/${inst.pid}/task`;
  const running = () =>
    readdirSync(tasks).some((t) => {
      try {
        const stat = readFileSync(`${tasks}/${t}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'T';
      } catch {
        return false; // the thread has exited meanwhile
      }
    });
  for (let spins = 0; running(); spins++) {
    if (spins > 100_000) throw new Error(`influxd ${inst.pid} did not stop after SIGSTOP`);
    await new Promise((r) => setImmediate(r));
  }
}

/** Lets a paused influxd answer again (SIGCONT). */
export function resumeInfluxd(inst: Pick<InfluxInstance, 'pid'>): void {
  process.kill(inst.pid, 'SIGCONT');
}

/** SIGTERM, SIGKILL after 5s, then wait until the process is gone. Works for any pid. */
export async function stopPid(pid: number, graceMs = 5000): Promise<void> {
  if (!isRunning(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isRunning(pid) && Date.now() < deadline) await sleep(100);
  if (isRunning(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    while (isRunning(pid)) await sleep(50);
  }
  // Our own child stays a zombie until Node reaps it on SIGCHLD; give the loop a turn so that
  // process.kill(pid, 0) throws for callers right after stop() resolves.
  for (let i = 0; i < 40; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(25);
  }
}

/** fetch against the instance with `Authorization: Token <token>` (no header when token is ''). */
export function influxFetch(inst: Pick<InfluxInstance, 'url'>, token: string, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Token ${token}`);
  if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  return fetch(inst.url + path, { ...init, headers });
}

/** influxFetch that requires a 2xx and returns the parsed JSON body. */
async function api<T>(inst: Pick<InfluxInstance, 'url'>, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await influxFetch(inst, token, path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function waitHealthy(url: string, pid: number, logFile: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok && ((await res.json()) as { status: string }).status === 'pass') return;
    } catch {
      /* not listening yet */
    }
    if (!isRunning(pid)) throw new Error(`influxd exited before it was ready; log tail:\n${logTail(logFile)}`);
    if (Date.now() > deadline) throw new Error(`influxd not healthy after ${timeoutMs} ms; log tail:\n${logTail(logFile)}`);
    await sleep(200);
  }
}

/**
 * The console's own credential: what the official "All Access" token holds, scoped to the org,
 * except `users`, which is read+write type-wide (no id, no orgID). The console needs that to
 * look users up by name, create users (CreateUser checks write on the global `users` type) and
 * mint tokens owned by other users (POST /authorizations checks write:users/<target userID>).
 * Tried on influxd 2.9.1 (harness.integration.test.ts): a non-operator token holding this can
 * create users and mint tokens for them, and for the operator user too; the escalation check
 * still refuses any permission the credential does not hold itself (403 for read:instance or
 * type-wide buckets), and it cannot create orgs.
 * Be aware: write:users type-wide is operator-equivalent in OSS. It also allows
 * POST /users/<operator id>/password, after which /api/v2/signin as the operator works (tried).
 * And with --use-hashed-tokens=false, read:authorizations on the org lists the operator's own
 * token value. There is no narrower grant that still allows creating users, so keep the
 * console credential as secret as the operator token.
 * `instance` is never grantable (500); `orgs` is read-only on the one org, as in the UI.
 */
export function consolePermissions(resourceTypes: string[], orgID: string): Permission[] {
  const perms: Permission[] = [];
  for (const type of resourceTypes) {
    if (type === 'instance') continue;
    if (type === 'orgs') {
      perms.push({ action: 'read', resource: { type, id: orgID } });
      continue;
    }
    const resource = type === 'users' ? { type } : { type, orgID };
    perms.push({ action: 'read', resource }, { action: 'write', resource });
  }
  return perms;
}

async function findUser(inst: Pick<InfluxInstance, 'url'>, token: string, name: string): Promise<string | undefined> {
  // influxd answers 404 "user not found" (not an empty list) when the name filter matches nothing.
  const res = await influxFetch(inst, token, `/api/v2/users?name=${encodeURIComponent(name)}`);
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`GET /api/v2/users?name=${name} -> ${res.status} ${await res.text()}`);
  return ((await res.json()) as { users?: { id: string }[] }).users?.[0]?.id;
}

async function createAuthorization(
  inst: Pick<InfluxInstance, 'url' | 'orgID'>,
  token: string,
  userID: string,
  permissions: Permission[],
  description: string,
): Promise<{ id: string; token: string }> {
  return api<{ id: string; token: string }>(inst, token, 'POST', '/api/v2/authorizations', {
    orgID: inst.orgID,
    userID,
    description,
    permissions,
  });
}

/** Makes sure the token-console user and its credential exist; returns them. */
async function ensureConsoleCredential(
  inst: Pick<InfluxInstance, 'url' | 'orgID' | 'operatorToken'>,
  previous?: { consoleToken?: string; consoleUserID?: string; consoleTokenID?: string },
): Promise<{ consoleToken: string; consoleUserID: string; consoleTokenID: string }> {
  const op = inst.operatorToken;
  let userID = await findUser(inst, op, CONSOLE_USER);
  if (!userID) userID = (await api<{ id: string }>(inst, op, 'POST', '/api/v2/users', { name: CONSOLE_USER, status: 'active' })).id;

  // A reopened persistent instance keeps its credential if it still works for that user.
  if (previous?.consoleToken && previous.consoleUserID === userID) {
    const me = await influxFetch(inst, previous.consoleToken, '/api/v2/me');
    if (me.ok && ((await me.json()) as { id: string }).id === userID && previous.consoleTokenID)
      return { consoleToken: previous.consoleToken, consoleUserID: userID, consoleTokenID: previous.consoleTokenID };
  }
  const types = await api<string[]>(inst, op, 'GET', '/api/v2/resources');
  const auth = await createAuthorization(inst, op, userID, consolePermissions(types, inst.orgID), 'token-console credential');
  return { consoleToken: auth.token, consoleUserID: userID, consoleTokenID: auth.id };
}

/** Starts influxd, onboards it if needed, and creates the console credential. */
export async function startInfluxd(opts: StartOptions = {}): Promise<InfluxInstance> {
  const bin = await ensureInfluxd(opts.version);
  // Asked of the binary, not guessed from a version number: 2.7 has no such flag and refuses to
  // start when given one.
  const canHash = (await runFor(bin, ['--help'])).includes('--use-hashed-tokens');
  const hashedTokens = opts.hashedTokens ?? canHash;
  if (hashedTokens && !canHash) throw new Error(`${bin} cannot hash tokens (no --use-hashed-tokens flag)`);
  const port = await freePort(opts.port);
  const persistent = opts.persistent ?? opts.dataDir !== undefined; // never rm -rf a dir we were handed unless asked
  const dataDir = resolve(opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'influxd-harness-'))));
  mkdirSync(dataDir, { recursive: true });
  // stop.ts only gets a pid: this marker tells it the dir is throwaway.
  if (!persistent) writeFileSync(join(dataDir, EPHEMERAL_MARKER), '');
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(dataDir, 'influxd.log');

  const args = [
    '--bolt-path',
    join(dataDir, 'influxd.bolt'),
    '--engine-path',
    join(dataDir, 'engine'),
    '--sqlite-path',
    join(dataDir, 'influxd.sqlite'),
    '--http-bind-address',
    `127.0.0.1:${port}`,
    '--reporting-disabled',
    '--log-level',
    'error',
    '--ui-disabled',
  ];
  if (canHash) args.push(`--use-hashed-tokens=${hashedTokens}`);

  // cwd = dataDir: influxd reads config.{json,toml,yaml} from its working directory, and an
  // unrelated one in ours must not leak in. Output goes to a file so nothing holds our pipes.
  const fd = openSync(logFile, 'a');
  const child = spawn(bin, args, { cwd: dataDir, stdio: ['ignore', fd, fd], detached: opts.detached ?? false });
  closeSync(fd);
  if (!child.pid) throw new Error(`could not spawn ${bin}`);
  if (opts.detached) child.unref();
  const pid = child.pid;

  // Memoized: a second stop() must not signal the pid again once the kernel may have reused it.
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await stopPid(pid);
      if (!persistent) await rm(dataDir, { recursive: true, force: true });
    })());

  try {
    await waitHealthy(url, pid, logFile, opts.readyTimeoutMs ?? 60_000);
    const base = { url };
    const instanceFile = join(dataDir, 'instance.json');
    const { allowed } = await api<{ allowed: boolean }>(base, '', 'GET', '/api/v2/setup');

    let saved: Saved;
    if (allowed) {
      const operatorPassword = randomBytes(12).toString('base64url');
      const org = opts.org ?? 'acme';
      const bucket = opts.bucket ?? 'telemetry';
      const setup = await api<OnboardingAnswer>(base, '', 'POST', '/api/v2/setup', {
        username: OPERATOR_USER,
        password: operatorPassword,
        org,
        bucket,
        ...(opts.operatorToken ? { token: opts.operatorToken } : {}),
      });
      const onboarded = {
        org,
        orgID: setup.org.id,
        bucket,
        bucketID: setup.bucket.id,
        operatorToken: setup.auth.token,
        operatorUserID: setup.user.id,
      };
      const consoleCred = await ensureConsoleCredential({ url, ...onboarded });
      saved = { ...onboarded, ...consoleCred, hashedTokens, operatorPassword };
    } else {
      // Already onboarded: only a persistent data dir of ours can be reopened. In hashed mode the
      // token values exist nowhere else, which is why instance.json keeps them.
      if (!existsSync(instanceFile)) throw new Error(`${dataDir} is already onboarded but has no instance.json`);
      const prev = JSON.parse(readFileSync(instanceFile, 'utf8')) as Saved;
      const operatorToken = opts.operatorToken ?? prev.operatorToken;
      const consoleCred = await ensureConsoleCredential({ url, orgID: prev.orgID, operatorToken }, prev);
      saved = { ...prev, operatorToken, hashedTokens, ...consoleCred };
    }
    // Tokens in clear: owner-only file (mode only applies on creation, so chmod a reused one too).
    writeFileSync(instanceFile, JSON.stringify(saved, null, 2) + '\n', { mode: 0o600 });
    chmodSync(instanceFile, 0o600);

    const { operatorPassword: _pw, ...pub } = saved;
    return { ...pub, url, dataDir, pid, logFile, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A token owned by the console user with exactly `permissions` (minted with the operator token). */
export async function createLimitedToken(
  inst: InfluxInstance,
  permissions: Permission[],
  description = 'limited console credential',
): Promise<string> {
  return (await createLimitedCredential(inst, permissions, description)).token;
}

/** Like createLimitedToken, with the authorization id too (for INFLUX_TOKEN_ID). */
export async function createLimitedCredential(
  inst: Pick<InfluxInstance, 'url' | 'orgID' | 'operatorToken' | 'consoleUserID'>,
  permissions: Permission[],
  description = 'limited console credential',
): Promise<{ id: string; token: string }> {
  const auth = await createAuthorization(inst, inst.operatorToken, inst.consoleUserID, permissions, description);
  return { id: auth.id, token: auth.token };
}

/** Writes one line of line protocol (precision s); returns the HTTP status (204 on success). */
export async function writeLine(inst: InfluxInstance, token: string, bucket: string, line: string): Promise<number> {
  const q = new URLSearchParams({ org: inst.org, bucket, precision: 's' });
  const res = await influxFetch(inst, token, `/api/v2/write?${q}`, {
    method: 'POST',
    body: line,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
  await res.arrayBuffer();
  return res.status;
}

/** Runs `from(bucket) |> range(start: -1h)`; returns the HTTP status (200 on success). */
export async function queryBucket(inst: InfluxInstance, token: string, bucket: string): Promise<number> {
  const res = await influxFetch(inst, token, `/api/v2/query?org=${encodeURIComponent(inst.org)}`, {
    method: 'POST',
    body: JSON.stringify({ query: `from(bucket: ${JSON.stringify(bucket)}) |> range(start: -1h)`, type: 'flux' }),
    headers: { Accept: 'application/csv' },
  });
  await res.arrayBuffer();
  return res.status;
}

/**
 * What InfluxDB does with `token` for one bucket: GET /api/v2/buckets/{id} answers 200 for an
 * active token that may read it, 401 for an inactive or deleted token. (influxd 2.9.1 answers
 * GET /api/v2/buckets with 200 and an empty list for an inactive token, so that call proves
 * nothing; a write answers 403 "token is inactive".)
 */
export async function bucketStatus(inst: Pick<InfluxInstance, 'url'>, token: string, bucketID: string): Promise<number> {
  const res = await influxFetch(inst, token, `/api/v2/buckets/${bucketID}`);
  await res.arrayBuffer();
  return res.status;
}
