import { expect, pageAs, test } from './support/test';

test('a signed-in viewer sees the shell, and health reports the InfluxDB version', async ({ browser, stack }) => {
  const page = await pageAs(browser, 'viewer');
  await page.goto('/settings');
  await expect(page.getByTestId('signed-in-user')).toContainText('viewer');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tokens' })).toBeVisible();
  await expect(page.getByTestId('influx-version')).toContainText('OSS v2.9.1');

  const health = await page.request.get('/api/health');
  expect(health.status()).toBe(200);
  const body = await health.json();
  expect(body.influxdb).toMatchObject({ status: 'pass', version: 'v2.9.1', flavour: 'OSS', url: stack.influx.url });
  await page.context().close();
});

test('health without a session says only up or down', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok', console: { status: 'ok' }, database: { status: 'pass' }, influxdb: { status: 'pass' } });
});

test('sign-out ends the session', async ({ browser }) => {
  const page = await pageAs(browser, 'creator');
  await page.goto('/tokens');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/signin/);
  await page.context().close();
});
