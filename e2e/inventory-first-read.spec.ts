// With no list kept for the org, /tokens still answers at once (issue 16): the page's shell and
// "Reading the token list from InfluxDB (started …)", then the list in the same response when
// InfluxDB has sent it, without anyone asking again. Against a console of its own whose influxd
// this spec pauses (SIGSTOP: it accepts connections but never answers, as a server assembling
// 100,000 tokens looks). The console's kept list is dropped as another console process on the same
// data folder would make it drop it: a row in the SQLite change log (lib/storage/changes.ts).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createToken } from '../scripts/influxd/operator';
import { ownStack } from './support/own-stack';
import { expect, storageStateFor, test } from './support/test';

const own = ownStack('first-read');

/** What another console process publishes after changing the org's tokens: this one drops its copy. */
function publishInventoryChange(orgID: string) {
  const db = new Database(join(own().dataDir, 'console.sqlite'));
  try {
    db.prepare('INSERT INTO cache_changes (topic, key, origin, at) VALUES (?, ?, ?, ?)').run(
      'inventory',
      `default/${orgID}`,
      'e2e-other-process',
      Date.now(),
    );
  } finally {
    db.close();
  }
}

test('with nothing kept and InfluxDB paused, /tokens shows its shell and that it reads the list; the list follows when InfluxDB answers', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const tag = `first-${crypto.randomUUID().slice(0, 8)}`;
  const readOrg = [{ action: 'read' as const, resource: { type: 'orgs', id: own().influx.orgID } }];
  await createToken(own().influx, { description: `${tag} one`, permissions: readOrg });
  const context = await browser.newContext({ baseURL: own().app.baseURL, storageState: storageStateFor('creator') });
  try {
    const page = await context.newPage();
    const rows = page.getByTestId('token-row');
    const reading = page.getByRole('status').filter({ hasText: 'Reading the token list from InfluxDB (started' });
    // Once with InfluxDB answering: the list is kept (read now, or by the warm-up), the org known.
    await page.goto(`/tokens?q=${tag}`);
    await page.getByRole('button', { name: 'Reload from InfluxDB' }).click();
    await expect(rows).toHaveCount(1);

    await createToken(own().influx, { description: `${tag} two`, permissions: readOrg });
    publishInventoryChange(own().influx.orgID);
    await own().pause();
    try {
      // Streamed: the first part of the answer is there while InfluxDB has not answered.
      await page.goto(`/tokens?q=${tag}`, { waitUntil: 'commit' });
      await expect(reading).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Tokens' })).toBeVisible();
      await expect(page.getByTestId('inventory-meta')).toContainText(own().influx.org);
      await expect(page.getByRole('link', { name: 'New token' })).toBeVisible();
      await expect(rows).toHaveCount(0);
    } finally {
      own().resume();
    }

    // The read lands; the page shows it without anyone asking, the new token included.
    await expect(rows).toHaveCount(2, { timeout: 30_000 });
    await expect(page.getByText(`${tag} two`)).toBeVisible();
    await expect(reading).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test('the all-connections view answers the same way while the lists are read, and they follow', async ({ browser }) => {
  test.setTimeout(120_000);
  const tag = `all-${crypto.randomUUID().slice(0, 8)}`;
  const readOrg = [{ action: 'read' as const, resource: { type: 'orgs', id: own().influx.orgID } }];
  const context = await browser.newContext({ baseURL: own().app.baseURL, storageState: storageStateFor('viewer') });
  try {
    const page = await context.newPage();
    const rows = page.getByTestId('all-token-table').locator('tbody tr');
    const reading = page.getByRole('status').filter({ hasText: 'Reading the token list of 1 organisation from InfluxDB (started' });
    await createToken(own().influx, { description: `${tag} one`, permissions: readOrg });
    publishInventoryChange(own().influx.orgID);
    await own().pause();
    try {
      await page.goto(`/tokens?connection=all&q=${tag}`, { waitUntil: 'commit' });
      await expect(reading).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Tokens on all connections' })).toBeVisible();
      await expect(rows).toHaveCount(0);
    } finally {
      own().resume();
    }
    await expect(rows).toHaveCount(1, { timeout: 30_000 });
    await expect(rows).toContainText(`${tag} one`);
    await expect(reading).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test('with nothing kept, a first read that fails says why inside the page', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ baseURL: own().app.baseURL, storageState: storageStateFor('viewer') });
  try {
    const page = await context.newPage();
    // Once with InfluxDB answering: the org is known, the list kept.
    await page.goto('/tokens');
    await expect(page.getByRole('button', { name: 'Reload from InfluxDB' })).toBeVisible();

    publishInventoryChange(own().influx.orgID);
    await own().influx.stop();
    await page.goto('/tokens');
    await expect(page.getByRole('alert').filter({ hasText: 'Could not reach InfluxDB while trying to list tokens.' })).toBeVisible();
    await expect(page.getByText('Something went wrong')).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Reading the token list' })).toHaveCount(0);
  } finally {
    await context.close();
  }
});
