// Two console processes on one database (a shared SQLite data folder, or one PostgreSQL) and the
// run's influxd, behind a small round-robin HTTP proxy, as a load balancer would put them. AUTH_URL
// is the proxy's URL, so cookies and Auth.js's checks work whichever instance answers.
//
// The proxy sends requests to A and B in turn and names the one that answered in `x-served-by`.
// A test may pin one request (or a browser context) to one instance with `x-instance: a|b`, to say
// "saved through A, read through B"; the header is a test device of this proxy, not the console's.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type PostgresInstance } from '../../scripts/postgres/harness';
import { consoleEnv, freePort, startConsole, type RunningConsole } from './console-server';
import type { Stack } from './stack';

export type InstanceName = 'a' | 'b';
export type SharedDatabase = 'sqlite' | 'postgres';

export interface RoundRobinProxy {
  url: string;
  /** Requests each instance answered. */
  served: Record<InstanceName, number>;
  /** Stops sending requests to an instance (it was killed). */
  drop(name: InstanceName): void;
  close(): Promise<void>;
}

export function startRoundRobinProxy(port: number, targets: Record<InstanceName, number>): Promise<RoundRobinProxy> {
  const live = new Set<InstanceName>(['a', 'b']);
  const served: Record<InstanceName, number> = { a: 0, b: 0 };
  let turn = 0;

  const pick = (req: IncomingMessage): InstanceName | undefined => {
    const pinned = req.headers['x-instance'];
    if (pinned === 'a' || pinned === 'b') return live.has(pinned) ? pinned : undefined;
    const order = [...live];
    return order[turn++ % order.length];
  };

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const name = pick(req);
    if (!name) {
      res.writeHead(502).end('no instance');
      return;
    }
    const headers = { ...req.headers };
    delete headers['x-instance'];
    // As a proxy in front of the console must: set the client's address, never append to it.
    headers['x-forwarded-for'] = req.socket.remoteAddress ?? '127.0.0.1';
    const upstream = httpRequest(
      // A fresh connection each time (agent: false): a killed instance leaves no kept-alive socket.
      { host: '127.0.0.1', port: targets[name], method: req.method, path: req.url, headers, agent: false },
      (answer) => {
        served[name]++;
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-served-by': name });
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'x-served-by': name }).end(`instance ${name} did not answer`);
      else res.destroy();
    });
    req.pipe(upstream);
  };

  const server: Server = createServer(forward);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://localhost:${port}`,
        served,
        drop: (name) => void live.delete(name),
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}

export interface TwoInstances {
  database: SharedDatabase;
  proxy: RoundRobinProxy;
  a: RunningConsole;
  b: RunningConsole;
  /** Kills an instance at once (SIGKILL, no shutdown) and stops the proxy sending it requests. */
  kill(name: InstanceName): void;
  stop(): Promise<void>;
}

export interface TwoInstancesOptions {
  database: SharedDatabase;
  /** Configuration both instances get on top of the usual e2e environment. */
  extra?: Record<string, string>;
}

export async function startTwoInstances(stack: Pick<Stack, 'influx' | 'usersFile'>, o: TwoInstancesOptions): Promise<TwoInstances> {
  const dir = mkdtempSync(join(tmpdir(), `itc-e2e-two-${o.database}-`));
  let postgres: PostgresInstance | undefined;
  const started: RunningConsole[] = [];
  let proxy: RoundRobinProxy | undefined;
  try {
    if (o.database === 'postgres') postgres = await startPostgres();
    const [proxyPort, portA, portB] = [await freePort(), await freePort(), await freePort()];
    proxy = await startRoundRobinProxy(proxyPort, { a: portA, b: portB });
    const env = (name: InstanceName) => ({
      ...consoleEnv({ influx: stack.influx, baseURL: proxy!.url, dir, usersFile: stack.usersFile }),
      // One data folder for both (consoleEnv's), each its own log.
      CONSOLE_LOG_FILE: join(dir, name, 'console.log'),
      ...(postgres ? { DATABASE_URL: postgres.url } : {}),
      ...o.extra,
    });
    // Both at once, as after a deploy: migrations must not race.
    const [a, b] = await Promise.all([
      startConsole(env('a'), portA, join(dir, 'a')).then((c) => (started.push(c), c)),
      startConsole(env('b'), portB, join(dir, 'b')).then((c) => (started.push(c), c)),
    ]);
    const kill = (name: InstanceName) => {
      proxy!.drop(name);
      const pid = (name === 'a' ? a : b).pid;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    return {
      database: o.database,
      proxy,
      a,
      b,
      kill,
      stop: async () => {
        await proxy!.close();
        await Promise.all([a.stop(), b.stop()]);
        await postgres?.stop();
        if (!process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await proxy?.close();
    await Promise.all(started.map((c) => c.stop()));
    await postgres?.stop();
    throw error;
  }
}
