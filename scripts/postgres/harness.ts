// Test harness: a throwaway PostgreSQL cluster from Debian's `postgresql` package (.ci/run
// installs it). initdb into a fresh temp folder, `postgres` on a free loopback port with its unix
// socket in that folder, ready when the server says so in its log, stopped through its own PID.
// Plain Node (run with tsx), no Next. Verified notes: shared/reference/real-servers-in-tests.md.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PG_ROOT = '/usr/lib/postgresql';

export interface PostgresInstance {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, loopback only). */
  url: string;
  port: number;
  /** The folder holding the unix socket: `host` for a socket connection. */
  socketDir: string;
  dataDir: string;
  pid: number;
  version: string;
  /** Stops the server (fast shutdown, as an outage) and keeps its data folder and port. */
  halt(): Promise<void>;
  /** Starts the halted server again on the same port and data folder. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** The newest installed major's bin folder, e.g. /usr/lib/postgresql/15/bin. */
export function postgresBinDir(): string {
  const majors = existsSync(PG_ROOT) ? readdirSync(PG_ROOT).filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'initdb'))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest)
    throw new Error(
      `no PostgreSQL server under ${PG_ROOT}: install Debian's postgresql package (apt-get install postgresql; .ci/run does)`,
    );
  return join(PG_ROOT, newest, 'bin');
}

function freePort(): Promise<number> {
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

/** PostgreSQL refuses to run as root: as root, run it as the package's `postgres` user. */
function serverIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  };
}

export async function startPostgres(opts: { readyTimeoutMs?: number } = {}): Promise<PostgresInstance> {
  const bin = postgresBinDir();
  const ids = serverIds();
  const dir = mkdtempSync(join(tmpdir(), 'itc-pg-'));
  // mkdtemp makes a 0700 folder owned by us; the server's user must own it.
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const dataDir = join(dir, 'data');
  const asServer = { ...(ids ?? {}), cwd: dir };
  try {
    execFileSync(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], {
      ...asServer,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
  }
  const version = execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
  const port = await freePort();
  let server: Running;
  try {
    server = await runServer(bin, dataDir, port, asServer, opts.readyTimeoutMs ?? 30_000);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    socketDir: dir,
    dataDir,
    get pid() {
      return server.pid;
    },
    version,
    halt: () => server.stop(),
    async resume() {
      await server.stop();
      server = await runServer(bin, dataDir, port, asServer, opts.readyTimeoutMs ?? 30_000);
    },
    stop() {
      stopped ??= (async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

interface Running {
  pid: number;
  stop(): Promise<void>;
}

/** One `postgres` process on `dataDir`, ready when its log says so. */
async function runServer(
  bin: string,
  dataDir: string,
  port: number,
  asServer: { uid?: number; gid?: number; cwd: string },
  readyTimeoutMs: number,
): Promise<Running> {
  const child = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-k',
      asServer.cwd,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
    ],
    { ...asServer, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let log = '';
  try {
    await new Promise<void>((resolve, reject) => {
      // A guard against a server that never comes up, not a wait for it: readiness is the log line.
      const timer = setTimeout(() => reject(new Error(`postgres not ready within ${readyTimeoutMs} ms:\n${log}`)), readyTimeoutMs);
      child.stderr.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('database system is ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`postgres exited (${code}) before it was ready:\n${log}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  // Keep reading its log so a full pipe never blocks the server.
  child.stderr.resume();
  return {
    pid: child.pid!,
    async stop() {
      // SIGINT is PostgreSQL's "fast" shutdown: open sessions are ended, nothing is left behind.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}
