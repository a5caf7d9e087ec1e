// Several InfluxDB servers and orgs in one console (issue 11), with two real influxd at once: the
// run's (hashed tokens) as "production" and a second one without hashed tokens as "edge site",
// each with two orgs, plus a connection that is down. Proves: the shell says where a page acts and
// switches connection and org; each connection and org has its own inventory; a token minted on
// edge/org2 shows there and nowhere else (in the console and in InfluxDB); the all-connections
// view lists everything with where it lives; unknown or down connections get a clear page.
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { createBucket, createToken, listAuthorizations, listV1, v1Query } from '../scripts/influxd/operator';
import { createAndReadToken, finishDialog, uniq } from './support/mint';
import { startMultiConnectionConsole, type MultiConnection } from './support/multi-connection';
import { actionId, actionIds, postAction } from './support/server-actions';
import { newSignedInPage, signInThroughForm } from './support/sign-in';
import { expect, test } from './support/test';

test.describe.configure({ mode: 'serial' });

let multi: MultiConnection;
const run = uniq('conn');
const planted = {
  primaryOrg2: `${run} planted production/org2`,
  edgeAcme: `${run} planted edge/acme`,
  edgeOrg2: `${run} planted edge/org2`,
};

test.beforeAll(async ({ stack }) => {
  test.setTimeout(180_000);
  multi = await startMultiConnectionConsole(stack);
  const read = (orgID: string) => [{ action: 'read' as const, resource: { type: 'dashboards', orgID } }];
  // Nothing in the run's first org: the other specs count its tokens.
  await Promise.all([
    createToken(
      { ...multi.primary.inst, orgID: multi.primary.org2 },
      { description: planted.primaryOrg2, permissions: read(multi.primary.org2) },
    ),
    createToken(multi.edge.inst, { description: planted.edgeAcme, permissions: read(multi.edge.inst.orgID) }),
    createToken({ ...multi.edge.inst, orgID: multi.edge.org2 }, { description: planted.edgeOrg2, permissions: read(multi.edge.org2) }),
  ]);
});

test.afterAll(async () => {
  await multi?.stop();
});

const signedIn = (browser: Browser): Promise<Page> => newSignedInPage(browser, multi.baseURL, 'admin');
const rows = (page: Page) => page.getByTestId('token-row');
// Pictures of the pages for people to look at (e2e/screenshots is not committed); never of a secret.
const shot = (page: Page, name: string) => page.screenshot({ path: join(__dirname, 'screenshots', `${name}.png`), fullPage: true });
const search = async (page: Page, text: string) => {
  await page.getByLabel('Search description or owner').fill(text);
  await expect(page).toHaveURL(/q=/);
};

test('the shell says which connection and org a page acts on, and switches to another', async ({ browser }) => {
  const page = await signedIn(browser);
  await page.goto('/tokens');
  const scope = page.getByTestId('scope');
  await expect(scope.getByTestId('scope-connection')).toHaveText(/production/);
  await expect(scope.getByTestId('scope-org')).toHaveText(multi.primary.inst.org);

  await scope.getByRole('button', { name: 'Switch…' }).click();
  const form = page.getByRole('form', { name: 'Switch connection and organisation' });
  // The down connection is offered as down, with no org to pick.
  await expect(form.getByLabel('Connection').locator('option', { hasText: 'decommissioned (down)' })).toHaveCount(1);
  await form.getByLabel('Connection').selectOption('edge');
  await expect(form.getByLabel('Organisation').locator('option')).toHaveText(['acme', 'org2']);
  await form.getByLabel('Organisation').selectOption('org2');
  await shot(page, 'connections-switcher');
  await form.getByRole('button', { name: 'Switch' }).click();

  await expect(page).toHaveURL(/\/tokens\?connection=edge&org=org2$/);
  await expect(scope.getByTestId('scope-connection')).toHaveText(/edge site/);
  await expect(scope.getByTestId('scope-org')).toHaveText('org2');
  await search(page, run);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page)).toContainText(planted.edgeOrg2);
  // The nav keeps the connection and org.
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tokens' })).toHaveAttribute(
    'href',
    '/tokens?connection=edge&org=org2',
  );
});

