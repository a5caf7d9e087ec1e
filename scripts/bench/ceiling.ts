// Benchmark (not a test): how much CPU a console may spend per mint on this machine and still meet
// issue 16's burst goals. A bare pass-through proxy (support/bare-proxy.mjs: no session, parsing,
// storage or framework) in its own process in front of a throwaway influxd, made to burn a fixed
// CPU time per request (0, 1, 2 ... ms: a stand-in for a console's own work), against
// POST /api/v2/authorizations sent directly, measured as `npm run bench` measures the console:
// one at a time, then bursts of 50 at once (several, alternating with direct ones: one burst lasts
// well under a second, so single bursts scatter).
//
//   node --import tsx scripts/bench/ceiling.ts [--spins 0,1,2,3,5] [--reps 100] [--creators 50] [--rounds 7]
import { startInfluxd, type InfluxInstance } from '../influxd/harness';
import { startBareProxy } from './support/bare-proxy';
import { burst, cpuPerCall, interleaved, median, mintCalls } from './support/mint-calls';
import { runBench } from './support/bench-stack';
import { argOf } from './support/args';

const SPINS = (argOf('spins') ?? '0,1,2,3,5').split(',').map(Number);
const REPS = Number(argOf('reps') ?? 100);
const CREATORS = Number(argOf('creators') ?? 50);
const ROUNDS = Number(argOf('rounds') ?? 7);

async function main() {
  let inst: InfluxInstance | undefined;
  try {
    console.error('[ceiling] starting influxd …');
    inst = await startInfluxd({ hashedTokens: true });
    // No console here: only the direct creates of mintCalls are used.
    const calls = await mintCalls(inst, 'http://no-console.invalid', 'ceiling');
    const direct = calls.direct;
    const inRow = (one: () => Promise<number>) => async () => {
      for (let i = 0; i < REPS; i++) await one();
    };
    const influxCpu = await cpuPerCall(inst.pid, REPS, inRow(direct));

    const lines: string[] = [];
    for (const spin of SPINS) {
      console.error(`[ceiling] proxy burning ${spin} ms per request: ${REPS} one at a time, ${ROUNDS} × ${CREATORS} at once …`);
      const proxy = await startBareProxy(inst.url, spin);
      try {
        const proxied = calls.createThrough(proxy.url);
        const single = await interleaved({ direct, proxied }, REPS, 30);
        const proxyCpu = await cpuPerCall(proxy.pid, REPS, inRow(proxied));
        const rounds = [];
        for (let r = 0; r < ROUNDS; r++) rounds.push({ d: await burst(CREATORS, direct), p: await burst(CREATORS, proxied) });
        const throughput = median(rounds.map((x) => x.p.perSecond / x.d.perSecond));
        const p95 = median(rounds.map((x) => x.p.p95 / x.d.p95));
        lines.push(
          [
            `${spin} ms`.padEnd(6),
            `${proxyCpu.toFixed(1)} ms`.padEnd(9),
            `+${(median(single.proxied) - median(single.direct)).toFixed(1)} ms`.padEnd(14),
            `${throughput.toFixed(2)}`.padEnd(12),
            `${p95.toFixed(2)}×`.padEnd(10),
            median(rounds.map((x) => x.d.perSecond)).toFixed(0),
          ].join(' | '),
        );
      } finally {
        await proxy.stop();
      }
    }
    console.log(`proxy in front of influxd (influxd CPU per direct create ${influxCpu.toFixed(1)} ms); bursts: median of ${ROUNDS}`);
    console.log('burned | CPU/call  | one at a time  | burst ratio  | burst p95  | direct/s');
    console.log('       | (proxy)   | over direct    | (goal ≥0.60) | (goal ≤2×) |');
    for (const l of lines) console.log(l);
  } finally {
    await inst?.stop();
  }
}

runBench(main);
