// Screenshots of the inventory's screens for people to look at (e2e/screenshots/, git-ignored).
// Each one first checks that the screen shows what it should.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createBucket, createToken, createUser, deleteBucket, type Permission } from '../scripts/influxd/operator';
import { expect, pageAs, test } from './support/test';

const DIR = join(__dirname, 'screenshots');
const shot = (page: Page, name: string) => page.screenshot({ path: join(DIR, `inventory-${name}.png`), fullPage: true });

test('inventory screens', async ({ browser, stack }) => {
  test.setTimeout(120_000);
  mkdirSync(DIR, { recursive: true });
  const inf = stack.influx;
  const O = inf.orgID;
  const t = `s${Math.random().toString(36).slice(2, 6)}`;
  const floor = await createBucket(inf, `factory-floor-${t}`);
  const old = await createBucket(inf, `old-sensors-${t}`);
  const ana = await createUser(inf, `ana-${t}`);
  const rw = (id: string): Permission[] => [
    { action: 'read', resource: { type: 'buckets', id, orgID: O } },
    { action: 'write', resource: { type: 'buckets', id, orgID: O } },
  ];
  const telegraf = await createToken(inf, {
    description: `${t} Telegraf line 3`,
    userID: ana,
    permissions: [{ action: 'write', resource: { type: 'buckets', id: floor, orgID: O } }],
  });
  await createToken(inf, {
    description: `${t} Grafana read-only`,
    permissions: [
      { action: 'read', resource: { type: 'buckets', orgID: O } },
      { action: 'read', resource: { type: 'dashboards', orgID: O } },
    ],
  });
  const legacy = await createToken(inf, {
    description: `${t} legacy sensors`,
    status: 'inactive',
    permissions: [...rw(old), { action: 'read', resource: { type: 'dashboards', orgID: O } }],
  });
  await createToken(inf, {
    description: `${t} CI token minter`,
    permissions: [{ action: 'write', resource: { type: 'authorizations', orgID: O } }],
  });
  await deleteBucket(inf, old);

  const page = await pageAs(browser, 'admin');
  await page.setViewportSize({ width: 1360, height: 900 });
  await page.goto(`/tokens?q=${t}`);
  await page.getByRole('button', { name: 'Reload from InfluxDB' }).click();
  await expect(page.getByTestId('token-row')).toHaveCount(4);
  await shot(page, 'list-search');

  await page.goto(`/tokens?q=${t}&write=${floor}`);
  await expect(page.getByTestId('token-row')).toHaveCount(1); // the Telegraf writer (Grafana only reads)
  await shot(page, 'list-can-write-bucket');

  await page.goto('/tokens?sensitive=1');
  await expect(page.getByTestId('token-row').filter({ hasText: `${t} CI token minter` })).toHaveCount(1);
  await shot(page, 'list-sensitive');

  await page.goto(`/tokens/${legacy.id}`);
  await expect(page.getByTestId('grant-lines')).toContainText('(deleted)');
  await shot(page, 'detail-deleted-bucket');

  await page.goto(`/tokens/${telegraf.id}`);
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('alertdialog')).toContainText(`Delete token "${t} Telegraf line 3"?`);
  await shot(page, 'confirm-delete');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Replace' }).click();
  await page.getByRole('alertdialog').getByLabel('In 24 hours').check();
  await shot(page, 'confirm-replace');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Replace token' }).click();
  await expect(page.getByTestId('replace-scheduled')).toBeVisible();
  await shot(page, 'replace-result-masked');
  await page.getByTestId('new-token-dialog').getByLabel('I have stored this token').check();
  await page.getByTestId('new-token-dialog').getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('scheduled-deactivation')).toBeVisible();
  await shot(page, 'detail-scheduled');

  await page.goto(`/tokens?q=${t}`);
  await page.getByLabel('Select every token on this page').check();
  await page.getByRole('button', { name: 'Deactivate selected…' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('Deactivate 5 tokens?');
  await shot(page, 'confirm-bulk');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Deactivate 5' }).click();
  await expect(page.getByTestId('bulk-results')).toBeVisible();
  await shot(page, 'bulk-results');
  await page.getByTestId('bulk-results').getByRole('button', { name: 'Close' }).click();

  await page.goto('/audit');
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await shot(page, 'audit');

  const viewer = await pageAs(browser, 'viewer');
  await viewer.setViewportSize({ width: 1360, height: 900 });
  await viewer.goto(`/tokens/${legacy.id}`);
  await expect(viewer.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await shot(viewer, 'detail-viewer');
  await viewer.context().close();
  await page.context().close();
});