test('each connection and org lists only its own tokens', async ({ browser }) => {
  const page = await signedIn(browser);
  const expected: [string, string, string[]][] = [
    ['primary', multi.primary.inst.org, []],
    ['primary', multi.primary.org2Name, [planted.primaryOrg2]],
    ['edge', 'acme', [planted.edgeAcme]],
    ['edge', 'org2', [planted.edgeOrg2]],
  ];
  for (const [connection, org, descriptions] of expected) {
    await page.goto(`/tokens?connection=${connection}&org=${encodeURIComponent(org)}&q=${encodeURIComponent(run)}`);
    if (descriptions.length === 0) await expect(page.getByTestId('inventory-empty')).toBeVisible();
    else await expect(rows(page)).toHaveText(descriptions.map((d) => new RegExp(escape(d))));
  }
});

test('a token minted on edge/org2 shows there and nowhere else, in the console and in InfluxDB', async ({ browser }) => {
  const page = await signedIn(browser);
  const description = `${run} minted on edge/org2`;
  await page.goto('/tokens/new?connection=edge&org=org2');
  await expect(page.getByTestId('builder-connection')).toContainText('edge site');
  await page.getByLabel('Description').fill(description);
  await page.getByLabel('Read dashboards').check();
  await page.getByRole('button', { name: 'Review' }).click();
  await createAndReadToken(page);
  await finishDialog(page);

  // InfluxDB: on edge, in org2; nothing with that description on production or in edge's acme.
  const inEdgeOrg2 = await listAuthorizations({ ...multi.edge.inst, orgID: multi.edge.org2 });
  expect(inEdgeOrg2.filter((a) => a.description === description).map((a) => a.orgID)).toEqual([multi.edge.org2]);
  for (const side of [multi.primary, multi.edge]) {
    const everywhere = await listAuthorizations({ ...side.inst, orgID: side.inst.orgID });
    expect(everywhere.filter((a) => a.description === description)).toEqual([]);
  }
  const inPrimaryOrg2 = await listAuthorizations({ ...multi.primary.inst, orgID: multi.primary.org2 });
  expect(inPrimaryOrg2.filter((a) => a.description === description)).toEqual([]);

  // The console: in edge/org2's list, in no other.
  await page.goto(`/tokens?connection=edge&org=org2&q=${encodeURIComponent(description)}`);
  await expect(rows(page)).toHaveCount(1);
  for (const other of [
    '/tokens?connection=edge&org=acme',
    `/tokens?connection=primary&org=${encodeURIComponent(multi.primary.inst.org)}`,
  ]) {
    await page.goto(`${other}&q=${encodeURIComponent(description)}`);
    await expect(page.getByTestId('inventory-empty')).toBeVisible();
  }
});

