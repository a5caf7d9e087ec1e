// The inventory never waits on InfluxDB once it keeps a list (issue 16), in the browser, against a
// console of its own whose influxd this spec pauses (SIGSTOP: the process holds its port and
// accepts connections but never answers, as a server assembling 100,000 tokens looks). The other
// specs share the run's influxd, so it is never the one paused. "Reload from InfluxDB" gives the
// kept list back and says a reload is running; once influxd answers, the new list appears without
// anyone asking again.
import { createToken } from '../scripts/influxd/operator';
import { ownStack } from './support/own-stack';
import { expect, storageStateFor, test } from './support/test';

// A short timeout: how long "Reload from InfluxDB" waits before giving back the kept list.
const own = ownStack('background-reload', { extra: { INFLUX_TIMEOUT_MS: '1500' } });

test('with InfluxDB paused, "Reload from InfluxDB" keeps the list and says a reload runs; the new list appears when it lands', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const tag = `bg-${crypto.randomUUID().slice(0, 8)}`;
  const readOrg = [{ action: 'read' as const, resource: { type: 'orgs', id: own().influx.orgID } }];
  await createToken(own().influx, { description: `${tag} kept`, permissions: readOrg });
  const context = await browser.newContext({ baseURL: own().app.baseURL, storageState: storageStateFor('viewer') });
  try {
    const page = await context.newPage();
    await page.goto(`/tokens?q=${tag}`);
    const rows = page.getByTestId('token-row');
    // The console read the list when it started, before this token: one reload, influxd answering.
    await page.getByRole('button', { name: 'Reload from InfluxDB' }).click();
    await expect(rows).toHaveCount(1);
    // Made outside the console while the list is kept: only a read from InfluxDB shows it.
    await createToken(own().influx, { description: `${tag} later`, permissions: readOrg });

    const reloading = page.getByTestId('inventory-refreshing');
    await own().pause();
    try {
      await page.getByRole('button', { name: 'Reload from InfluxDB' }).click();
      await expect(reloading).toBeVisible();
      await expect(page.getByRole('button', { name: 'Reload from InfluxDB' })).toBeEnabled();
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toContainText(`${tag} kept`);
      await expect(page.getByText(/is down|did not answer/)).toHaveCount(0);
    } finally {
      own().resume();
    }

    // The reload that waited on influxd lands; the page asks again by itself until it is in.
    await expect(rows).toHaveCount(2, { timeout: 30_000 });
    await expect(page.getByText(`${tag} later`)).toBeVisible();
    await expect(reloading).toBeHidden();
  } finally {
    await context.close();
  }
});
