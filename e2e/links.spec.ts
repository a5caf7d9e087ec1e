// Share links and templates in the token builder (issue 5), against the real influxd: a link only
// fills the form, says where it came from and what it could not apply, and a person mints.
import { influxFetch } from '../scripts/influxd/harness';
import { authorizationsDescribed, bucketNamed, sortedPermissionStrings } from '../scripts/influxd/operator';
import { contextAs, createAndReadToken, finishDialog, makeBuckets, pickItem, uniq } from './support/mint';
import { expect, pageAs, test } from './support/test';

test('an admin saves a template; a creator opens its link in a fresh browser, sees the origin, mints exactly the template', async ({
  browser,
  stack,
}) => {
  const bucket = uniq('tpl-bucket');
  await makeBuckets(stack, [bucket]);
  const slug = uniq('iot-writer').toLowerCase();

  const admin = await pageAs(browser, 'admin');
  await admin.goto('/templates/new');
  await admin.getByLabel('Name (used in links)').fill(slug);
  await admin.getByLabel('Title').fill('IoT writer');
  await admin.getByLabel('Purpose').fill('Devices writing telemetry.');
  await admin.getByLabel('Token description (optional)').fill(`iot device ${slug}`);
  await admin.getByLabel('Permissions, one per line').fill(`write:buckets/${bucket}\nread:buckets/${bucket}\nread:dashboards`);
  await admin.getByLabel('Creators and admins').check();
  await admin.getByRole('button', { name: /Save|Create template/ }).click();
  await expect(admin).toHaveURL(new RegExp(`/templates/${slug}`));
  await admin.context().close();

  // A fresh context for the creator: nothing shared with the admin's browser.
  const context = await contextAs(browser, stack, 'creator');
  const page = await context.newPage();
  await page.goto(`/tokens/new?template=${slug}`);
  await expect(page.getByTestId('prefill-origin')).toContainText(`From template '${slug}' v1, by ada-admin`);
  await expect(page.getByLabel('Description')).toHaveValue(`iot device ${slug}`);
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(`Write to bucket ${bucket}`)).toBeVisible();
  const token = await createAndReadToken(page);
  await finishDialog(page);
  await context.close();

  // The token works for what it was made for: writing to the bucket.
  const write = await influxFetch(stack.influx, token, `/api/v2/write?org=${stack.influx.org}&bucket=${bucket}&precision=s`, {
    method: 'POST',
    body: 'm,host=a v=1',
  });
  expect(write.status).toBe(204);
  // What influxd says the token holds equals what the template asked for.
  const [minted] = await authorizationsDescribed(stack.influx, `iot device ${slug}`);
  expect(minted).toBeDefined();
  const bucketID = (await bucketNamed(stack.influx, bucket))!.id;
  expect(sortedPermissionStrings(minted!.permissions)).toEqual(
    sortedPermissionStrings([
      { action: 'write', resource: { type: 'buckets', id: bucketID, orgID: stack.influx.orgID } },
      { action: 'read', resource: { type: 'buckets', id: bucketID, orgID: stack.influx.orgID } },
      { action: 'read', resource: { type: 'dashboards', orgID: stack.influx.orgID } },
    ]),
  );
});

test('a link copied from a filled form reproduces the same form', async ({ browser, stack }) => {
  const [a, b] = [uniq('link-a'), uniq('link-b')];
  await makeBuckets(stack, [a, b]);
  const context = await contextAs(browser, stack, 'creator', { permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto('/tokens/new');
  await page.getByLabel('Description').fill('round trip: grafana on ops-01');
  await page.getByLabel('Inactive (refused until activated)').check();
  await pickItem(page, 'buckets', a);
  await pickItem(page, 'buckets', b);
  await page.getByRole('list', { name: 'Chosen buckets' }).getByRole('listitem').filter({ hasText: b }).getByLabel(/Write/).check();
  await page.getByLabel('Read dashboards').check();
  const body = await page.getByTestId('preview-json').textContent();

  await page.getByRole('button', { name: 'Copy link to this form' }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(link).pathname).toBe('/tokens/new');
  expect(link).toContain(`p=read:buckets/${a}`);
  expect(link).not.toMatch(/token=|password|https?:\/\/(?!localhost)/i);

  const again = await context.newPage();
  await again.goto(link);
  await expect(again.getByTestId('prefill-origin')).toContainText('From a shared link');
  await expect(again.getByTestId('preview-json')).toHaveText(body!);
  await expect(again.getByLabel('Inactive (refused until activated)')).toBeChecked();
  await context.close();
});

test('a link with an unknown bucket, a Cloud-only type and a grant beyond the role shows all three as not applied', async ({ browser }) => {
  const page = await pageAs(browser, 'creator');
  await page.goto('/tokens/new?v=1&d=mixed&p=read:buckets/no-such-bucket-here&p=read:functions&p=write:authorizations&p=read:dashboards');
  const notice = page.getByTestId('prefill-notice');
  const items = notice.getByTestId('not-applied-item');
  await expect(items).toHaveCount(3);
  await expect(items.filter({ hasText: 'no-such-bucket-here' })).toContainText(/no bucket|not found|does not exist|unknown/i);
  await expect(items.filter({ hasText: 'functions' })).toContainText('Cloud');
  await expect(items.filter({ hasText: 'write:authorizations' })).toContainText('only admins');
  // What could be applied was applied.
  await expect(page.getByLabel('Read dashboards')).toBeChecked();
  await expect(page.getByLabel('Description')).toHaveValue('mixed');
  await page.context().close();
});
