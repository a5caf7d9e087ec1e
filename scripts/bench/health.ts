// Benchmark (not a test): how long /api/health and /api/health/live take to answer, with InfluxDB
// answering and with InfluxDB paused (SIGSTOP: it accepts connections and never answers, the
// fault that made health take 30.5 s before issue 16). Starts a throwaway influxd and the built
// console (`next build` first if there is no build), loopback only, bounded loops.
//
//   node --import tsx scripts/bench/health.ts [--reps 200] [--burst 50]
//
// Prints one table at the end. Goal (issue 16): readiness ≤ 2 s, always.
import { pauseInfluxd, resumeInfluxd } from '../influxd/harness';
import { openBenchStack, runBench } from './support/bench-stack';
import { numberArg } from './support/args';

const REPS = numberArg('reps', 200);
const BURST = numberArg('burst', 50);
const GOAL_MS = 2000;

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { n: s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1]! };
}

/** One timed GET; a 10 s abort keeps a regression from hanging the benchmark. */
async function timed(url: string): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status };
}

async function sequential(url: string, reps: number, gapMs = 0) {
  const out: { ms: number; status: number }[] = [];
  for (let i = 0; i < reps; i++) {
    out.push(await timed(url));
    if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
  }
  return out;
}

const burst = (url: string, n: number) => Promise.all(Array.from({ length: n }, () => timed(url)));

async function main() {
  const stack = await openBenchStack({ name: 'health', extra: { INFLUX_TIMEOUT_MS: '10000' } });
  const { inst, baseURL } = stack;
  let paused = false;
  const rows: [string, ReturnType<typeof stats>, string][] = [];
  const add = (label: string, samples: { ms: number; status: number }[]) => {
    const statuses = [...new Set(samples.map((s) => s.status))].join('/');
    rows.push([label, stats(samples.map((s) => s.ms)), statuses]);
  };
  try {
    const health = `${baseURL}/api/health`;
    const live = `${baseURL}/api/health/live`;
    await sequential(health, 20);

    add('readiness, InfluxDB up, sequential', await sequential(health, REPS));
    add(`readiness, InfluxDB up, ${BURST} at once`, await burst(health, BURST));
    add('liveness, InfluxDB up, sequential', await sequential(live, REPS));

    console.error('[bench] pausing influxd (SIGSTOP) …');
    await pauseInfluxd(inst);
    paused = true;
    // Spread over about 15 s, so that many cached results expire and checks run against the pause.
    add('readiness, InfluxDB paused, one every 100 ms', await sequential(health, 150, 100));
    add(`readiness, InfluxDB paused, ${BURST} at once`, await burst(health, BURST));
    add('liveness, InfluxDB paused, sequential', await sequential(live, REPS));

    resumeInfluxd(inst);
    paused = false;
    const t0 = performance.now();
    let recovered = 0;
    for (let i = 0; i < 100; i++) {
      if ((await timed(health)).status === 200) {
        recovered = performance.now() - t0;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }

    const ms = (x: number) => `${x.toFixed(1)} ms`;
    console.log('\n| Case | n | median | p95 | max | status | max ≤ 2 s |');
    console.log('|---|---|---|---|---|---|---|');
    for (const [label, s, statuses] of rows) {
      console.log(
        `| ${label} | ${s.n} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.max)} | ${statuses} | ${s.max <= GOAL_MS ? 'yes' : 'NO'} |`,
      );
    }
    console.log(`\nReadiness back to 200 after SIGCONT: ${recovered ? ms(recovered) : 'not within 100 polls'}`);
  } finally {
    if (paused) resumeInfluxd(inst);
    await stack.close();
  }
}

runBench(main);
