// Profile (not a test): where the console's time and memory go with many tokens in one org (issue
// 16, the rows of section 6 of scripts/bench/all.ts). Runs the built console (`next start`) under
// `node --cpu-prof`, and in the same order as the bench: the list read at start (warm-up), then
// "Reload from InfluxDB" polled every 100 ms until the new list is in, then 20 GETs of
// /tokens?q=device%201, then 10 mints each followed by /tokens. Prints per phase: wall time, the
// server's peak RSS, and the profile of that phase (busy time, self time by place and by function).
//
//   node --import tsx scripts/bench/inventory-profile.ts [--tokens 20000] [--data DIR] [--keep DIR] [--trace-gc]
//
// --data keeps influxd's data in DIR and reuses it (making 100,000 tokens takes minutes; a second
// run only tops up). --keep copies the raw .cpuprofile files to DIR.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleEnv, freePort, TEST_USERS, writeUsersFile, type RunningConsole } from '../../e2e/support/console-server';
import { actionId, callAction } from '../../e2e/support/console-http';
import { signIn } from '../../e2e/support/sign-in';
import { influxFetch, startInfluxd, type InfluxInstance } from '../influxd/harness';
import { ensureConsoleBuild } from './support/console-build';
import { sourceOf, summarize } from './support/cpu-profile';
import { createManyTokens } from './support/many-tokens';
import { median, mintCalls } from './support/mint-calls';
import { startProfiledConsole } from './support/profiled-console';
import { runBench } from './support/bench-stack';
import { argOf } from './support/args';

const TOKENS = Number(argOf('tokens') ?? 20_000);

