// Delivering a token straight into a secret store from the builder (issue 17), on a console of its
// own with a real OpenBao: the token lands at the path as a new version and an app reading it with
// a policy-limited store token writes to InfluxDB with it; a path outside the prefix is refused
// before anything is made; a store that is down gives the half-done choice (show once, delete);
// a handoff unwraps once. No response the person's browser received, no log line, audit row or
// stored row of the console holds a delivered value.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { baoRequest } from '../scripts/openbao/harness';
import { writeLine } from '../scripts/influxd/harness';
import { authorizationsDescribed, getAuthorization } from '../scripts/influxd/operator';
import { finishDialog, influxOf, makeBuckets, uniq } from './support/mint';
import { startSecretStoreConsole, type SecretStoreConsole } from './support/secret-store-console';
import { newSignedInPage } from './support/sign-in';
import { expect, test } from './support/test';

test.describe.configure({ mode: 'serial' });

let stores: SecretStoreConsole;
const run = uniq('store');
const bucket = `${run}-b`;
/** Every response body the spec's pages received, except the one "show once" answer. */
const seen: string[] = [];
/** Values the console must never have shown, logged or stored. */
const delivered: string[] = [];

test.beforeAll(async ({ stack }) => {
  test.setTimeout(180_000);
  [stores] = await Promise.all([startSecretStoreConsole(stack), makeBuckets(stack, [bucket])]);
});
test.afterAll(async () => {
  await stores?.stop();
});

async function signedIn(browser: Browser, record = true): Promise<Page> {
  const page = await newSignedInPage(browser, stores.baseURL, 'admin');
  if (record) {
    page.on('response', (r) => {
      void r
        .body()
        .then((b) => seen.push(b.toString('utf8')))
        .catch(() => undefined);
    });
  }
  return page;
}

/** The builder up to the review step: write on every bucket, delivered as `mode` says. */
async function buildToward(page: Page, description: string, mode: 'A secret store path' | 'Wrap for someone else', store = 'Lab OpenBao') {
  await page.goto('/tokens/new');
  await page.getByLabel('Description').fill(description);
  await page.getByLabel('Write buckets').check();
  const deliver = page.getByTestId('deliver-to');
  await deliver.getByLabel(mode).check();
  await deliver.getByLabel('Store', { exact: true }).selectOption({ label: store });
}

const readSecret = (path: string) =>
  baoRequest<{ data: { data: Record<string, string>; metadata: { version: number } } }>(
    stores.bao,
    stores.readerToken,
    'GET',
    `secret/data/${path}`,
  );

test('Settings checks each store and says what is wrong with the one that is down', async ({ browser }) => {
  const page = await signedIn(browser);
  await page.goto('/settings');
  const section = page.getByTestId('secret-stores');
  await expect(section.getByTestId('secret-store-lab').getByTestId('secret-store-status')).toHaveText(
    'Works: Reachable, unsealed, signed in with its token; may write under secret/influx/ (KV v2).',
  );
  await expect(section.getByTestId('secret-store-down').getByTestId('secret-store-status')).toContainText(
    'Does not work: Could not reach the store “Decommissioned Vault” at http://127.0.0.1:9',
  );
});

test('a token minted into the store lands at the path; an app reading it with a limited store token writes to InfluxDB', async ({
  browser,
  stack,
}) => {
  const page = await signedIn(browser);
  const path = `influx/${run}`;
  await buildToward(page, `${run} delivered`, 'A secret store path');
  await page.getByTestId('deliver-to').getByLabel('Path', { exact: true }).fill(path);
  await page
    .getByTestId('deliver-to')
    .getByLabel(/Also write the InfluxDB URL/)
    .check();
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByTestId('review-delivery')).toHaveText(`Delivered to Lab OpenBao: ${path} (key “token”), not shown to you.`);
  await page.getByRole('button', { name: 'Create token' }).click();

  const done = page.getByTestId('delivery-done');
  await expect(done.getByRole('heading')).toHaveText(`Delivered to “Lab OpenBao”: secret/${path}, version 1.`);
  await expect(done.getByTestId('delivery-where')).toHaveText(`Path secret/${path}, version 1.`);
  await expect(page.getByRole('alertdialog')).toBeHidden();

  const secret = await readSecret(path);
  expect(secret.status).toBe(200);
  const value = secret.body.data.data.token!;
  delivered.push(value);
  expect(secret.body.data.data).toEqual({ token: value, url: stack.influx.url, org_id: stack.influx.orgID });
  expect(await writeLine(influxOf(stack), value, bucket, 'm v=1')).toBe(204);

  // The token's page shows where it went and the path's current version in the store.
  await done.getByRole('link', { name: 'Open the token' }).click();
  const section = page.getByTestId('secret-deliveries');
  await expect(section.getByTestId('secret-delivery')).toContainText(`Written to Lab OpenBao: secret/${path} (key “token”) as version 1`);
  await expect(section.getByTestId('current-version')).toHaveText('1');
  await expect(section.getByTestId('secret-rotation')).toContainText(`This token is the one at secret/${path}. It rotates on demand`);

  // Rotate now: a successor with the same permissions as version 2; the old token keeps working
  // through the grace period (an hour by default).
  await section.getByRole('button', { name: 'Rotate now' }).click();
  await expect(section.getByTestId('rotate-answer')).toContainText(`Rotated: secret/${path} is at version 2`);
  const rotated = await readSecret(path);
  expect(rotated.body.data.metadata.version).toBe(2);
  const successor = rotated.body.data.data.token!;
  delivered.push(successor);
  expect(successor).not.toBe(value);
  expect(await writeLine(influxOf(stack), successor, bucket, 'm v=4')).toBe(204);
  expect(await writeLine(influxOf(stack), value, bucket, 'm v=5')).toBe(204);
  const [made] = await authorizationsDescribed(stack.influx, `${run} delivered (rotated)`);
  expect(made).toBeDefined();
});

