// Benchmark (not a test): 50 concurrent creators, each signed in with an account of their own, each
// minting one token through the builder's server action, as the console is deployed three ways:
// one instance on SQLite, one instance on PostgreSQL, and two instances on one PostgreSQL behind
// a round-robin proxy (issue 12). Same throwaway influxd for all three; the built console
// (`next build` first if there is no build).
//
//   npm run bench:instances [-- --creators 50 --rounds 3]
//
// Each round sends one mint per creator, all at once; throughput is the mints of every round over
// the time the rounds took, p95 is over every mint's latency. Loopback only. Prints one table.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { actionId, callAction } from '../../e2e/support/console-http';
import { consoleEnv, freePort, startConsole } from '../../e2e/support/console-server';
import { signIn } from '../../e2e/support/sign-in';
import { startTwoInstances } from '../../e2e/support/two-instances';
import { startInfluxd, type InfluxInstance } from '../influxd/harness';
import { startPostgres } from '../postgres/harness';
import { ensureConsoleBuild } from './support/console-build';
import { runBench } from './support/bench-stack';
import { numberArg } from './support/args';

const CREATORS = numberArg('creators', 50);
const ROUNDS = numberArg('rounds', 3);
const WARMUP = 10;
const PASSWORD = 'bench-creator-password-123';
// High enough that no limit refuses the load: the limits are not what is measured.
const EXTRA = { CONSOLE_MINT_PER_MINUTE: '10000' };

const creatorNames = Array.from({ length: CREATORS }, (_, i) => `bench-creator-${String(i + 1).padStart(2, '0')}`);

function writeCreators(dir: string): string {
  const file = join(dir, 'users.json');
  const hash = bcrypt.hashSync(PASSWORD, 4);
  const users = creatorNames.map((username) => ({ username, name: username, role: 'creator', passwordHash: hash }));
  writeFileSync(file, JSON.stringify({ users }, null, 2), { mode: 0o600 });
  return file;
}

function quantile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

interface Figures {
  name: string;
  mints: number;
  seconds: number;
  median: number;
  p95: number;
}

/** Signs every creator in through `baseURL`, warms up, then runs the rounds. */
async function load(name: string, baseURL: string, inst: InfluxInstance): Promise<Figures> {
  const id = actionId('createToken', 'app/(console)/tokens/new/actions.ts');
  const cookies: string[] = [];
  for (const username of creatorNames) cookies.push(await signIn(baseURL, username, PASSWORD));
  let n = 0;
  const mint = async (cookie: string) => {
    const t0 = performance.now();
    const r = await callAction<{ ok: boolean; formError?: string }>(
      baseURL,
      '/tokens/new',
      id,
      [
        {
          formKey: crypto.randomUUID(),
          orgID: inst.orgID,
          description: `bench instances ${name} ${n++}`,
          status: 'active',
          owner: { kind: 'console' },
          grants: [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }],
          confirmSensitive: false,
        },
      ],
      { cookie },
    );
    const dt = performance.now() - t0;
    if (!r.result?.ok) throw new Error(`${name}: mint failed (${r.status}): ${r.result?.formError ?? r.raw.slice(0, 200)}`);
    return dt;
  };
  for (let i = 0; i < WARMUP; i++) await mint(cookies[i % cookies.length]!);
  const latencies: number[] = [];
  let busy = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    latencies.push(...(await Promise.all(cookies.map(mint))));
    busy += performance.now() - t0;
  }
  const sorted = latencies.sort((a, b) => a - b);
  return { name, mints: sorted.length, seconds: busy / 1000, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'itc-bench-instances-'));
  const stops: (() => Promise<void>)[] = [];
  const figures: Figures[] = [];
  try {
    console.error('[bench] starting influxd …');
    const inst = await startInfluxd({ hashedTokens: true });
    stops.push(() => inst.stop());
    const usersFile = writeCreators(work);
    ensureConsoleBuild();

    const one = async (label: string, databaseUrl?: string) => {
      const dir = join(work, label);
      const port = await freePort();
      const baseURL = `http://127.0.0.1:${port}`;
      const env = consoleEnv({
        influx: inst,
        baseURL,
        dir,
        usersFile,
        extra: { ...EXTRA, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
      });
      const app = await startConsole(env, port, dir);
      try {
        return await load(label, baseURL, inst);
      } finally {
        await app.stop();
      }
    };

    console.error('[bench] one instance, SQLite …');
    figures.push(await one('one instance, SQLite'));

    console.error('[bench] one instance, PostgreSQL …');
    const pg = await startPostgres();
    try {
      figures.push(await one('one instance, PostgreSQL', pg.url));
    } finally {
      await pg.stop();
    }

    console.error('[bench] two instances, one PostgreSQL, round-robin proxy …');
    const two = await startTwoInstances({ influx: inst, usersFile }, { database: 'postgres', extra: EXTRA });
    try {
      const f = await load('two instances, PostgreSQL', two.proxy.url, inst);
      figures.push({ ...f, name: `${f.name} (A ${two.proxy.served.a} / B ${two.proxy.served.b} requests)` });
    } finally {
      await two.stop();
    }
  } finally {
    for (const stop of stops.reverse()) await stop();
    rmSync(work, { recursive: true, force: true });
  }

  const rows = [
    ['arrangement', 'mints', 'mints/s', 'median', 'p95'],
    ...figures.map((f) => [
      f.name,
      String(f.mints),
      (f.mints / f.seconds).toFixed(1),
      `${f.median.toFixed(0)} ms`,
      `${f.p95.toFixed(0)} ms`,
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log(`${CREATORS} concurrent creators, one mint each per round, ${ROUNDS} rounds (after ${WARMUP} warm-up mints)`);
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
}

runBench(main);
