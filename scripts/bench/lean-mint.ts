// Benchmark (not a test), an experiment: what issue 16's mint rows would be if the mint were not a
// Next.js server action. support/lean-mint-server.ts serves the console's mint work (its real
// modules and database, the wrapper's checks, createToken's handler) from a bare `node:http`
// server in its own process; measured as bench:ceiling measures a proxy, against direct creates on
// the same throwaway influxd. No build needed.
//
//   node --import tsx scripts/bench/lean-mint.ts [--reps 300] [--creators 50] [--rounds 7]
//   node --import tsx scripts/bench/lean-mint.ts --profile [--reps 1000]
//
// --profile instead runs the server under `node --cpu-prof` and sums up where its time goes during
// `reps` mints one at a time (as bench:mint-profile does for the console).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleEnv, freePort, ROOT, writeUsersFile } from '../../e2e/support/console-server';
import { startInfluxd, stopPid, type InfluxInstance } from '../influxd/harness';
import { runBench } from './support/bench-stack';
import { MINT_CATEGORIES, summarize } from './support/cpu-profile';
import { burst, cpuPerCall, interleaved, median, mintCalls } from './support/mint-calls';
import { numberArg } from './support/args';

const REPS = numberArg('reps', 300);
const CREATORS = numberArg('creators', 50);
const ROUNDS = numberArg('rounds', 7);
const PROFILE = process.argv.includes('--profile');

async function startLeanServer(env: Record<string, string>, work: string, nodeFlags: string[] = []): Promise<{ url: string; pid: number }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...nodeFlags, '--conditions', 'react-server', '--import', 'tsx', join(__dirname, 'support/lean-mint-server.ts'), String(port)],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...env,
        CONSOLE_DATA_DIR: join(work, 'data'),
      } as unknown as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`lean mint server exited (${code})`)));
    child.stdout.once('data', () => resolve());
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid! };
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'itc-bench-lean-'));
  let inst: InfluxInstance | undefined;
  let serverPid: number | undefined;
  try {
    console.error('[lean] starting influxd …');
    inst = await startInfluxd({ hashedTokens: true });
    const env = consoleEnv({ influx: inst, baseURL: 'http://127.0.0.1', dir: work, usersFile: writeUsersFile(work) });
    const profDir = join(work, 'prof');
    const server = await startLeanServer(env, work, PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []);
    serverPid = server.pid;
    const calls = await mintCalls(inst, 'http://no-console.invalid', 'lean');
    const lean = (session: string) => async () => {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/mint`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: server.url, Cookie: `authjs.session-token=${session}` },
        body: JSON.stringify(calls.form()),
      });
      const result = (await res.json()) as { ok: boolean; formError?: string; code?: string };
      if (!result.ok) throw new Error(`lean mint refused: ${JSON.stringify(result).slice(0, 300)}`);
      return performance.now() - t0;
    };
    const one = lean('one-session');

    if (PROFILE) {
      for (let i = 0; i < 30; i++) await one();
      const t0 = performance.now();
      for (let i = 0; i < REPS; i++) await one();
      const wall = performance.now() - t0;
      const s0 = performance.now();
      await stopPid(server.pid); // SIGTERM: the server exits normally, which writes the profile
      const stopMs = performance.now() - s0;
      serverPid = undefined;
      const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
      if (!file) throw new Error('the lean server wrote no profile');
      const p = summarize(join(profDir, file), MINT_CATEGORIES, { fromEndMs: wall + stopMs, toEndMs: stopMs });
      const per = (ms: number) => `${(ms / REPS).toFixed(2)} ms/mint`;
      console.log(`lean mint profile: ${REPS} mints one at a time; busy ${per(p.totalMs - p.idleMs)}`);
      for (const c of p.categories) if (c.ms > 0) console.log(`  ${c.name.padEnd(56)} ${per(c.ms)}`);
      console.log('self time by where the code lives:');
      for (const x of p.selfByPlace.filter((y) => y.place !== '(idle)').slice(0, 15))
        console.log(`  ${per(x.ms).padStart(15)}  ${x.place}`);
      return;
    }

    console.error(`[lean] one at a time: 30 warm-up + ${REPS} each, interleaved …`);
    const single = await interleaved({ direct: calls.direct, lean: one }, REPS, 30);
    const inRow = (f: () => Promise<number>) => async () => {
      for (let i = 0; i < REPS; i++) await f();
    };
    const leanCpu = await cpuPerCall(server.pid, REPS, inRow(one));
    const influxCpu = await cpuPerCall(inst.pid, REPS, inRow(calls.direct));

    console.error(`[lean] ${ROUNDS} rounds of ${CREATORS} at once (a session each), direct and lean in turn …`);
    const rounds = [];
    for (let r = 0; r < ROUNDS; r++)
      rounds.push({ d: await burst(CREATORS, calls.direct), p: await burst(CREATORS, (k) => lean(`r${r}-s${k}`)()) });

    const f = (x: number) => x.toFixed(1);
    console.log("the console's mint served by a bare node:http server (no Next.js), against direct creates");
    console.log(
      `  one mint, median: lean ${f(median(single.lean))} ms, direct ${f(median(single.direct))} ms: +${f(median(single.lean) - median(single.direct))} ms (goal ≤ 4 ms)`,
    );
    console.log(`  CPU per mint: lean server ${f(leanCpu)} ms; influxd per direct create ${f(influxCpu)} ms`);
    for (const [i, x] of rounds.entries())
      console.log(
        `  round ${i + 1}, ${CREATORS} at once: lean ${x.p.perSecond.toFixed(0)}/s p95 ${f(x.p.p95)} ms; direct ${x.d.perSecond.toFixed(0)}/s p95 ${f(x.d.p95)} ms`,
      );
    console.log(
      `  median of the rounds: throughput ${median(rounds.map((x) => x.p.perSecond / x.d.perSecond)).toFixed(2)} of direct (goal ≥ 0.60), p95 ${median(rounds.map((x) => x.p.p95 / x.d.p95)).toFixed(2)}× direct (goal ≤ 2×)`,
    );
  } finally {
    if (serverPid) await stopPid(serverPid);
    await inst?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

runBench(main);
