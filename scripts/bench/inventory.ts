// Benchmark of the token list with 1,000 and 10,000 tokens in the org (not a test: it prints
// figures). Real parts only: influxd 2.9.1 (hashed tokens), the console's production build
// (`next start`), Debian's Chromium. Everything on loopback.
//
//   npx tsx scripts/bench/inventory.ts                # sizes 1000,10000; builds if .next is missing
//   npx tsx scripts/bench/inventory.ts --sizes 1000 --runs 5 --build
//
// For each size it measures:
//   - InfluxDB itself: GET /api/v2/authorizations?orgID= (the one call OSS offers: no paging);
//   - the list page (GET /tokens, the HTML a browser gets) served from the console's kept list;
//   - the listTokens action (what a filter, sort or page change costs), kept and uncached
//     (refresh: true forces the InfluxDB read);
//   - the browser: load of /tokens, total blocking time of long tasks, and how long a filter, a
//     search and "Next page" take until the table shows the new rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { consoleEnv, freePort, startConsole, writeUsersFile, type RunningConsole } from '../../e2e/support/console-server';
import { actionIds, postAction } from '../../e2e/support/server-actions';
import { submitSignInForm } from '../../e2e/support/sign-in';
import { startInfluxd, type InfluxInstance } from '../influxd/harness';
import { ensureConsoleBuild } from './support/console-build';
import { createBucket, createToken, createUser, listAuthorizations, type Permission } from '../influxd/operator';
import { runBench } from './support/bench-stack';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const SIZES = option('--sizes', '1000,10000').split(',').map(Number);
const RUNS = Number(option('--runs', '10'));
const CONCURRENCY = 16;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (x: number) => `${Math.round(x)} ms`;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

/** A mix like a real org: mostly one-bucket writers/readers, some dashboards readers, a few all-access-like. */
function permissionsFor(i: number, inf: InfluxInstance, buckets: string[]): Permission[] {
  const O = inf.orgID;
  const bucket = buckets[i % buckets.length]!;
  if (i % 20 === 0) {
    return ['buckets', 'dashboards', 'tasks', 'telegrafs', 'variables', 'checks', 'labels'].flatMap((type) =>
      (['read', 'write'] as const).map((action) => ({ action, resource: { type, orgID: O } })),
    );
  }
  if (i % 5 === 0)
    return [
      { action: 'read', resource: { type: 'buckets', orgID: O } },
      { action: 'read', resource: { type: 'dashboards', orgID: O } },
    ];
  if (i % 2 === 0) return [{ action: 'write', resource: { type: 'buckets', id: bucket, orgID: O } }];
  return [
    { action: 'read', resource: { type: 'buckets', id: bucket, orgID: O } },
    { action: 'write', resource: { type: 'buckets', id: bucket, orgID: O } },
  ];
}

async function topUp(inf: InfluxInstance, target: number, buckets: string[], owners: string[]): Promise<number> {
  const have = (await listAuthorizations(inf)).length;
  let next = have;
  const start = performance.now();
  const worker = async () => {
    while (next < target) {
      const i = next++;
      await createToken(inf, {
        userID: owners[i % owners.length],
        description: `bench ${i % 3 === 0 ? 'telegraf' : i % 3 === 1 ? 'grafana' : 'ci'} ${String(i).padStart(5, '0')}`,
        status: i % 11 === 0 ? 'inactive' : 'active',
        permissions: permissionsFor(i, inf, buckets),
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (performance.now() - start) / 1000;
}

async function upstreamList(inf: InfluxInstance) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 3; i++) {
    const [text, t] = await timed(async () => {
      const res = await fetch(`${inf.url}/api/v2/authorizations?orgID=${inf.orgID}`, {
        headers: { Authorization: `Token ${inf.consoleToken}` },
      });
      return res.text();
    });
    bytes = Buffer.byteLength(text);
    times.push(t);
  }
  return { ms: median(times), bytes };
}

async function signIn(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1400, height: 1000 } });
  // Long tasks (main thread blocked > 50 ms), recorded from the first byte of every page.
  await context.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      // not supported: reported as 0
    }
  });
  const page = await context.newPage();
  // Land on Settings, so the first /tokens request is the one measured as "first after start".
  await page.goto('/signin?callbackUrl=/settings');
  await submitSignInForm(page, 'admin');
  await page.getByTestId('signed-in-user').waitFor();
  return page;
}

