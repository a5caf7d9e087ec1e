// The token inventory end to end: what a person does in the console, and what InfluxDB then
// actually allows the tokens to do. influxd 2.9.1 (hashed tokens), the production build.
import type { Page } from '@playwright/test';
import { bucketStatus } from '../scripts/influxd/harness';
import {
  createBucket,
  createToken,
  createUser,
  deleteAuthorization,
  deleteBucket,
  getAuthorization,
  listAuthorizations,
  sortedPermissionStrings,
  updateAuthorization,
  type Permission,
} from '../scripts/influxd/operator';
import { actionIds, postAction } from './support/server-actions';
import { expect, pageAs, test } from './support/test';

const tag = () => `t${Math.random().toString(36).slice(2, 8)}`;

/** Opens the list and makes it read InfluxDB again (it is kept for a few seconds otherwise). */
async function openList(page: Page, qs = '') {
  await page.goto(`/tokens${qs ? `?${qs}` : ''}`);
  await page.getByRole('button', { name: 'Reload from InfluxDB' }).click();
  await expect(page.getByRole('button', { name: 'Reload from InfluxDB' })).toBeEnabled();
}

const rows = (page: Page) => page.getByTestId('token-row');

test('a viewer finds tokens by search and filters, and the view lives in the URL', async ({ browser, stack }) => {
  const t = tag();
  const inf = stack.influx;
  const O = inf.orgID;
  const owner = await createUser(inf, `owner-${t}`);
  const bucket = await createBucket(inf, `bucket-${t}`);
  await createToken(inf, {
    description: `${t} writer`,
    userID: owner,
    permissions: [{ action: 'write', resource: { type: 'buckets', id: bucket, orgID: O } }],
  });
  await createToken(inf, {
    description: `${t} reader`,
    permissions: [{ action: 'read', resource: { type: 'buckets', id: bucket, orgID: O } }],
  });
  await createToken(inf, {
    description: `${t} old minter`,
    status: 'inactive',
    permissions: [{ action: 'write', resource: { type: 'authorizations', orgID: O } }],
  });

  const page = await pageAs(browser, 'viewer');
  await openList(page);
  await page.getByLabel('Search description or owner').fill(t);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${t}`));
  await expect(rows(page)).toHaveCount(3);

  await page.getByLabel('Status').selectOption('inactive');
  await expect(page).toHaveURL(/status=inactive/);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(`${t} old minter`);
  await expect(rows(page).first()).toContainText('Inactive');

  await page.getByLabel('Status').selectOption('any');
  await page.getByLabel(/Only tokens with sensitive or code-running grants/).check();
  await expect(page).toHaveURL(/sensitive=1/);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('write API tokens');
  await page.getByLabel(/Only tokens with sensitive or code-running grants/).uncheck();

  await page.getByLabel('Owner', { exact: true }).selectOption({ label: `owner-${t}` });
  await expect(page).toHaveURL(new RegExp(`owner=${owner}`));
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(`${t} writer`);

  // Back undoes the last filter: the URL is the state.
  await page.goBack();
  await expect(rows(page)).toHaveCount(3);

  // A shared link opens the same view for someone else.
  const other = await pageAs(browser, 'viewer');
  await other.goto(`/tokens?q=${t}&write=${bucket}`);
  await expect(rows(other)).toHaveCount(1);
  await expect(rows(other).first()).toContainText(`${t} writer`);
  await expect(other.getByLabel('Can write to bucket')).toHaveValue(bucket);
  await other.goto(`/tokens?q=${t}&read=${bucket}`);
  await expect(rows(other)).toHaveCount(1);
  await expect(rows(other).first()).toContainText(`${t} reader`);
  await other.goto(`/tokens?q=${t}&type=authorizations`);
  await expect(rows(other)).toHaveCount(1);

  // Sorting by a column header.
  await other.goto(`/tokens?q=${t}&sort=description&dir=asc`);
  await expect(rows(other).locator('td:nth-child(1)')).toHaveText([`${t} old minter`, `${t} reader`, `${t} writer`]);
  await other.getByRole('button', { name: /^Description/ }).click();
  await expect(other).toHaveURL(/sort=description/);
  await expect(other).not.toHaveURL(/dir=asc/);
  await expect(rows(other).locator('td:nth-child(1)')).toHaveText([`${t} writer`, `${t} reader`, `${t} old minter`]);

  // A pasted token value is never searched for, so it never reaches the URL.
  const before = page.url();
  await page
    .getByLabel('Search description or owner')
    .fill('cB5pSR7WlVtrF1yFbOuDGRGxn4aeRbQ8kOk6pM8Wvz6kUMw37XxJHbBPFZ2OwU4BkQDVfr57iMt-z_Dx2ojTbA==');
  await expect(page.getByRole('alert').filter({ hasText: 'looks like a token value' })).toBeVisible();
  await page.waitForTimeout(400);
  expect(page.url()).toBe(before);

  // Viewers see no way to change anything.
  await expect(page.getByRole('button', { name: /^(Deactivate|Activate)/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'New token' })).toHaveCount(0);
  await page.context().close();
  await other.context().close();
});

test('deactivate: influxd refuses the token; reactivate: it works; delete: refused for good', async ({ browser, stack }) => {
  const inf = stack.influx;
  const t = tag();
  // Owned by the console's user: a creator may activate only tokens they could mint (lib/policy).
  const tok = await createToken(inf, {
    description: `${t} switch`,
    userID: inf.consoleUserID,
    permissions: [{ action: 'read', resource: { type: 'buckets', id: inf.bucketID, orgID: inf.orgID } }],
  });
  expect(await bucketStatus(inf, tok.token, inf.bucketID)).toBe(200);

  const creator = await pageAs(browser, 'creator');
  await openList(creator, `q=${t}`);
  await creator.getByRole('button', { name: `Deactivate "${t} switch"` }).click();
  await expect(rows(creator).first()).toContainText('Inactive');
  await expect(creator.getByRole('status')).toContainText(`Deactivated "${t} switch"`);
  expect(await bucketStatus(inf, tok.token, inf.bucketID)).toBe(401);
  expect((await getAuthorization(inf, tok.id)).body.status).toBe('inactive');

  await creator.getByRole('button', { name: `Activate "${t} switch"` }).click();
  await expect(rows(creator).first()).toContainText('Active');
  await expect(creator.getByRole('status')).toContainText(`Activated "${t} switch"`);
  expect(await bucketStatus(inf, tok.token, inf.bucketID)).toBe(200);

  // Creators may not delete: no such menu item.
  await creator.getByRole('button', { name: `More actions for "${t} switch"` }).click();
  await expect(creator.getByRole('button', { name: 'Delete…' })).toHaveCount(0);
  await creator.context().close();

  const admin = await pageAs(browser, 'admin');
  await openList(admin, `q=${t}`);
  await admin.getByRole('button', { name: `More actions for "${t} switch"` }).click();
  await admin.getByRole('button', { name: 'Delete…' }).click();
  const confirm = admin.getByRole('alertdialog');
  await expect(confirm.getByRole('heading')).toHaveText(`Delete token "${t} switch"?`);
  await confirm.getByRole('button', { name: 'Delete token' }).click();
  await expect(admin.getByTestId('inventory-empty')).toBeVisible();
  await expect(admin.getByRole('status')).toContainText(`Deleted "${t} switch"`);
  expect(await bucketStatus(inf, tok.token, inf.bucketID)).toBe(401);
  expect((await getAuthorization(inf, tok.id)).status).toBe(404);
  // For good: nothing can switch it back on.
  const revive = await updateAuthorization(inf, tok.id, { status: 'active' });
  expect(revive.status).toBe(404);
  expect(await bucketStatus(inf, tok.token, inf.bucketID)).toBe(401);

  // Every change is in the audit trail, who and what, without the value.
  await admin.goto(`/audit?token=${tok.id}`);
  const audit = admin.getByTestId('audit-row');
  await expect(audit).toHaveCount(3);
  await expect(audit.nth(0)).toContainText('Deleted token');
  await expect(audit.nth(0)).toContainText('ada-admin');
  await expect(audit.nth(1)).toContainText('Activated token');
  await expect(audit.nth(2)).toContainText('Deactivated token');
  await expect(audit.nth(2)).toContainText('cy-creator');
  expect(await admin.content()).not.toContain(tok.token);
  await admin.context().close();
});

test('clone gives a working token with identical permissions and owner, shown once', async ({ browser, stack }) => {
  const inf = stack.influx;
  const O = inf.orgID;
  const t = tag();
  const owner = await createUser(inf, `clone-owner-${t}`);
  const perms: Permission[] = [
    { action: 'read', resource: { type: 'buckets', id: inf.bucketID, orgID: O } },
    { action: 'write', resource: { type: 'buckets', id: inf.bucketID, orgID: O } },
    { action: 'read', resource: { type: 'dashboards', orgID: O } },
  ];
  const src = await createToken(inf, { description: `${t} source`, userID: owner, permissions: perms });

  // Another user's token: cloning it is for admins (CONSOLE_OTHER_OWNER_ROLE defaults to admin). A
  // creator is not offered it and the page says why.
  const creator = await pageAs(browser, 'creator');
  await creator.goto(`/tokens/${src.id}`);
  await expect(creator.getByTestId('token-refusals')).toContainText(`owned by another InfluxDB user (clone-owner-${t})`);
  await expect(creator.getByRole('button', { name: 'Clone' })).toHaveCount(0);
  await creator.context().close();

  const page = await pageAs(browser, 'admin');
  await page.goto(`/tokens/${src.id}`);
  await expect(page.getByTestId('grant-lines')).toContainText('Read bucket telemetry');
  await page.getByRole('button', { name: 'Clone' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Create the clone' }).click();
  const dialog = page.getByTestId('new-token-dialog');
  await expect(dialog).toContainText('This is the only time this token is shown');
  await expect(dialog.getByTestId('token-masked')).toBeVisible();
  await expect(dialog.getByTestId('token-value')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  const value = (await dialog.getByTestId('token-value').textContent())!;
  expect(value.length).toBeGreaterThan(40);
  const cloneID = (await dialog.getByRole('link', { name: /details/ }).getAttribute('href'))!.split('/').pop()!;

  const a = (await getAuthorization(inf, src.id)).body;
  const b = (await getAuthorization(inf, cloneID)).body;
  expect(sortedPermissionStrings(b.permissions)).toEqual(sortedPermissionStrings(a.permissions));
  expect(b.userID).toBe(owner);
  expect(b.status).toBe('active');
  expect(b.description).toBe(`${t} source (clone)`);
  expect(await bucketStatus(inf, value, inf.bucketID)).toBe(200);

  // The value is nowhere but in the dialog.
  expect(page.url()).not.toContain(value);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  expect(stored).not.toContain(value);
  await expect(dialog.getByRole('button', { name: 'Done' })).toBeDisabled();
  await dialog.getByLabel('I have stored this token').check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await page.content()).not.toContain(value);

  // A second clone, then the tab is hidden (switching tabs, back/forward cache): the value is
  // dropped from the page at once and the dialog says so.
  await page.getByRole('button', { name: 'Clone' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Create the clone' }).click();
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  const second = (await dialog.getByTestId('token-value').textContent())!;
  expect(second).not.toBe(value);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect(dialog.getByTestId('token-cleared')).toContainText('switched away');
  await expect(dialog.getByTestId('token-value')).toHaveCount(0);
  expect(await page.content()).not.toContain(second);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toHaveCount(0);
  await page.context().close();
});

test('a change the server refuses is rolled back in the list and explained', async ({ browser, stack }) => {
  const inf = stack.influx;
  const t = tag();
  const read: Permission[] = [{ action: 'read', resource: { type: 'buckets', id: inf.bucketID, orgID: inf.orgID } }];
  const deleteUpstream = (id: string) =>
    fetch(`${inf.url}/api/v2/authorizations/${id}`, { method: 'DELETE', headers: { Authorization: `Token ${inf.operatorToken}` } });
  // Owned by the console's user, so a creator is offered Clone (lib/policy).
  const source = await createToken(inf, { description: `${t} source`, userID: inf.consoleUserID, permissions: read });
  const doomed = await createToken(inf, { description: `${t} doomed`, permissions: read });
  const creator = await pageAs(browser, 'creator');
  await openList(creator, `q=${t}&sort=description&dir=asc`);
  await expect(rows(creator)).toHaveCount(2);

  // Deactivating a token someone deleted meanwhile: the row shown as inactive goes back, then
  // disappears, and the person is told why.
  await deleteUpstream(doomed.id);
  await creator.getByRole('button', { name: `Deactivate "${t} doomed"` }).click();
  await expect(creator.getByRole('alert').filter({ hasText: 'no longer exists' })).toBeVisible();
  await expect(rows(creator)).toHaveCount(1);
  await expect(rows(creator).first()).toContainText(`${t} source`);
  await expect(rows(creator).first()).toContainText('Active');

  // Cloning a token someone deleted while the confirmation was open: the optimistic "creating…"
  // row goes away, the person is told why, and nothing was created.
  await creator.getByRole('button', { name: `More actions for "${t} source"` }).click();
  await creator.getByRole('button', { name: 'Clone…' }).click();
  const confirm = creator.getByRole('alertdialog');
  await expect(confirm).toContainText('Its value is shown once');
  await deleteUpstream(source.id);
  await confirm.getByRole('button', { name: 'Create the clone' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(creator.getByRole('alert').filter({ hasText: 'no longer exists' })).toBeVisible();
  await expect(rows(creator).filter({ hasText: 'creating' })).toHaveCount(0);
  await expect(creator.getByTestId('new-token-dialog')).toHaveCount(0);
  expect((await listAuthorizations(inf)).some((x) => x.description === `${t} source (clone)`)).toBe(false);
  await creator.context().close();
});

test('replace immediately: the new token works and the original is refused at once', async ({ browser, stack }) => {
  const inf = stack.influx;
  const t = tag();
  const src = await createToken(inf, {
    description: `${t} rotate`,
    permissions: [{ action: 'read', resource: { type: 'buckets', id: inf.bucketID, orgID: inf.orgID } }],
  });
  const page = await pageAs(browser, 'admin');
  await page.goto(`/tokens/${src.id}`);
  await page.getByRole('button', { name: 'Replace' }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm.getByLabel('Immediately')).toBeChecked();
  await confirm.getByRole('button', { name: 'Replace token' }).click();
  const dialog = page.getByTestId('new-token-dialog');
  await expect(dialog).toContainText(`The original token "${t} rotate" is now inactive.`);
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  const value = (await dialog.getByTestId('token-value').textContent())!;
  const newID = (await dialog.getByRole('link', { name: /details/ }).getAttribute('href'))!.split('/').pop()!;
  expect(await bucketStatus(inf, src.token, inf.bucketID)).toBe(401);
  expect((await getAuthorization(inf, src.id)).body.status).toBe('inactive');
  expect(await bucketStatus(inf, value, inf.bucketID)).toBe(200);
  expect(sortedPermissionStrings((await getAuthorization(inf, newID)).body.permissions)).toEqual(
    sortedPermissionStrings((await getAuthorization(inf, src.id)).body.permissions),
  );
  await dialog.getByLabel('I have stored this token').check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText('Inactive', { exact: true })).toBeVisible();
  await page.context().close();
});

test('bulk deactivate reports each token, including the one that failed and why', async ({ browser, stack }) => {
  const inf = stack.influx;
  const t = tag();
  const read: Permission[] = [{ action: 'read', resource: { type: 'buckets', id: inf.bucketID, orgID: inf.orgID } }];
  const a = await createToken(inf, { description: `${t} bulk a`, permissions: read });
  const b = await createToken(inf, { description: `${t} bulk b`, permissions: read });
  const c = await createToken(inf, { description: `${t} bulk c`, permissions: read });
  const page = await pageAs(browser, 'admin');
  await openList(page, `q=${t}`);
  await expect(rows(page)).toHaveCount(3);
  await page.getByLabel('Select every token on this page').check();
  await expect(page.getByTestId('bulk-bar')).toContainText('3 selected');
  // Someone deletes one of them while the person is looking at the list.
  await deleteAuthorization(inf, b.id);
  await page.getByRole('button', { name: 'Deactivate selected…' }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm.getByRole('heading')).toHaveText('Deactivate 3 tokens?');
  await expect(confirm).toContainText(`${t} bulk b`);
  await confirm.getByRole('button', { name: 'Deactivate 3' }).click();
  const results = page.getByTestId('bulk-results');
  await expect(results.getByRole('heading')).toHaveText('2 deactivated, 1 failed');
  const failed = results.locator('[data-testid="bulk-result"][data-ok="false"]');
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText(`${t} bulk b`);
  await expect(failed).toContainText('no longer exists');
  await results.getByRole('button', { name: 'Close' }).click();
  expect(await bucketStatus(inf, a.token, inf.bucketID)).toBe(401);
  expect(await bucketStatus(inf, c.token, inf.bucketID)).toBe(401);
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).filter({ hasText: 'Inactive' })).toHaveCount(2);

  // Bulk delete of the rest, same confirmation pattern.
  await page.getByLabel('Select every token on this page').check();
  await page.getByRole('button', { name: 'Delete selected…' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete 2' }).click();
  await expect(page.getByTestId('bulk-results').getByRole('heading')).toHaveText('2 deleted');
  expect((await getAuthorization(inf, a.id)).status).toBe(404);
  expect((await getAuthorization(inf, c.id)).status).toBe(404);
  await page.context().close();
});

test('viewers and creators cannot change what their role does not allow, even by posting to the actions', async ({ browser, stack }) => {
  const inf = stack.influx;
  const t = tag();
  const tok = await createToken(inf, {
    description: `${t} guarded`,
    permissions: [{ action: 'read', resource: { type: 'buckets', id: inf.bucketID, orgID: inf.orgID } }],
  });
  const ids = actionIds();
  // Every action of the inventory is covered below; a new one must be added here.
  expect(Object.keys(ids).sort()).toEqual(
    [
      'bulkChangeExpiry',
      'bulkDeactivate',
      'bulkDelete',
      'cancelScheduledDeactivation',
      'changeTokenExpiry',
      'cloneToken',
      'deleteToken',
      'editDescription',
      'getToken',
      'listTokens',
      'replaceToken',
      'setTokenStatus',
    ].sort(),
  );
  const args: Record<string, unknown> = {
    setTokenStatus: { id: tok.id, status: 'inactive' },
    editDescription: { id: tok.id, description: 'taken over' },
    deleteToken: { id: tok.id },
    bulkDeactivate: { ids: [tok.id] },
    bulkDelete: { ids: [tok.id] },
    cloneToken: { id: tok.id },
    replaceToken: { id: tok.id, graceSeconds: 0 },
    cancelScheduledDeactivation: { scheduleId: 1 },
    changeTokenExpiry: { id: tok.id, expiry: '1d' },
    bulkChangeExpiry: { ids: [tok.id], expiry: '1d' },
  };
  const forbiddenFor = {
    viewer: Object.keys(args),
    creator: [
      'deleteToken',
      'bulkDeactivate',
      'bulkDelete',
      'replaceToken',
      'cancelScheduledDeactivation',
      'changeTokenExpiry',
      'bulkChangeExpiry',
    ],
  };
  for (const role of ['viewer', 'creator'] as const) {
    const page = await pageAs(browser, role);
    await page.goto('/tokens');
    // The mechanism works (a read is allowed), so the refusals below are the role check talking.
    const read = await postAction(page.request, stack.baseURL, ids.listTokens!, [{ q: t }]);
    expect(read.result?.ok).toBe(true);
    for (const name of forbiddenFor[role]) {
      const reply = await postAction(page.request, stack.baseURL, ids[name]!, [args[name]]);
      expect(reply.result, `${role} ${name}`).toMatchObject({ ok: false, code: 'forbidden' });
    }
    await page.context().close();
  }
  // An admin without a same-origin Origin is refused by the console's own guard (Next lets a
  // request with no Origin through).
  const admin = await pageAs(browser, 'admin');
  await admin.goto('/tokens');
  const noOrigin = await postAction(admin.request, stack.baseURL, ids.setTokenStatus!, [args.setTokenStatus], { origin: null });
  expect(noOrigin.result).toMatchObject({ ok: false, code: 'bad-origin' });
  await admin.context().close();

  const after = (await getAuthorization(inf, tok.id)).body;
  expect(after).toMatchObject({ status: 'active', description: `${t} guarded` });
  expect(await bucketStatus(inf, tok.token, inf.bucketID)).toBe(200);
  const all = await listAuthorizations(inf);
  expect(all.filter((a) => a.description.startsWith(`${t} guarded`))).toHaveLength(1);
});

test('the detail page names a deleted bucket as deleted instead of failing', async ({ browser, stack }) => {
  const inf = stack.influx;
  const t = tag();
  const bucket = await createBucket(inf, `doomed-${t}`);
  const tok = await createToken(inf, {
    description: `${t} orphan`,
    permissions: [{ action: 'write', resource: { type: 'buckets', id: bucket, orgID: inf.orgID } }],
  });
  await deleteBucket(inf, bucket);
  const page = await pageAs(browser, 'viewer');
  await page.goto(`/tokens/${tok.id}`);
  await expect(page.getByTestId('grant-lines')).toHaveText(`Write to bucket ${bucket} (deleted)`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${t} orphan`);
  await page.context().close();
});