test('a path outside the prefix is refused in words, and nothing is created', async ({ browser, stack }) => {
  const page = await signedIn(browser);
  const description = `${run} outside`;
  await buildToward(page, description, 'A secret store path');
  await page.getByTestId('deliver-to').getByLabel('Path', { exact: true }).fill('other/app');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create token' }).click();
  await page.getByRole('button', { name: 'Back to edit' }).click();
  await expect(page.getByTestId('delivery-path-error')).toHaveText(
    'The path must be under “influx/”, e.g. influx/edge-01; this store allows nothing else.',
  );
  expect(await authorizationsDescribed(stack.influx, description)).toEqual([]);
});

test('a store that is down: the token exists, and the person may see it once or delete it', async ({ browser, stack }) => {
  // This page sees the value on purpose ("show once"), so its responses are not in `seen`.
  const page = await signedIn(browser, false);
  await buildToward(page, `${run} down shown`, 'A secret store path', 'Decommissioned Vault');
  await page.getByTestId('deliver-to').getByLabel('Path', { exact: true }).fill(`influx/${run}-down`);
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create token' }).click();

  const half = page.getByTestId('delivery-half-done');
  await expect(half).toContainText(
    `The token “${run} down shown” was created in InfluxDB, but it was not written to “Decommissioned Vault”.`,
  );
  await expect(half.getByTestId('delivery-problem')).toContainText(
    'Could not reach the store “Decommissioned Vault” at http://127.0.0.1:9',
  );
  await expect(half.getByRole('button')).toHaveText([
    'Write again to secret/influx/' + `${run}-down`,
    'Show the value once',
    'Delete the token',
  ]);

  await half.getByRole('button', { name: 'Show the value once' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  const shown = (await dialog.getByTestId('token-value').textContent())?.trim() ?? '';
  expect(await writeLine(influxOf(stack), shown, bucket, 'm v=2')).toBe(204);
  await finishDialog(page);

  // A second console page of the same person: the held value is gone once shown.
  const again = await signedIn(browser);
  await buildToward(again, `${run} down deleted`, 'A secret store path', 'Decommissioned Vault');
  await again.getByTestId('deliver-to').getByLabel('Path', { exact: true }).fill(`influx/${run}-down`);
  await again.getByRole('button', { name: 'Review' }).click();
  await again.getByRole('button', { name: 'Create token' }).click();
  await again.getByTestId('delivery-half-done').getByRole('button', { name: 'Delete the token' }).click();
  await expect(again.getByTestId('delivery-deleted')).toContainText(`Token “${run} down deleted” was deleted in InfluxDB`);
  expect(await authorizationsDescribed(stack.influx, `${run} down deleted`)).toEqual([]);
});

test('wrap for someone else: a single-use wrapping token; the token page then says it was unwrapped', async ({ browser, stack }) => {
  const page = await signedIn(browser);
  await buildToward(page, `${run} wrapped`, 'Wrap for someone else');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create token' }).click();
  const done = page.getByTestId('delivery-done');
  await expect(done.getByRole('heading')).toHaveText('Wrapped in “Lab OpenBao” for someone else.');
  const wrapping = await done.getByTestId('wrapping-token').inputValue();

  const first = await baoRequest<{ data: Record<string, string> }>(stores.bao, wrapping, 'POST', 'sys/wrapping/unwrap');
  expect(first.status).toBe(200);
  const value = first.body.data.token!;
  delivered.push(value);
  expect(await writeLine(influxOf(stack), value, bucket, 'm v=3')).toBe(204);
  expect((await baoRequest(stores.bao, wrapping, 'POST', 'sys/wrapping/unwrap')).status).toBe(400);

  await done.getByRole('link', { name: 'Open the token' }).click();
  await expect(page.getByTestId('secret-deliveries').getByTestId('wrap-state')).toHaveText('unwrapped');
  const [made] = await authorizationsDescribed(stack.influx, `${run} wrapped`);
  expect((await getAuthorization(stack.influx, made!.id)).status).toBe(200);
});

test('no response, log line, audit row or stored row holds a delivered value', async ({ browser }) => {
  expect(delivered).toHaveLength(3);
  const page = await signedIn(browser);
  for (const format of ['csv', 'jsonl']) {
    const res = await page.request.get(`/api/audit/export?format=${format}`);
    expect(res.status()).toBe(200);
    const body = await res.text();
    expect(body).toContain('token.deliver');
    expect(body).toContain('token.rotate');
    for (const v of delivered) expect(body).not.toContain(v);
  }
  expect(seen.length).toBeGreaterThan(20);
  for (const v of delivered) for (const body of seen) expect(body.includes(v)).toBe(false);
  const files = [
    stores.running.logFile,
    stores.running.stdoutFile,
    ...readdirSync(join(stores.dir, 'data')).map((f) => join(stores.dir, 'data', f)),
  ];
  for (const file of files) {
    const text = readFileSync(file).toString('latin1');
    for (const v of delivered) expect(text.includes(v), file).toBe(false);
  }
});
