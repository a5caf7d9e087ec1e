// Benchmark (not a test): what minting through the console adds over InfluxDB itself, and how
// fast the bucket picker's search is with 10,000 buckets. Starts a throwaway influxd and the built
// console (`next build` first if there is no build), signs in like a browser and calls the mint
// server action over HTTP, against POST /api/v2/authorizations sent directly with the same body.
//
//   npx tsx scripts/bench/mint.ts [--reps 300] [--buckets 10000] [--creators 50]
//
// Loopback only, bounded loops. Prints one table at the end.
import { influxFetch } from '../influxd/harness';
import { openBenchStack, runBench } from './support/bench-stack';
import { createBuckets } from '../influxd/operator';
import { burst, closedConnections, cpuPerCall, interleaved, mintCalls, requestsPerCall, upstreamRequests } from './support/mint-calls';
import { numberArg } from './support/args';

const REPS = numberArg('reps', 300);
const WARMUP = 30;
const BUCKETS = numberArg('buckets', 10_000);
const CREATORS = numberArg('creators', 50);

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { n: s.length, median: q(0.5), p95: q(0.95), min: s[0]!, max: s[s.length - 1]! };
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main() {
  const stack = await openBenchStack({ name: 'mint', extra: { CONSOLE_MINT_PER_MINUTE: '10000' } });
  try {
    const { inst, app, baseURL } = stack;
    const calls = await mintCalls(inst, baseURL);
    const cookie = await calls.signInCreator();

    console.error(`[bench] mint: ${WARMUP} warm-up + ${REPS} repetitions of each, interleaved …`);
    const single = await interleaved(
      { c: () => calls.mintOk(cookie), d: calls.direct, fa: () => calls.floorAction(cookie), fr: calls.floorRoute },
      REPS,
      WARMUP,
    );
    const { c, d } = single;

    // CPU per call, each kind alone in a row: the console server's per mint, influxd's per direct
    // create; then a burst of CREATORS mints at once, each with a fresh session.
    console.error(`[bench] CPU per call: ${REPS} each in a row, then ${CREATORS} creators at once …`);
    const inRow = (one: () => Promise<unknown>) => async () => {
      for (let i = 0; i < REPS; i++) await one();
    };
    const cpuConsoleMint = await cpuPerCall(
      app.pid,
      REPS,
      inRow(() => calls.mintOk(cookie)),
    );
    // Also what influxd answered during those mints, by its own /metrics, and how many TCP
    // connections to it were closed meanwhile (one per call would mean no keep-alive).
    const influxPort = Number(new URL(inst.url).port);
    const reqBefore = await upstreamRequests(inst);
    const closedBefore = closedConnections(influxPort);
    const cpuInfluxMint = await cpuPerCall(
      inst.pid,
      REPS,
      inRow(() => calls.mintOk(cookie)),
    );
    const closedMint = closedConnections(influxPort) - closedBefore;
    const reqMint = requestsPerCall(reqBefore, await upstreamRequests(inst), REPS);
    const reqBeforeDirect = await upstreamRequests(inst);
    const closedBeforeDirect = closedConnections(influxPort);
    const cpuInfluxDirect = await cpuPerCall(inst.pid, REPS, inRow(calls.direct));
    const closedDirect = closedConnections(influxPort) - closedBeforeDirect;
    const reqDirect = requestsPerCall(reqBeforeDirect, await upstreamRequests(inst), REPS);
    // The same creates paced like the console's (one per median console mint): influxd's CPU per
    // request depends on how busy it is kept, so this is the fair reference for the mint's.
    const pace = stats(c).median;
    const cpuInfluxPaced = await cpuPerCall(
      inst.pid,
      REPS,
      inRow(async () => {
        const took = await calls.direct();
        await new Promise((r) => setTimeout(r, Math.max(0, pace - took)));
      }),
    );
    const cpuFloor = await cpuPerCall(
      app.pid,
      REPS,
      inRow(() => calls.floorAction(cookie)),
    );
    const cpuFloorRoute = await cpuPerCall(app.pid, REPS, inRow(calls.floorRoute));
    const sessions: string[] = [];
    for (let i = 0; i < CREATORS; i++) sessions.push(await calls.signInCreator());
    let burstRate = 0;
    const cpuBurst = await cpuPerCall(app.pid, CREATORS, async () => {
      burstRate = (await burst(CREATORS, (k) => calls.mintOk(sessions[k]!))).perSecond;
    });

    console.error(`[bench] creating ${BUCKETS} buckets (about 35-80 s per 10,000) …`);
    const t0 = performance.now();
    const names = Array.from(
      { length: BUCKETS },
      (_, i) => `bench-${String(i).padStart(5, '0')}-${['iot', 'metrics', 'logs', 'edge'][i % 4]}`,
    );
    await createBuckets(inst, names);
    const createdIn = performance.now() - t0;

    // Direct reference: the full list paged with `after` (what the console's index loads).
    const p0 = performance.now();
    let after: string | undefined;
    let total = 0;
    for (;;) {
      const res = await influxFetch(
        inst,
        inst.consoleToken,
        `/api/v2/buckets?orgID=${inst.orgID}&limit=100${after ? `&after=${after}` : ''}`,
      );
      const page = (await res.json()).buckets as { id: string }[];
      total += page.length;
      if (page.length < 100) break;
      after = page[page.length - 1]!.id;
    }
    const pagedIn = performance.now() - p0;

    const search = async (q: string) => {
      const t = performance.now();
      const res = await fetch(`${baseURL}/api/orgs/${inst.orgID}/buckets?q=${encodeURIComponent(q)}&limit=20`, {
        headers: { Cookie: cookie },
      });
      const body = (await res.json()) as { total: number; scanned: number };
      const client = performance.now() - t;
      const server = Number(/search;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN);
      if (res.status !== 200) throw new Error(`search failed: ${res.status}`);
      return { client, server, body };
    };
    // The console's list for the org was never loaded in this run: the first search is cold.
    const cold = await search('bench-0');
    const queries = [
      '',
      'bench',
      'iot',
      '0042',
      'bench-09999-edge',
      'metrics',
      '77',
      'logs',
      'bench-05',
      'nothing-matches',
      'e',
      'bench-00000-iot',
    ];
    const warmServer: number[] = [];
    const warmClient: number[] = [];
    const perQuery: Record<string, number[]> = {};
    for (let i = 0; i < 240; i++) {
      const q = queries[i % queries.length]!;
      const r = await search(q);
      warmServer.push(r.server);
      warmClient.push(r.client);
      (perQuery[q] ??= []).push(r.server);
    }

    const cs = stats(c);
    const ds = stats(d);
    const fas = stats(single.fa);
    const frs = stats(single.fr);
    const ws = stats(warmServer);
    const wc = stats(warmClient);
    const rows: [string, string, string, string][] = [
      ['', 'median', 'p95', 'n'],
      ['mint via console (server action over HTTP, signed in)', ms(cs.median), ms(cs.p95), String(cs.n)],
      ['POST /api/v2/authorizations direct (same body)', ms(ds.median), ms(ds.p95), String(ds.n)],
      ['console overhead (difference)', ms(cs.median - ds.median), ms(cs.p95 - ds.p95), ''],
      ['floor: cheapest action through the wrapper (refused input)', ms(fas.median), ms(fas.p95), String(fas.n)],
      ['floor: GET /api/health/live (route handler)', ms(frs.median), ms(frs.p95), String(frs.n)],
      ['CPU: console server per mint (in a row)', ms(cpuConsoleMint), '', String(REPS)],
      ['CPU: influxd per mint through the console', ms(cpuInfluxMint), '', String(REPS)],
      ['CPU: influxd per direct create', ms(cpuInfluxDirect), '', String(REPS)],
      [`CPU: influxd per direct create, one every ${ms(cs.median)} (the console's pace)`, ms(cpuInfluxPaced), '', String(REPS)],
      ['CPU: console server per floor action (refused input)', ms(cpuFloor), '', String(REPS)],
      ['CPU: console server per GET /api/health/live (route handler floor)', ms(cpuFloorRoute), '', String(REPS)],
      [`CPU: console server per mint, ${CREATORS} at once, fresh sessions (${burstRate.toFixed(0)}/s)`, ms(cpuBurst), '', String(CREATORS)],
      [`bucket search, warm list, server time (${cold.body.scanned} buckets)`, ms(ws.median), ms(ws.p95), String(ws.n)],
      ['bucket search, warm list, as the browser sees it', ms(wc.median), ms(wc.p95), String(wc.n)],
      ['bucket search, cold (first load of the list), server time', ms(cold.server), '', '1'],
      [`influxd: page all ${total} buckets with after (reference)`, ms(pagedIn), '', '1'],
    ];
    const w = [Math.max(...rows.map((r) => r[0].length)), 10, 10, 5];
    const line = (r: string[]) => r.map((x, i) => (i === 0 ? x.padEnd(w[0]!) : x.padStart(w[i]!))).join('  ');
    console.log(`\nInflux Token Console benchmark — ${new Date().toISOString()} — influxd ${inst.url} (2.9.1, hashed tokens)`);
    console.log(
      `(created ${BUCKETS} buckets in ${(createdIn / 1000).toFixed(1)} s; ${REPS} mint repetitions each way after ${WARMUP} warm-up)\n`,
    );
    console.log(line(rows[0]!));
    console.log('-'.repeat(w.reduce((a, b) => a + b + 2, 0)));
    for (const r of rows.slice(1)) console.log(line(r));
    console.log('\nbucket search server time by query (median over', perQuery['']!.length, 'each):');
    for (const q of queries) {
      const s = stats(perQuery[q]!);
      console.log(`  ${JSON.stringify(q).padEnd(20)} ${ms(s.median).padStart(9)}  p95 ${ms(s.p95).padStart(9)}`);
    }
    console.log(`\ninfluxd requests per mint through the console (${REPS} mints; ${closedMint} connections closed meanwhile):`);
    for (const l of reqMint) console.log(`  ${l}`);
    console.log(`influxd requests per direct create (${REPS} creates; ${closedDirect} connections closed meanwhile):`);
    for (const l of reqDirect) console.log(`  ${l}`);
    console.log(
      `\ngoals: overhead at the median <= 15 ms: ${cs.median - ds.median <= 15 ? 'met' : 'NOT met'}; search server time < 150 ms: ${ws.p95 < 150 ? 'met (p95)' : 'NOT met'}`,
    );
  } finally {
    await stack.close();
  }
}

runBench(main);