test('a v1 credential made on edge/org2 lives there only, in the console and in InfluxDB, and answers InfluxQL on that server', async ({
  browser,
}) => {
  const edgeOrg2 = { ...multi.edge.inst, orgID: multi.edge.org2 };
  const username = `v1-${Date.now().toString(36)}`;
  const bucket = `${username}-b`;
  const bucketID = await createBucket(edgeOrg2, bucket);
  const page = await signedIn(browser);
  // The nav carries the page's scope to the v1 page.
  await page.goto('/tokens?connection=edge&org=org2');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'v1 credentials' }).click();
  await expect(page).toHaveURL(/\/v1-credentials\?connection=edge&org=org2$/);
  await expect(page.getByTestId('v1-connection')).toHaveText('edge site');
  await expect(page.getByTestId('scope-org')).toHaveText('org2');

  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Filter buckets').fill(bucket);
  await page.getByLabel(`Read ${bucket}`).check();
  await page.getByRole('button', { name: 'Create v1 credential' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog.getByRole('button', { name: 'Reveal' })).toBeVisible();
  await shot(page, 'connections-v1-dialog');
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  const password = (await dialog.getByTestId('token-value').textContent())!.trim();
  expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
  // The test command goes to the server the credential lives on.
  await expect(dialog.locator('pre')).toContainText(`${multi.edge.inst.url}/query`);
  await dialog.getByLabel('I have stored this password').check();
  await dialog.getByRole('button', { name: 'Done' }).click();

  // InfluxDB: on edge in org2, nowhere else.
  const made = (await listV1(edgeOrg2)).filter((c) => c.token === username);
  expect(made.map((c) => c.orgID)).toEqual([multi.edge.org2]);
  for (const other of [multi.edge.inst, multi.primary.inst, { ...multi.primary.inst, orgID: multi.primary.org2 }]) {
    expect((await listV1(other)).filter((c) => c.token === username)).toEqual([]);
  }
  // InfluxQL through that server's /query; the other server does not know the login.
  const login = { username, password };
  expect((await v1Query(multi.edge.inst, login, '', 'SHOW DATABASES')).body.results?.[0]?.series?.[0]?.values).toEqual([[bucket]]);
  expect((await v1Query(multi.edge.inst, login, bucket, 'SHOW MEASUREMENTS')).status).toBe(200);
  expect((await v1Query(multi.primary.inst, login, bucket, 'SHOW MEASUREMENTS')).status).toBe(401);

  // The console: listed on edge/org2 only.
  await page.reload();
  await expect(page.getByTestId(`v1-row-${username}`)).toBeVisible();
  await shot(page, 'connections-v1-list');
  for (const other of [
    '/v1-credentials?connection=edge&org=acme',
    `/v1-credentials?connection=primary&org=${encodeURIComponent(multi.primary.org2Name)}`,
  ]) {
    await page.goto(other);
    await expect(page.getByRole('heading', { name: 'v1 credentials', level: 1 })).toBeVisible();
    await expect(page.getByTestId(`v1-row-${username}`)).toHaveCount(0);
  }
  // The audit trail names the connection.
  await page.goto(`/audit?connection=edge&token=${made[0]!.id}`);
  await expect(page.getByTestId('audit-empty')).toHaveCount(0);
  await page.goto(`/audit?connection=primary&token=${made[0]!.id}`);
  await expect(page.getByTestId('audit-empty')).toBeVisible();

  // An unknown connection or org, or a down one, gets the same clear page as the token pages.
  for (const [url, kind] of [
    ['/v1-credentials?connection=nowhere', 'unknown-connection'],
    ['/v1-credentials?connection=edge&org=org9', 'unknown-org'],
    ['/v1-credentials?connection=gone', 'down'],
  ] as const) {
    expect((await page.goto(url))?.status()).toBe(200);
    await expect(page.getByTestId('scope-problem')).toHaveAttribute('data-kind', kind);
  }

  // On edge only admins may act: a creator is offered nothing there, and direct posts change nothing.
  const creator = await newSignedInPage(browser, multi.baseURL, 'creator');
  await creator.goto('/v1-credentials?connection=edge&org=org2');
  await expect(creator.getByTestId(`v1-row-${username}`)).toBeVisible();
  await expect(creator.getByRole('button', { name: 'Create v1 credential' })).toHaveCount(0);
  await expect(creator.getByTestId(`v1-row-${username}`).getByRole('button')).toHaveCount(0);
  const v1Actions = 'app/(console)/v1-credentials/actions.ts';
  const scope = { connection: 'edge', org: 'org2' };
  const refused = [
    await postAction(
      creator.request,
      multi.baseURL,
      actionId(v1Actions, 'setV1CredentialStatus'),
      [{ id: made[0]!.id, status: 'inactive', ...scope }],
      {
        path: '/v1-credentials',
      },
    ),
    await postAction(creator.request, multi.baseURL, actionId(v1Actions, 'setV1Password'), [{ id: made[0]!.id, ...scope }], {
      path: '/v1-credentials',
    }),
    await postAction(
      creator.request,
      multi.baseURL,
      actionId(v1Actions, 'createV1'),
      [{ username: `${username}-c`, read: [bucketID], ...scope }],
      { path: '/v1-credentials' },
    ),
  ];
  for (const r of refused)
    expect(r.result).toMatchObject({ ok: false, code: 'forbidden', formError: expect.stringContaining('On edge site, only admins') });
  const after = await listV1(edgeOrg2);
  expect(after.find((c) => c.token === username)?.status).toBe('active');
  expect(after.filter((c) => c.token === `${username}-c`)).toEqual([]);
  expect((await v1Query(multi.edge.inst, login, bucket, 'SHOW MEASUREMENTS')).status).toBe(200);
});

test('links: format 2 carries the connection; a format 1 link opens on the default connection and says so', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: multi.baseURL, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await signInThroughForm(page, 'admin');
  await page.goto('/tokens/new?connection=edge&org=org2');
  await page.getByLabel('Description').fill(`${run} link on edge`);
  await page.getByLabel('Read dashboards').check();
  await page.getByRole('button', { name: 'Copy link to this form' }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(link).search).toMatch(/^\?v=2&connection=edge&/);
  expect(new URL(link).searchParams.get('org')).toBe('org2');

  const again = await context.newPage();
  await again.goto(link);
  await expect(again.getByTestId('prefill-origin')).toContainText('From a shared link');
  await expect(again.getByTestId('builder-connection')).toContainText('edge site');
  await expect(again.getByLabel('Description')).toHaveValue(`${run} link on edge`);
  await expect(again.getByTestId('link-connection-note')).toHaveCount(0);

  await again.goto('/tokens/new?v=1&d=old+link&org=acme&p=read:dashboards');
  await expect(again.getByTestId('link-connection-note')).toContainText('opens on the default connection, production');
  await expect(again.getByTestId('builder-connection')).toContainText('production');
  await context.close();
});

