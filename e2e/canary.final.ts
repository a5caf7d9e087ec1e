// Runs after every other spec (its own Playwright project). The console's InfluxDB credential is
// known to the harness; it must appear nowhere the browser or an operator could see it: the
// production build output, any response any test received (recorded by support/test.ts), cookies
// and browser storage, the console's logs, its own database and its audit exports. Raw, base64,
// base64url and URL-encoded forms are all searched.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { baoRequest } from '../scripts/openbao/harness';
import { ROOT } from './support/console-server';
import { uniq } from './support/mint';
import { startSecretStoreConsole } from './support/secret-store-console';
import { newSignedInPage } from './support/sign-in';
import { RESPONSES_DIR, expect, pageAs, test } from './support/test';

function forms(secret: string): string[] {
  const b64 = Buffer.from(secret).toString('base64');
  return [secret, b64, Buffer.from(secret).toString('base64url'), encodeURIComponent(secret), b64.slice(0, 40)];
}

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'cache') continue; // build cache: compiler artefacts, not served
      yield* files(path);
    } else if (entry.isFile()) yield path;
  }
}

function hits(path: string, needles: string[]): string[] {
  const text = readFileSync(path).toString('latin1');
  return needles.filter((n) => text.includes(n));
}

test('the console credential is nowhere in the build, responses, browser state, logs or database', async ({ browser, stack }) => {
  const needles = forms(stack.influx.consoleToken);

  // 1. Build output (built with the credential in the environment).
  let scanned = 0;
  for (const file of files(join(ROOT, '.next'))) {
    scanned++;
    expect(hits(file, needles), file).toEqual([]);
  }
  expect(scanned).toBeGreaterThan(50);

  // 2. Every response recorded during the run, plus a fresh walk through the pages as admin.
  const page = await pageAs(browser, 'admin');
  for (const path of ['/tokens', '/tokens/new', '/templates', '/audit', '/settings', '/api/health']) {
    await page.goto(path);
  }
  // The whole audit trail as an admin exports it, in both formats.
  const exports: string[] = [];
  for (const format of ['csv', 'jsonl']) {
    const res = await page.request.get(`/api/audit/export?format=${format}`);
    expect(res.status()).toBe(200);
    exports.push(await res.text());
  }
  expect(exports.join('').length).toBeGreaterThan(1000);
  for (const needle of needles) for (const body of exports) expect(body.includes(needle)).toBe(false);
  const cookies = JSON.stringify(await page.context().cookies());
  const storage = await page.evaluate(async () => {
    const dbs = (await indexedDB.databases?.()) ?? [];
    return JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, idb: dbs.map((d) => d.name) });
  });
  await page.context().close();
  for (const needle of needles) {
    expect(cookies).not.toContain(needle);
    expect(storage).not.toContain(needle);
  }
  const recorded = readdirSync(RESPONSES_DIR).map((f) => join(RESPONSES_DIR, f));
  expect(recorded.length).toBeGreaterThan(5);
  let bytes = 0;
  for (const file of recorded) {
    bytes += statSync(file).size;
    expect(hits(file, needles), file).toEqual([]);
  }
  expect(bytes).toBeGreaterThan(10_000);

  // 3. The console's logs and its own database.
  for (const file of [stack.consoleLog, stack.consoleStdout]) expect(hits(file, needles), file).toEqual([]);
  for (const file of files(stack.consoleDataDir)) expect(hits(file, needles), file).toEqual([]);
});

// Issue 17: a value the console delivers to a secret store path is as secret as its own credential.
// A token delivered through a format 4 link (store and path in the link) is read back from the
// store, then searched for in every response the browser got, the audit exports, the logs and the
// database of the console that delivered it, and everything the main console recorded this run.
test('a value delivered to a secret store path is nowhere the browser or an operator could see it', async ({ browser, stack }) => {
  test.setTimeout(180_000);
  const stores = await startSecretStoreConsole(stack);
  try {
    const page = await newSignedInPage(browser, stores.baseURL, 'admin');
    const bodies: Promise<string>[] = [];
    page.on('response', (r) => {
      bodies.push(
        r
          .body()
          .then((b) => b.toString('latin1'))
          .catch(() => ''),
      );
    });
    const path = `influx/${uniq('canary')}`;
    await page.goto(`/tokens/new?v=4&d=${path.replace('/', '+')}&p=read:dashboards&store=lab&path=${path}`);
    await expect(page.getByTestId('deliver-to').getByLabel('A secret store path')).toBeChecked();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.getByTestId('delivery-done')).toBeVisible();
    const read = await baoRequest<{ data: { data: Record<string, string> } }>(stores.bao, stores.readerToken, 'GET', `secret/data/${path}`);
    expect(read.status).toBe(200);
    const needles = forms(read.body.data.data.token!);

    for (const path of ['/tokens', '/audit', '/settings']) await page.goto(path);
    for (const format of ['csv', 'jsonl']) {
      const res = await page.request.get(`/api/audit/export?format=${format}`);
      expect(res.status()).toBe(200);
      const body = await res.text();
      expect(body).toContain('token.deliver');
      for (const needle of needles) expect(body.includes(needle)).toBe(false);
    }
    await page.context().close();
    const seen = await Promise.all(bodies);
    expect(seen.length).toBeGreaterThan(5);
    for (const body of seen) for (const needle of needles) expect(body.includes(needle)).toBe(false);

    const scanned = [
      stores.running.logFile,
      stores.running.stdoutFile,
      ...files(join(stores.dir, 'data')),
      stack.consoleLog,
      stack.consoleStdout,
      ...files(stack.consoleDataDir),
      ...readdirSync(RESPONSES_DIR).map((f) => join(RESPONSES_DIR, f)),
    ];
    for (const file of scanned) expect(hits(file, needles), file).toEqual([]);
  } finally {
    await stores.stop();
  }
});