async function measureServer(page: Page, baseURL: string, bucketID: string) {
  const ids = actionIds();
  const views = [
    '',
    'q=telegraf',
    'status=inactive',
    `write=${bucketID}`,
    'sort=owner&dir=asc',
    'page=7',
    'sensitive=1',
    'q=grafana&sort=description&dir=asc',
    'size=100',
    `read=${bucketID}&page=2`,
  ];
  // Uncached: the action forces a new read of the whole list from InfluxDB.
  const uncached: number[] = [];
  for (let i = 0; i < 3; i++) {
    const [, t] = await timed(() => postAction(page.request, baseURL, ids.listTokens!, [{ refresh: true }]));
    uncached.push(t);
  }
  const pageTimes: number[] = [];
  const pageBytes: number[] = [];
  const actionTimes: number[] = [];
  const actionBytes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const view = views[i % views.length]!;
    const [res, t] = await timed(async () => {
      const r = await page.request.get(`/tokens${view ? `?${view}` : ''}`);
      return { status: r.status(), body: await r.body() };
    });
    if (res.status !== 200) throw new Error(`GET /tokens?${view} -> ${res.status}`);
    pageTimes.push(t);
    pageBytes.push(res.body.length);
    const query = Object.fromEntries(new URLSearchParams(view));
    const [reply, ta] = await timed(() =>
      postAction(page.request, baseURL, ids.listTokens!, [
        {
          ...query,
          ...(query.page ? { page: Number(query.page) } : {}),
          ...(query.size ? { size: Number(query.size) } : {}),
          ...(query.sensitive ? { sensitive: true } : {}),
        },
      ]),
    );
    if (!reply.result?.ok) throw new Error(`listTokens ${view}: ${reply.text.slice(0, 200)}`);
    actionTimes.push(ta);
    actionBytes.push(Buffer.byteLength(reply.text));
  }
  return {
    uncachedMs: median(uncached),
    pageMs: median(pageTimes),
    pageP95: p95(pageTimes),
    pageBytes: median(pageBytes),
    actionMs: median(actionTimes),
    actionP95: p95(actionTimes),
    actionBytes: median(actionBytes),
  };
}

async function measureBrowser(page: Page) {
  const status = page.getByTestId('page-status');
  const [, load] = await timed(async () => {
    await page.goto('/tokens', { waitUntil: 'load' });
    await page.getByTestId('token-row').first().waitFor();
  });
  // Interactive: a sort header click changes the URL (hydrated and answering).
  const [, interactive] = await timed(async () => {
    await page.getByRole('button', { name: /^Owner/ }).click();
    await page.waitForURL(/sort=owner/);
  });
  const before = await status.textContent();
  const [, filter] = await timed(async () => {
    await page.getByLabel('Status').selectOption('inactive');
    await page.waitForFunction((prev) => document.querySelector('[data-testid="page-status"]')?.textContent !== prev, before);
  });
  const beforeSearch = await status.textContent();
  const [, search] = await timed(async () => {
    await page.getByLabel('Search description or owner').fill('grafana 0');
    await page.waitForFunction((prev) => document.querySelector('[data-testid="page-status"]')?.textContent !== prev, beforeSearch);
  });
  await page.getByLabel('Search description or owner').fill('');
  await page.getByLabel('Status').selectOption('any');
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  const firstRow = await page.getByTestId('token-row').first().getAttribute('data-token-id');
  const [, next] = await timed(async () => {
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.waitForFunction((id) => document.querySelector('[data-testid="token-row"]')?.getAttribute('data-token-id') !== id, firstRow);
  });
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  const tbt = longTasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0);
  const rows = await page.getByTestId('token-row').count();
  return { load, interactive, filter, search, next, tbt, longest: Math.max(0, ...longTasks), rows };
}