test('a template records its connection and org: its link opens the builder there', async ({ browser }) => {
  const page = await signedIn(browser);
  const slug = `edge-${run.replace(/[^a-z0-9]/g, '').slice(-12)}`;
  await page.goto('/templates/new?connection=edge&org=org2');
  await page.getByLabel('Name (used in links)').fill(slug);
  await page.getByLabel('Title').fill('Edge dashboards reader');
  await page.getByLabel('Purpose').fill('Reads dashboards on the edge site.');
  await page.getByLabel('Permissions, one per line').fill('read:dashboards');
  await page.getByLabel('Creators and admins').check();
  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(page).toHaveURL(new RegExp(`/templates/${slug}$`));

  const use = page.getByRole('link', { name: 'Use template' });
  await expect(use).toHaveAttribute('href', `/tokens/new?template=${slug}&connection=edge&org=org2`);
  await use.click();
  await expect(page.getByTestId('prefill-origin')).toContainText(`From template '${slug}' v1`);
  await expect(page.getByTestId('builder-connection')).toContainText('edge site');
  await expect(page.getByTestId('scope-org')).toHaveText('org2');
});

test('the audit trail records the connection: filtered by connection, a token’s rows show only on its own', async ({ browser }) => {
  const page = await signedIn(browser);
  const minted = (await listAuthorizations({ ...multi.edge.inst, orgID: multi.edge.org2 })).find(
    (a) => a.description === `${run} minted on edge/org2`,
  )!;
  await page.goto(`/audit?connection=edge&token=${minted.id}`);
  await expect(page.getByTestId('audit-empty')).toHaveCount(0);
  await expect(page.getByRole('table')).toContainText('Created token');
  await page.goto(`/audit?connection=primary&token=${minted.id}`);
  await expect(page.getByTestId('audit-empty')).toBeVisible();
  await page.goto('/audit?connection=nowhere');
  await expect(page.getByTestId('audit-filter-problems')).toContainText('“nowhere” is not a connection of this console.');
});

test('the all-connections view lists every token with its connection and org, and the down connection as down', async ({ browser }) => {
  const page = await signedIn(browser);
  await page.goto(`/tokens?connection=all&q=${encodeURIComponent(`${run} planted`)}`);
  await expect(page.getByTestId('scope-connection')).toHaveText('all connections');
  const table = page.getByTestId('all-token-table');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  const edgeRow = table.locator('tbody tr', { hasText: planted.edgeOrg2 });
  await expect(edgeRow.getByTestId('row-connection')).toHaveText(/edge site/);
  await expect(edgeRow.getByTestId('row-org')).toHaveText('org2');
  await expect(page.getByTestId('down-connections')).toContainText('decommissioned');
  await shot(page, 'connections-all');

  // The row's link opens the token on its own connection and org.
  await edgeRow.getByRole('link', { name: planted.edgeOrg2 }).click();
  await expect(page).toHaveURL(/\/tokens\/[0-9a-f]{16}\?connection=edge&org=org2$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(planted.edgeOrg2);
});

test('an unknown connection or org, or a down connection, gets a clear page; the others keep working', async ({ browser }) => {
  const page = await signedIn(browser);
  for (const [url, kind, words] of [
    ['/tokens?connection=nowhere', 'unknown-connection', /no connection "nowhere"/],
    ['/tokens?connection=edge&org=org9', 'unknown-org', /sees no organisation "org9"/],
    ['/tokens?connection=gone', 'down', /decommissioned .* is down/],
    ['/tokens/new?connection=nowhere', 'unknown-connection', /no connection "nowhere"/],
  ] as const) {
    const res = await page.goto(url);
    expect(res?.status()).toBe(200);
    await expect(page.getByTestId('scope-problem')).toHaveAttribute('data-kind', kind);
    await expect(page.getByRole('alert').filter({ hasText: words })).toBeVisible();
  }
  await page.goto('/tokens?connection=edge&org=acme');
  await expect(page.getByTestId('scope-connection')).toHaveText(/edge site/);
  await expect(page.getByTestId('token-table')).toBeVisible();
});

test('on a connection only admins may act on, a creator may look but not mint or change, and a direct post changes nothing', async ({
  browser,
}) => {
  const page = await newSignedInPage(browser, multi.baseURL, 'creator');
  // production lets every role act by the usual rules: the creator is offered "New token" there.
  await page.goto('/tokens');
  await expect(page.getByRole('link', { name: 'New token' })).toBeVisible();

  await page.goto(`/tokens?connection=edge&org=org2&q=${encodeURIComponent(planted.edgeOrg2)}`);
  await expect(rows(page)).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'New token' })).toHaveCount(0);
  await expect(rows(page).getByRole('button', { name: /Deactivate/ })).toHaveCount(0);
  await page.goto('/tokens/new?connection=edge&org=org2');
  await expect(page.getByTestId('connection-refusal')).toHaveText(
    'On edge site, only admins may create tokens (connections file). You are signed in as a creator.',
  );

  // The same calls posted directly, as a script would: refused, and InfluxDB unchanged.
  const target = (await listAuthorizations({ ...multi.edge.inst, orgID: multi.edge.org2 })).find(
    (a) => a.description === planted.edgeOrg2,
  )!;
  const ids = actionIds();
  const deactivate = await postAction(page.request, multi.baseURL, ids.setTokenStatus!, [
    { id: target.id, status: 'inactive', connection: 'edge', org: 'org2' },
  ]);
  expect(deactivate.result).toMatchObject({
    ok: false,
    code: 'forbidden',
    formError: expect.stringContaining('On edge site, only admins'),
  });
  const description = `${run} creator on edge`;
  const mint = await postAction(
    page.request,
    multi.baseURL,
    actionId('app/(console)/tokens/new/actions.ts', 'createToken'),
    [
      {
        formKey: crypto.randomUUID(),
        orgID: multi.edge.org2,
        description,
        status: 'active',
        owner: { kind: 'console' },
        grants: [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }],
        connection: 'edge',
        org: 'org2',
      },
    ],
    { path: '/tokens/new' },
  );
  expect(mint.result).toMatchObject({ ok: false, code: 'forbidden' });
  const after = await listAuthorizations({ ...multi.edge.inst, orgID: multi.edge.org2 });
  expect(after.find((a) => a.id === target.id)?.status).toBe('active');
  expect(after.filter((a) => a.description === description)).toEqual([]);
});

