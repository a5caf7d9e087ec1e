// Benchmark (not a test): reading the token list of an org with many tokens. Starts a throwaway
// influxd, makes N tokens through the API, then times InfluxDB's own answer (the whole body read,
// nothing parsed) against the console's list read (lib/influx/gateway.ts: streamed parse with its
// own budget) and the client's buffered read the gateway used before, each read in a process of
// its own so its peak RSS is its own (two reads per process: the time is the second, warm one).
//
//   node --import tsx scripts/bench/token-list.ts [--tokens 20000] [--reps 3]
//
// Loopback only. Prints one table at the end.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { influxFetch, startInfluxd, type InfluxInstance } from '../influxd/harness';
import { createManyTokens } from './support/many-tokens';
import { runBench } from './support/bench-stack';
import { numberArg } from './support/args';

const TOKENS = numberArg('tokens', 20_000);
const REPS = numberArg('reps', 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function readInChild(
  inst: InfluxInstance,
  mode: 'stream' | 'buffered',
): { ms: number; coldMs: number; count: number; maxRSS: number; baseRSS: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'support', 'list-read-child.ts'), mode], {
    env: { ...process.env, LIST_URL: inst.url, LIST_TOKEN: inst.consoleToken, LIST_ORG_ID: inst.orgID },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`${mode} read failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function main() {
  let inst: InfluxInstance | undefined;
  try {
    console.error('[bench] starting influxd …');
    inst = await startInfluxd({ hashedTokens: true });
    console.error(`[bench] creating ${TOKENS} tokens through the API …`);
    const createdIn = await createManyTokens(inst, TOKENS, {
      prefix: 'device',
      onProgress: (done) => console.error(`[bench]   ${done} …`),
    });

    const direct: number[] = [];
    let bodyBytes = 0;
    const stream: ReturnType<typeof readInChild>[] = [];
    const buffered: ReturnType<typeof readInChild>[] = [];
    for (let i = 0; i < REPS; i++) {
      const t0 = performance.now();
      const res = await influxFetch(inst, inst.consoleToken, `/api/v2/authorizations?orgID=${inst.orgID}`);
      bodyBytes = (await res.arrayBuffer()).byteLength;
      direct.push(performance.now() - t0);
      stream.push(readInChild(inst, 'stream'));
      buffered.push(readInChild(inst, 'buffered'));
    }
    const count = stream[0]!.count;
    if (buffered.some((b) => b.count !== count) || stream.some((s) => s.count !== count))
      throw new Error('the reads disagree on the count');

    const rows: string[][] = [
      ['', 'median time', 'first read in process', 'peak RSS (max)', 'ratio to direct'],
      ['InfluxDB own list (GET, whole body read, not parsed)', `${median(direct).toFixed(0)} ms`, '', '', '1.00'],
      [
        "console's list read (gateway: streamed, own budget)",
        `${median(stream.map((s) => s.ms)).toFixed(0)} ms`,
        `${median(stream.map((s) => s.coldMs)).toFixed(0)} ms`,
        mb(Math.max(...stream.map((s) => s.maxRSS))),
        (median(stream.map((s) => s.ms)) / median(direct)).toFixed(2),
      ],
      [
        'before: client getAuthorizations (buffered + JSON.parse)',
        `${median(buffered.map((s) => s.ms)).toFixed(0)} ms`,
        `${median(buffered.map((s) => s.coldMs)).toFixed(0)} ms`,
        mb(Math.max(...buffered.map((s) => s.maxRSS))),
        (median(buffered.map((s) => s.ms)) / median(direct)).toFixed(2),
      ],
    ];
    const w = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    const line = (r: string[]) => r.map((x, c) => (c === 0 ? x.padEnd(w[0]!) : x.padStart(w[c]!))).join('  ');
    console.log(`\ntoken list benchmark — ${new Date().toISOString()} — influxd 2.9.1 (hashed tokens), ${count} tokens in the org`);
    console.log(
      `(made ${TOKENS} tokens through the API in ${(createdIn / 1000).toFixed(1)} s; body ${mb(bodyBytes)}; ${REPS} reads each; RSS of a node process before the read: ${mb(stream[0]!.baseRSS)})\n`,
    );
    console.log(line(rows[0]!));
    console.log('-'.repeat(w.reduce((a, b) => a + b + 2, 0)));
    for (const r of rows.slice(1)) console.log(line(r));
    const ratio = median(stream.map((s) => s.ms)) / median(direct);
    console.log(`\ngoal (issue 16): list read within 1.2x InfluxDB's own time: ${ratio <= 1.2 ? 'met' : 'NOT met'} (${ratio.toFixed(2)}x)`);
  } finally {
    await inst?.stop();
  }
}

runBench(main);
