// A throwaway influxd and a console of its own, for a spec that pauses, stops or fills its
// InfluxDB: the other specs share the run's influxd, which must never be the one paused. Called
// at the top of a spec file; started in the file's beforeAll and stopped in its afterAll (a paused
// influxd resumed first). Returns a getter, since both exist only once beforeAll has run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pauseInfluxd, resumeInfluxd, startInfluxd, type InfluxInstance } from '../../scripts/influxd/harness';
import { consoleEnv, freePort, startConsole, type RunningConsole } from './console-server';
import { stack } from './stack';
import { test } from './test';

export interface OwnStack {
  influx: InfluxInstance;
  app: RunningConsole;
  /** The console's data folder (its SQLite database). */
  dataDir: string;
  /** SIGSTOP: influxd keeps its port and accepts connections but never answers (harness.ts pauseInfluxd). */
  pause(): Promise<void>;
  resume(): void;
}

export function ownStack(
  label: string,
  opts: {
    /** Console settings besides the usual ones. */
    extra?: Record<string, string>;
    /** Run against influxd before the console starts (data the console should find at start). */
    before?: (influx: InfluxInstance) => Promise<void>;
  } = {},
): () => OwnStack {
  let own: OwnStack | undefined;
  let influx: InfluxInstance | undefined;
  let app: RunningConsole | undefined;
  let dir: string | undefined;
  let paused = false;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const started = (influx = await startInfluxd({ hashedTokens: true }));
    await opts.before?.(started);
    dir = mkdtempSync(join(tmpdir(), `itc-${label}-`));
    const port = await freePort();
    const baseURL = `http://localhost:${port}`;
    const env = consoleEnv({ influx: started, baseURL, dir, usersFile: stack().usersFile, ...(opts.extra ? { extra: opts.extra } : {}) });
    app = await startConsole(env, port, dir);
    own = {
      influx: started,
      app,
      dataDir: env.CONSOLE_DATA_DIR!,
      pause: async () => {
        paused = true;
        await pauseInfluxd(started);
      },
      resume: () => {
        resumeInfluxd(started);
        paused = false;
      },
    };
  });

  test.afterAll(async () => {
    if (paused) own?.resume();
    await app?.stop();
    await influx?.stop();
    if (dir && !process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true });
  });

  return () => {
    if (!own) throw new Error(`ownStack(${label}) used before its beforeAll ran`);
    return own;
  };
}
