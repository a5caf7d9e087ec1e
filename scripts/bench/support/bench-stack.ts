// What most benches start with and end with: a throwaway influxd 2.9.1 (hashed tokens, as in
// production) and the built console (`next build` first if there is none) in a folder of their own,
// stopped and removed at the end; and the exit code of the script.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleEnv, freePort, startConsole, writeUsersFile, type RunningConsole } from '../../../e2e/support/console-server';
import { startInfluxd, type InfluxInstance } from '../../influxd/harness';
import { ensureConsoleBuild } from './console-build';

export interface BenchStack {
  inst: InfluxInstance;
  app: RunningConsole;
  baseURL: string;
  env: Record<string, string>;
  /** The stack's own folder (removed by close). */
  work: string;
  /** Stops the console alone (a profiled console writes its profile then); close does it too. */
  stopConsole: () => Promise<void>;
  close: () => Promise<void>;
}

export interface BenchStackOptions {
  /** Part of the folder's name: itc-bench-NAME-…. */
  name: string;
  /** The console's environment beyond the test defaults (consoleEnv). */
  extra?: Record<string, string>;
  /** Runs after the build, before the console starts: e.g. seeding its database. */
  beforeConsole?: (env: Record<string, string>) => Promise<void>;
  /** Starts the console in `dir` (default `next start`): e.g. under `node --cpu-prof`. */
  start?: (env: Record<string, string>, port: number, dir: string) => Promise<RunningConsole>;
}

export async function openBenchStack(o: BenchStackOptions): Promise<BenchStack> {
  const work = mkdtempSync(join(tmpdir(), `itc-bench-${o.name}-`));
  let inst: InfluxInstance | undefined;
  try {
    console.error('[bench] starting influxd …');
    inst = await startInfluxd({ hashedTokens: true });
    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}`;
    const env = consoleEnv({ influx: inst, baseURL, dir: work, usersFile: writeUsersFile(work), ...(o.extra ? { extra: o.extra } : {}) });
    ensureConsoleBuild(env);
    await o.beforeConsole?.(env);
    console.error('[bench] starting the console …');
    const app = await (o.start ?? startConsole)(env, port, join(work, 'console'));
    let running = true;
    const stopConsole = async () => {
      if (running) await app.stop();
      running = false;
    };
    const started = inst;
    return {
      inst: started,
      app,
      baseURL,
      env,
      work,
      stopConsole,
      close: async () => {
        await stopConsole();
        await started.stop();
        rmSync(work, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await inst?.stop();
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

/** Runs a bench's main: exit 0 when it ends, 1 with the error when it throws. */
export function runBench(main: () => Promise<unknown>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