type Frame = Parameters<typeof sourceOf>[0];
const src = (re: RegExp) => (f: Frame) => re.test(sourceOf(f));
const CATEGORIES = {
  'list stream scan (lib/influx/authorization-stream)': src(/lib\/influx\/authorization-stream/),
  'JSON.parse': (f: Frame) => f.functionName === 'parse' && !f.url,
  'records and summaries (lib/inventory/records, summary, lib/permissions)': src(/lib\/inventory\/(records|summary)|lib\/permissions\//),
  'query: filter, sort, page (lib/inventory/filter)': src(/lib\/inventory\/filter/),
  'store and cache (lib/inventory/store, swr-cache)': src(/lib\/inventory\/(store|swr-cache)/),
  'SQLite + storage (better-sqlite3, lib/storage)': src(/better-sqlite3|lib\/storage\//),
  'session decoding (lib/auth, @auth/core, next-auth, jose)': src(/lib\/auth\/|@auth\/core|next-auth|jose/),
  'InfluxDB client (lib/influx, @influxdata)': src(/lib\/influx\/|@influxdata/),
  'socket + HTTP (node:_http_*, net, streams)': src(/node:(_http_|net|internal\/streams|internal\/stream_base)/),
  'React render + flight (react-server-dom, next/dist)': src(/next\/dist|react/),
  'garbage collector': (f: Frame) => f.functionName === '(garbage collector)',
};

/** Resident memory of the console: the largest of the process we started and its children. */
function rssMB(pid: number): number {
  const pids = [pid];
  try {
    for (const c of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) pids.push(Number(c));
  } catch {
    // no children listed
  }
  return Math.max(
    ...pids.map((p) => {
      try {
        return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0) / 1024;
      } catch {
        return 0;
      }
    }),
  );
}

interface Phase {
  name: string;
  /** CLOCK_MONOTONIC in µs, as V8's profile timestamps. */
  fromUs: number;
  toUs: number;
  peakMB: number;
  note: string;
}

const monoUs = () => Number(process.hrtime.bigint() / 1000n);

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'itc-inv-prof-'));
  const profDir = join(work, 'prof');
  const dataDir = argOf('data');
  let inst: InfluxInstance | undefined;
  let app: RunningConsole | undefined;
  try {
    inst = await startInfluxd({ hashedTokens: true, ...(dataDir ? { dataDir } : {}) });
    const countOf = async () => {
      const t0 = performance.now();
      const res = await influxFetch(inst!, inst!.consoleToken, `/api/v2/authorizations?orgID=${inst!.orgID}`);
      const body = (await res.json()) as { authorizations: unknown[] };
      return { count: body.authorizations.length, ms: performance.now() - t0 };
    };
    const have = (await countOf()).count;
    if (have < TOKENS) {
      console.error(`[profile] ${have} tokens; making ${TOKENS - have} more …`);
      const ms = await createManyTokens(inst, TOKENS - have, {
        prefix: 'device',
        from: have,
        onProgress: (k) => console.error(`  ${k} …`),
      });
      console.error(`[profile] made in ${(ms / 1000).toFixed(1)} s`);
    }
    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}`;
    const env = consoleEnv({ influx: inst, baseURL, dir: work, usersFile: writeUsersFile(work), extra: { INFLUX_TIMEOUT_MS: '10000' } });
    ensureConsoleBuild(env);

    const phases: Phase[] = [];
    let peak = 0;
    let pid = 0;
    const sampler = setInterval(() => {
      if (pid) peak = Math.max(peak, rssMB(pid));
    }, 50);
    const phase = async (name: string, fn: () => Promise<string>) => {
      peak = pid ? rssMB(pid) : 0;
      const fromUs = monoUs();
      const note = await fn();
      phases.push({ name, fromUs, toUs: monoUs(), peakMB: Math.max(peak, pid ? rssMB(pid) : 0), note });
    };

    const listID = actionId('listTokens', 'app/(console)/tokens/actions.ts');
    let cookie = '';
    const list = async (refresh: boolean) => {
      const r = await callAction<{ ok: boolean; formError?: string; data?: { inventoryTotal: number; refreshing?: boolean } }>(
        baseURL,
        '/tokens',
        listID,
        [{ connection: 'default', org: inst!.orgID, refresh }],
        { cookie },
      );
      if (!r.result?.ok || !r.result.data) throw new Error(`list action failed: ${r.result?.formError ?? r.raw.slice(0, 200)}`);
      return r.result.data;
    };
    let total = 0;
    await phase('console start + list read at start (warm-up), polled every 100 ms', async () => {
      const traceGC = process.argv.includes('--trace-gc') ? ['--trace-gc'] : [];
      app = await startProfiledConsole(env, port, join(work, 'console'), ['--cpu-prof', `--cpu-prof-dir=${profDir}`, ...traceGC]);
      pid = app.pid;
      cookie = await signIn(baseURL, TEST_USERS.creator.username, TEST_USERS.creator.password);
      let polls = 0;
      for (let s = await list(false); ; s = await list(false), polls++) {
        total = s.inventoryTotal;
        if (!s.refreshing && total >= TOKENS) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      return `${total} listed, ${polls} polls`;
    });
    const influx = await countOf();
    console.error(`[profile] InfluxDB's own list (read + JSON.parse here): ${influx.ms.toFixed(0)} ms`);
    const pollTimes: number[] = [];
    const slowPolls: string[] = [];
    let phaseStart = 0;
    const poll = async () => {
      const p0 = performance.now();
      const s = await list(false);
      const ms = performance.now() - p0;
      pollTimes.push(ms);
      if (ms > 100) slowPolls.push(`${ms.toFixed(0)} ms at +${(p0 - phaseStart).toFixed(0)} ms`);
      return s;
    };
    const pollsText = () => {
      const sorted = [...pollTimes].sort((a, b) => a - b);
      const text = sorted.length
        ? `${sorted.length} polls: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, slowest ${sorted[sorted.length - 1]!.toFixed(0)} ms`
        : 'no polls';
      pollTimes.length = 0;
      const slow = slowPolls.splice(0).join(', ');
      return slow ? `${text}; slow ones: ${slow}` : text;
    };
    await phase('"Reload from InfluxDB", another browser polling every 100 ms until the new list is in', async () => {
      const t0 = (phaseStart = performance.now());
      let answered: { refreshing?: boolean } | undefined;
      let answeredMs = 0;
      const asked = list(true).then((s) => {
        answeredMs = performance.now() - t0;
        answered = s;
      });
      for (;;) {
        await Promise.race([new Promise((r) => setTimeout(r, 100)), asked]);
        if (answered && !answered.refreshing) break;
        const s = await poll();
        if (answered && !s.refreshing) break;
      }
      return `${(performance.now() - t0).toFixed(0)} ms (InfluxDB's own ${influx.ms.toFixed(0)} ms); action answered in ${answeredMs.toFixed(0)} ms; ${pollsText()}`;
    });
    // Fresh for 10 s (lib/inventory/store.ts): after that, a page serves the kept list and starts a reload.
    await new Promise((r) => setTimeout(r, 10_500));
    // The page rendered once before, as a person who had it open would have.
    await fetch(`${baseURL}/tokens`, { headers: { Cookie: cookie } }).then((r) => r.arrayBuffer());
    await new Promise((r) => setTimeout(r, 10_500));
    await phase('first /tokens page once the kept list is stale (it starts a reload)', async () => {
      const p0 = performance.now();
      const res = await fetch(`${baseURL}/tokens`, { headers: { Cookie: cookie } });
      const html = await res.text();
      return `page ${(performance.now() - p0).toFixed(0)} ms (${html.includes('data-testid="inventory-refreshing"') ? 'says' : 'does NOT say'} a reload runs)`;
    });
    await phase('polls every 100 ms until that reload lands', async () => {
      phaseStart = performance.now();
      let s = await poll();
      while (s.refreshing) {
        await new Promise((r) => setTimeout(r, 100));
        s = await poll();
      }
      return pollsText();
    });
    const pageTimes: number[] = [];
    await phase('20 GETs of /tokens?q=device%201', async () => {
      for (let k = 0; k < 20; k++) {
        const p0 = performance.now();
        const res = await fetch(`${baseURL}/tokens?q=device%201`, { headers: { Cookie: cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`/tokens answered ${res.status}`);
        pageTimes.push(performance.now() - p0);
      }
      const sorted = [...pageTimes].sort((a, b) => a - b);
      return `median ${sorted[10]!.toFixed(0)} ms, fastest ${sorted[0]!.toFixed(0)} ms`;
    });
    // A fleet minting into the org while people have /tokens open: each mint is a new version of
    // the kept list, which the next page reads.
    // A label of its own per run: --data keeps the buckets of earlier runs.
    const calls = await mintCalls(inst, baseURL, `profile-${Date.now().toString(36)}`);
    await phase('10 mints, each followed by GET /tokens', async () => {
      const times: number[] = [];
      for (let k = 0; k < 10; k++) {
        await calls.mintOk(cookie);
        const p0 = performance.now();
        const res = await fetch(`${baseURL}/tokens`, { headers: { Cookie: cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`/tokens answered ${res.status}`);
        times.push(performance.now() - p0);
      }
      return `pages: median ${median(times).toFixed(0)} ms, slowest ${Math.max(...times).toFixed(0)} ms`;
    });
    clearInterval(sampler);
    await app!.stop();
    if (process.argv.includes('--trace-gc')) {
      // Heap before -> after each full collection (MB): what the console really holds.
      const lines = readFileSync(app!.stdoutFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes('Mark-Compact'));
      console.log(`full collections (${lines.length}), the last 12:\n${lines.slice(-12).join('\n')}\n`);
    }
    app = undefined;

    const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
    const keep = argOf('keep');
    if (keep) cpSync(profDir, keep, { recursive: true });
    console.log(`\ninventory profile — ${new Date().toISOString()} — ${total} tokens in the org, influxd 2.9.1 (hashed tokens)\n`);
    for (const p of phases) {
      // The busiest profile of the phase is the server's (next start may leave a small parent).
      const endUs = (f: string) => (JSON.parse(readFileSync(join(profDir, f), 'utf8')) as { endTime: number }).endTime;
      const s = files
        .map((f) => {
          const end = endUs(f);
          return summarize(join(profDir, f), CATEGORIES, { fromEndMs: (end - p.fromUs) / 1000, toEndMs: (end - p.toUs) / 1000 });
        })
        .sort((a, b) => b.totalMs - b.idleMs - (a.totalMs - a.idleMs))[0]!;
      console.log(`== ${p.name}: ${((p.toUs - p.fromUs) / 1000).toFixed(0)} ms wall; ${p.note}`);
      console.log(`   server busy ${(s.totalMs - s.idleMs).toFixed(0)} ms; peak RSS in the phase ${p.peakMB.toFixed(0)} MB`);
      for (const c of s.categories) if (c.ms >= 1) console.log(`   ${c.ms.toFixed(0).padStart(7)} ms  ${c.name}`);
      console.log('   self time by place (top 10):');
      for (const x of s.selfByPlace.filter((y) => y.place !== '(idle)').slice(0, 10))
        console.log(`   ${x.ms.toFixed(0).padStart(7)} ms  ${x.place}`);
      console.log('   functions by self time (top 15):');
      for (const f of s.self.filter((x) => x.frame !== '(idle)').slice(0, 15))
        console.log(`   ${f.ms.toFixed(0).padStart(7)} ms  ${f.frame}`);
      console.log('');
    }
  } finally {
    await app?.stop();
    await inst?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

runBench(main);
