// Profile (not a test): where the console's time goes during mints. Runs the built console
// (`next start`) with `node --cpu-prof`, signs in like a browser, mints through the server action
// over HTTP, stops the console (which writes the profile) and sums the profile up: top functions
// by self time, and time by what the stack passes through (session, SQLite, rendering ...).
//
//   node --import tsx scripts/bench/mint-profile.ts [--reps 400] [--keep DIR]
//   node --import tsx scripts/bench/mint-profile.ts --creators 50 [--bursts 4] [--keep DIR]
//   node --import tsx scripts/bench/mint-profile.ts --floor [--reps 400] [--keep DIR]
//
// --creators N profiles bursts instead: N mints at once, each with a fresh session (as the
// "50 creators at once" row of bench:all), --bursts times in a row.
// --floor profiles the framework floor instead of mints: the cheapest action through the wrapper
// (refused input), to see what Next.js and the wrapper cost a call that does nothing.
//
// --keep copies the raw .cpuprofile files to DIR (open them in Chrome DevTools or speedscope).
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openBenchStack, runBench } from './support/bench-stack';
import { startProfiledConsole } from './support/profiled-console';
import { MINT_CATEGORIES, summarize } from './support/cpu-profile';
import { burst, median, mintCalls, sortedCopy } from './support/mint-calls';
import { argOf } from './support/args';

const REPS = Number(argOf('reps') ?? 400);
const CREATORS = Number(argOf('creators') ?? 0);
const BURSTS = Number(argOf('bursts') ?? 4);
const FLOOR = process.argv.includes('--floor');
const WARMUP = 30;

async function main() {
  // The profile is written into the console's folder when it stops.
  const profDirOf = (consoleDir: string) => join(consoleDir, 'prof');
  const stack = await openBenchStack({
    name: 'mint-profile',
    extra: { CONSOLE_MINT_PER_MINUTE: '10000' },
    start: (env, port, dir) => startProfiledConsole(env, port, dir, ['--cpu-prof', `--cpu-prof-dir=${profDirOf(dir)}`]),
  });
  const profDir = profDirOf(join(stack.work, 'console'));
  try {
    const { inst, baseURL } = stack;
    const calls = await mintCalls(inst, baseURL, 'profile');
    let count: number;
    let times: number[] = [];
    let wall: number;
    if (CREATORS > 0) {
      // Bursts: CREATORS mints at once, each with a session of its own never used before (as
      // people arriving at once). All sessions are made first, so the profile holds only bursts.
      const warm = await calls.signInCreator();
      for (let i = 0; i < WARMUP; i++) await calls.mintOk(warm);
      const sessions: string[] = [];
      for (let i = 0; i < CREATORS * BURSTS; i++) sessions.push(await calls.signInCreator());
      const rates: number[] = [];
      const t0 = performance.now();
      for (let b = 0; b < BURSTS; b++) {
        const r = await burst(CREATORS, (k) => calls.mintOk(sessions[b * CREATORS + k]!));
        rates.push(r.perSecond);
        times.push(r.p95);
      }
      wall = performance.now() - t0;
      count = CREATORS * BURSTS;
      console.log(`\nmint profile — ${new Date().toISOString()} — ${BURSTS} bursts of ${CREATORS} mints at once, fresh sessions`);
      console.log(
        `throughput per burst ${rates.map((x) => x.toFixed(0)).join(', ')} mints/s; p95 per burst ${times.map((x) => x.toFixed(0)).join(', ')} ms; wall ${wall.toFixed(0)} ms`,
      );
    } else {
      const cookie = await calls.signInCreator();
      const one = FLOOR ? () => calls.floorAction(cookie) : () => calls.mintOk(cookie);
      const what = FLOOR ? 'floor actions (refused input)' : 'mints';
      for (let i = 0; i < WARMUP; i++) await one();
      const t0 = performance.now();
      for (let i = 0; i < REPS; i++) times.push(await one());
      wall = performance.now() - t0;
      count = REPS;
      times = sortedCopy(times);
      console.log(`\nmint profile — ${new Date().toISOString()} — ${REPS} ${what} after ${WARMUP} warm-up, one at a time`);
      console.log(`median ${median(times).toFixed(1)} ms; wall ${wall.toFixed(0)} ms for ${REPS} ${what}`);
    }
    const s0 = performance.now();
    await stack.stopConsole();
    const stopMs = performance.now() - s0;

    const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
    if (files.length === 0) throw new Error('the console wrote no profile (was it killed rather than stopped?)');
    const keep = argOf('keep');
    if (keep) cpSync(profDir, keep, { recursive: true });
    // The busiest process is the server (next start may leave a small parent behind).
    const summaries = files
      .map((f) => summarize(join(profDir, f), MINT_CATEGORIES, { fromEndMs: wall + stopMs, toEndMs: stopMs }))
      .sort((a, b) => b.totalMs - b.idleMs - (a.totalMs - a.idleMs));
    const s = summaries[0]!;
    const busy = s.totalMs - s.idleMs;
    const perMint = (ms: number) => `${(ms / count).toFixed(2)} ms/mint`;
    console.log(
      `server process: profiled ${s.totalMs.toFixed(0)} ms, busy (not idle) ${busy.toFixed(0)} ms = ${perMint(busy)} (the measured loop only)\n`,
    );
    console.log('by category (inclusive; overlapping):');
    for (const c of s.categories) console.log(`  ${c.name.padEnd(56)} ${c.ms.toFixed(0).padStart(7)} ms  ${perMint(c.ms)}`);
    console.log('\nself time by where the code lives (top 20):');
    for (const x of s.selfByPlace.filter((y) => y.place !== '(idle)').slice(0, 20))
      console.log(`  ${x.ms.toFixed(0).padStart(7)} ms  ${perMint(x.ms).padStart(15)}  ${x.place}`);
    console.log('\ntop 25 functions by self time:');
    for (const f of s.self.filter((x) => x.frame !== '(idle)').slice(0, 25)) console.log(`  ${f.ms.toFixed(0).padStart(7)} ms  ${f.frame}`);
    console.log('\ntop 40 frames by inclusive time:');
    for (const f of s.inclusive.filter((x) => x.frame !== '(idle)' && x.frame !== '(root)').slice(0, 40))
      console.log(`  ${f.ms.toFixed(0).padStart(7)} ms  ${f.frame}`);
  } finally {
    await stack.close();
  }
}

runBench(main);