test('Settings shows each connection: reachable or not, version and flavour, what its credential can do', async ({ browser }) => {
  const page = await signedIn(browser);
  await page.goto('/settings');
  const row = (id: string) => page.getByTestId('connection-row').and(page.locator(`[data-connection="${id}"]`));
  for (const id of ['primary', 'edge']) {
    await expect(row(id).getByTestId('connection-status')).toHaveText('Reachable');
    await expect(row(id).getByTestId('connection-server')).toHaveText(/^InfluxDB \S+ v?2\.\d+\.\d+/);
    await expect(row(id).getByTestId('connection-capabilities')).toContainText('mint in its org: yes');
  }
  await expect(row('gone').getByTestId('connection-status')).not.toHaveText('Reachable');
  await expect(row('edge')).toContainText('admin');
  await shot(page, 'connections-settings');

  await row('edge').getByRole('link').click();
  await expect(page).toHaveURL(/\/settings\?connection=edge$/);
  await expect(page.getByTestId('influx-url')).toHaveText(multi.edge.inst.url);
});

test('readiness checks every connection: ready while a non-default one is down; signed in, each connection in words', async ({
  browser,
  request,
}) => {
  // Public: as terse as with one connection; `gone` being down does not take the instance out.
  const pub = await request.get(`${multi.baseURL}/api/health`);
  expect(pub.status()).toBe(200);
  expect(await pub.json()).toEqual({ status: 'ok', console: { status: 'ok' }, database: { status: 'pass' }, influxdb: { status: 'pass' } });

  const page = await signedIn(browser);
  const res = await page.request.get(`${multi.baseURL}/api/health`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { influxdb: { url: string }; connections: Record<string, unknown>[] };
  expect(body.influxdb).toMatchObject({ status: 'pass', url: multi.primary.inst.url });
  expect(body.connections).toEqual([
    { id: 'primary', label: 'production', status: 'pass', version: expect.stringMatching(/^v?2\./), flavour: 'OSS' },
    { id: 'edge', label: 'edge site', status: 'pass', version: expect.stringMatching(/^v?2\./), flavour: 'OSS' },
    { id: 'gone', label: 'decommissioned', status: 'fail', version: 'unknown', flavour: 'unknown', problem: expect.any(String) },
  ]);
  expect(JSON.stringify(body)).not.toContain(multi.edge.cred.token);
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