type BenchRow = {
  tokens: number;
  createSeconds: number;
  upstream: Awaited<ReturnType<typeof upstreamList>>;
  coldMs: number;
  browser: Awaited<ReturnType<typeof measureBrowser>>;
} & Awaited<ReturnType<typeof measureServer>>;

async function main() {
  ensureConsoleBuild();
  const inf = await startInfluxd({ hashedTokens: true });
  const dir = mkdtempSync(join(tmpdir(), 'itc-bench-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const chromiumVersion = browser.version();
  let consoleProc: RunningConsole | undefined;
  const results: BenchRow[] = [];
  try {
    const buckets: string[] = [inf.bucketID];
    for (let i = 0; i < 19; i++) buckets.push(await createBucket(inf, `bench-bucket-${i}`));
    const owners: string[] = [];
    for (const name of ['ana', 'bo', 'chen', 'dara', 'eli']) owners.push(await createUser(inf, `bench-${name}`));
    const usersFile = writeUsersFile(dir);
    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}`;
    const env = consoleEnv({ influx: inf, baseURL, dir, usersFile });

    for (const size of SIZES) {
      const createSeconds = await topUp(inf, size, buckets, owners);
      const total = (await listAuthorizations(inf)).length;
      const upstream = await upstreamList(inf);
      // A fresh console process per size: its first request is the cold one.
      await consoleProc?.stop();
      consoleProc = await startConsole(env, port, join(dir, `console-${size}`));
      const page = await signIn(browser, baseURL);
      const [, cold] = await timed(() => page.request.get('/tokens').then((r) => r.body()));
      const server = await measureServer(page, baseURL, buckets[1]!);
      const ui = await measureBrowser(page);
      await page.context().close();
      const row = { tokens: total, createSeconds, upstream, coldMs: cold, ...server, browser: ui };
      results.push(row);
      console.error(`[bench] ${total} tokens done`);
    }
  } finally {
    await consoleProc?.stop();
    await browser.close();
    await inf.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  const lines = [
    `Inventory benchmark: influxd 2.9.1 (hashed tokens), console production build (next start), Chromium ${chromiumVersion}, loopback, ${RUNS} runs per figure (median, p95).`,
    '',
  ];
  for (const r of results) {
    lines.push(
      `== ${r.tokens.toLocaleString('en')} tokens in the org (created at ${Math.round((r.tokens - 2) / r.createSeconds)}/s with ${CONCURRENCY} concurrent POSTs)`,
    );
    lines.push(`InfluxDB GET /api/v2/authorizations (whole list, no paging): ${ms(r.upstream.ms)}, ${kb(r.upstream.bytes)}`);
    lines.push(
      `List page GET /tokens, first request after console start (the list was read at start-up, in the background): ${ms(r.coldMs)}`,
    );
    lines.push(`List page GET /tokens, kept list: median ${ms(r.pageMs)}, p95 ${ms(r.pageP95)}, ${kb(r.pageBytes)} HTML (50 rows)`);
    lines.push(
      `listTokens action (filter/sort/page change), kept list: median ${ms(r.actionMs)}, p95 ${ms(r.actionP95)}, ${kb(r.actionBytes)}`,
    );
    lines.push(`listTokens action forcing a new InfluxDB read ("Reload from InfluxDB"): median ${ms(r.uncachedMs)}`);
    lines.push(
      `Browser: /tokens loaded with rows ${ms(r.browser.load)}; first sort click answered ${ms(r.browser.interactive)}; status filter ${ms(r.browser.filter)}; search ${ms(r.browser.search)}; next page ${ms(r.browser.next)}; long tasks total blocking ${ms(r.browser.tbt)} (longest ${ms(r.browser.longest)}); rows in the DOM ${r.browser.rows}`,
    );
    lines.push('');
  }
  console.log(lines.join('\n'));
}

runBench(main);
