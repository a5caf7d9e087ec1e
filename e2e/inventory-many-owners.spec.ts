// An org with more owners than a select should list (issue 16: a user per device, as InfluxDB's
// own documentation has it). The page carries the first 200 by name and says how many it left out
// (lib/inventory/facet-choices.ts); an owner further down is still found by the search box, and a
// link that names one keeps it chosen. Against a console and influxd of its own, so the 205 users
// made here do not reach the other specs' owner lists.
import { createToken, createUser } from '../scripts/influxd/operator';
import { ownStack } from './support/own-stack';
import { expect, storageStateFor, test } from './support/test';

const DEVICES = 205;
const name = (i: number) => `device-${String(i).padStart(3, '0')}`;
const owners: string[] = [];

const own = ownStack('owners', {
  before: async (influx) => {
    const readOrg = [{ action: 'read' as const, resource: { type: 'orgs', id: influx.orgID } }];
    for (let i = 0; i < DEVICES; i++) {
      const userID = await createUser(influx, name(i));
      owners.push(userID);
      await createToken(influx, { description: `${name(i)} telemetry`, permissions: readOrg, userID });
    }
  },
});

test('the owner filter lists the first 200 owners by name and says how many more there are; search and links reach the rest', async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL: own().app.baseURL, storageState: storageStateFor('viewer') });
  try {
    const page = await context.newPage();
    await page.goto('/tokens');
    const owner = page.getByLabel('Owner', { exact: true });
    const options = owner.locator('option');
    // "Anyone", 200 owners (the device users sort before the operator and the console's user),
    // and the line that cannot be chosen.
    await expect(options).toHaveCount(1 + 200 + 1);
    await expect(options.nth(1)).toHaveText(name(0));
    await expect(options.nth(200)).toHaveText(name(199));
    const last = options.last();
    await expect(last).toHaveText(/^…and [\d,]+ more: search by name above$/);
    await expect(last).toBeDisabled();
    // The number is every owner not listed: the devices past 200, and the operator and console users.
    const leftOut = Number((await last.textContent())!.match(/and ([\d,]+) more/)![1]!.replace(/,/g, ''));
    expect(leftOut).toBeGreaterThanOrEqual(DEVICES - 200);

    // An owner past the first 200: found by name in the search box ...
    await page.getByRole('searchbox', { name: 'Search description or owner' }).fill(name(204));
    await expect(page.getByTestId('token-row')).toHaveCount(1);
    await expect(page.getByTestId('token-row')).toContainText(`${name(204)} telemetry`);
    // ... and a link that names it keeps it chosen.
    await page.goto(`/tokens?owner=${owners[204]}`);
    await expect(owner).toHaveValue(owners[204]!);
    await expect(owner.locator('option:checked')).toHaveText(name(204));
    await expect(page.getByTestId('token-row')).toHaveCount(1);
  } finally {
    await context.close();
  }
});
