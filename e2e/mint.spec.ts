// The mint flow end to end: a person builds a token in the browser, reviews it, mints it, copies
// it from the dialog, and then the test uses that token against the real influxd.
import { influxFetch, queryBucket, writeLine } from '../scripts/influxd/harness';
import {
  authorizationsDescribed,
  createTelegraf,
  operatorRequest,
  resourceTypes,
  type NewAuthorization,
} from '../scripts/influxd/operator';
import { contextAs, createAndReadToken, finishDialog, influxOf, makeBuckets, MINT_PAGE, pickItem, uniq } from './support/mint';
import { expect, test } from './support/test';

test('a creator builds read A + write B, reviews, mints and copies; influxd allows exactly that', async ({ browser, stack }) => {
  const names = { a: uniq('e2e-a'), b: uniq('e2e-b'), c: uniq('e2e-c') };
  const ids = await makeBuckets(stack, Object.values(names));
  const context = await contextAs(browser, stack, 'creator', { permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const description = uniq('e2e reader-writer');

  await page.goto(MINT_PAGE);
  await page.getByLabel('Description').fill(description);
  await pickItem(page, 'buckets', names.a);
  await pickItem(page, 'buckets', names.b);
  await page.getByLabel(`Read bucket ${names.b}`).uncheck();
  await page.getByLabel(`Write bucket ${names.b}`).check();

  // The live preview is the exact request: ids with orgID, the owner, nothing else.
  const expectedBody = {
    orgID: stack.influx.orgID,
    userID: stack.influx.consoleUserID,
    description,
    status: 'active',
    permissions: [
      { action: 'read', resource: { type: 'buckets', id: ids.get(names.a), orgID: stack.influx.orgID } },
      { action: 'write', resource: { type: 'buckets', id: ids.get(names.b), orgID: stack.influx.orgID } },
    ],
  };
  await expect.poll(async () => JSON.parse((await page.getByTestId('preview-json').textContent()) ?? '{}')).toEqual(expectedBody);
  await expect(page.getByTestId('preview-cli')).toHaveText(
    `influx auth create --host ${stack.influx.url} --org-id ${stack.influx.orgID} --user token-console --description '${description}' --read-bucket ${ids.get(names.a)} --write-bucket ${ids.get(names.b)}`,
  );

  await page.getByRole('button', { name: 'Review' }).click();
  const review = page.getByTestId('review-grants');
  await expect(review).toContainText(`Read bucket ${names.a}`);
  await expect(review).toContainText(`Write to bucket ${names.b}`);
  await expect(review.getByRole('listitem')).toHaveCount(2);

  await page.getByRole('button', { name: 'Create token' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Copy', exact: true })).toBeFocused();
  await expect(dialog.getByTestId('token-masked')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Done' })).toBeDisabled();

  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(dialog.getByRole('button', { name: 'Copied ✓' })).toBeVisible();
  await expect(dialog.getByRole('status')).toHaveText('Token copied to the clipboard.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  const token = (await dialog.getByTestId('token-value').textContent())?.trim();
  expect(token).toBe(copied);
  await finishDialog(page);
  await expect(page.getByRole('heading', { name: `Token “${description}” created` })).toBeFocused();

  // What influxd made, and what the token can do there.
  const [stored] = await authorizationsDescribed(stack.influx, description);
  expect(stored!.userID).toBe(stack.influx.consoleUserID);
  expect(
    stored!.permissions.map((p) => ({ action: p.action, resource: { type: p.resource.type, id: p.resource.id, orgID: p.resource.orgID } })),
  ).toEqual(expectedBody.permissions);
  const inst = influxOf(stack);
  expect(await writeLine(inst, token!, names.b, 'e2e v=1')).toBe(204);
  expect(await queryBucket(inst, token!, names.a)).toBe(200);
  expect(await writeLine(inst, token!, names.a, 'e2e v=1')).not.toBe(204);
  expect(await writeLine(inst, token!, names.c, 'e2e v=1')).not.toBe(204);
  expect(await queryBucket(inst, token!, names.c)).not.toBe(200);
  const cById = await influxFetch(inst, token!, `/api/v2/buckets/${ids.get(names.c)}`);
  expect(cById.status).not.toBe(200);
  await context.close();
});

test('an All access token made with the preset can do what InfluxDB’s own All access token can', async ({ browser, stack }) => {
  const inst = influxOf(stack);
  const context = await contextAs(browser, stack, 'admin');
  const page = await context.newPage();
  const description = uniq('e2e all access');
  await page.goto(MINT_PAGE);
  await page.getByLabel('Description').fill(description);
  await page.getByRole('button', { name: 'All access in this org' }).click();
  await expect(page.getByTestId('preview-cli')).toContainText('--all-access');
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(/^All access: /)).toBeVisible();
  const create = page.getByRole('button', { name: 'Create token' });
  await expect(create).toBeDisabled();
  await page.getByLabel(/I understand what these sensitive grants allow/).check();
  const ours = await createAndReadToken(page);
  await finishDialog(page);

  // InfluxDB's own All access token, built the way its UI and CLI (--all-access) build it, for the
  // same owning user: every type in the org, orgs read on the org, users on the owner.
  const types = await resourceTypes(inst);
  const permissions = types
    .filter((t) => t !== 'instance')
    .flatMap((type): { action: string; resource: Record<string, string> }[] =>
      type === 'orgs'
        ? [{ action: 'read', resource: { type, id: inst.orgID } }]
        : type === 'users'
          ? ['read', 'write'].map((action) => ({ action, resource: { type, id: inst.consoleUserID } }))
          : ['read', 'write'].map((action) => ({ action, resource: { type, orgID: inst.orgID } })),
    );
  const refRes = await operatorRequest<NewAuthorization>(inst, 'POST', '/api/v2/authorizations', {
    orgID: inst.orgID,
    userID: inst.consoleUserID,
    description: `${description} (reference)`,
    permissions,
  });
  expect(refRes.status).toBe(201);
  const reference = refRes.body.token;

  // Same permission set, as influxd stores it.
  const key = (p: { action: string; resource: Record<string, string> }) =>
    `${p.action}:${p.resource.type}:${p.resource.id ?? ''}:${p.resource.orgID ?? ''}`;
  const [stored] = await authorizationsDescribed(stack.influx, description);
  const [storedRef] = await authorizationsDescribed(stack.influx, `${description} (reference)`);
  expect(stored!.permissions.map(key).sort()).toEqual(storedRef!.permissions.map(key).sort());

  // And the same answers to representative calls.
  const org = inst.orgID;
  const calls: [string, string, (suffix: string) => unknown][] = [
    ['GET', `/api/v2/buckets?orgID=${org}&limit=100`, () => undefined],
    ['POST', '/api/v2/buckets', (s) => ({ orgID: org, name: `aa-${s}`, retentionRules: [] })],
    ['GET', `/api/v2/dashboards?orgID=${org}`, () => undefined],
    ['POST', '/api/v2/dashboards', (s) => ({ orgID: org, name: `dash-${s}` })],
    [
      'POST',
      '/api/v2/variables',
      (s) => ({ orgID: org, name: `var_${s.replace(/-/g, '_')}`, arguments: { type: 'constant', values: ['a'] } }),
    ],
    ['GET', `/api/v2/orgs/${org}`, () => undefined],
    ['PATCH', `/api/v2/orgs/${org}`, () => ({ description: 'changed by e2e' })],
    ['POST', '/api/v2/orgs', (s) => ({ name: `org-${s}` })],
    ['GET', '/api/v2/me', () => undefined],
    ['GET', `/api/v2/users/${inst.operatorUserID}`, () => undefined],
    ['GET', `/api/v2/authorizations?orgID=${org}`, () => undefined],
    [
      'POST',
      '/api/v2/authorizations',
      (s) => ({ orgID: org, description: `child-${s}`, permissions: [{ action: 'read', resource: { type: 'buckets', orgID: org } }] }),
    ],
    ['GET', `/api/v2/orgs/${org}/secrets`, () => undefined],
  ];
  for (const [method, path, body] of calls) {
    const statuses: number[] = [];
    for (const [who, token] of [
      ['ours', ours],
      ['ref', reference],
    ] as const) {
      const b = body(`${who}-${Date.now().toString(36)}`);
      const res = await influxFetch(inst, token, path, { method, ...(b === undefined ? {} : { body: JSON.stringify(b) }) });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses[0], `${method} ${path}`).toBe(statuses[1]);
  }
  expect(await writeLine(inst, ours, stack.influx.bucket, 'e2e v=1')).toBe(204);
  expect(await queryBucket(inst, ours, stack.influx.bucket)).toBe(200);
  await context.close();
});

test('specific Telegraf configurations are picked by search; the CLI preview says it cannot express them', async ({ browser, stack }) => {
  const inst = influxOf(stack);
  const name = uniq('e2e-telegraf');
  const tg = await createTelegraf(inst, name);
  const context = await contextAs(browser, stack, 'creator');
  const page = await context.newPage();
  const description = uniq('e2e telegraf reader');
  await page.goto(MINT_PAGE);
  await page.getByLabel('Description').fill(description);
  await page.getByLabel('Inactive (refused until activated)').check();
  await pickItem(page, 'telegrafs', name);
  await expect(page.getByTestId('preview-cli-missing')).toContainText('the CLI can pick single items only for buckets');
  await expect
    .poll(async () => JSON.parse((await page.getByTestId('preview-json').textContent()) ?? '{}').permissions)
    .toEqual([{ action: 'read', resource: { type: 'telegrafs', id: tg.id, orgID: inst.orgID } }]);
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByTestId('review-grants')).toHaveText(new RegExp(`Read Telegraf configuration ${name}`));
  await expect(page.getByText('Inactive: InfluxDB refuses it until someone activates it')).toBeVisible();
  const token = await createAndReadToken(page);
  await finishDialog(page);
  const [stored] = await authorizationsDescribed(stack.influx, description);
  expect(stored).toMatchObject({ status: 'inactive' });
  // An inactive token is refused by influxd even for what it holds.
  const res = await influxFetch(inst, token, `/api/v2/telegrafs/${tg.id}`);
  expect(res.status).toBe(401);
  await context.close();
});

test('the builder validates with the shared schema before review', async ({ browser, stack }) => {
  const context = await contextAs(browser, stack, 'creator');
  const page = await context.newPage();
  await page.goto(MINT_PAGE);
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText('Describe what the token is for.')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Choose at least one permission.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Review the token' })).toHaveCount(0);
  // The filter narrows the rows; select-all ticks only what is shown.
  await page.getByPlaceholder('Filter resource types').fill('dash');
  await expect(page.getByRole('rowheader')).toHaveCount(1);
  await page.getByLabel(/^Read: select all shown/).check();
  await page.getByPlaceholder('Filter resource types').fill('');
  await expect(page.getByLabel('Read dashboards')).toBeChecked();
  await expect(page.getByLabel('Read buckets')).not.toBeChecked();
  await page.getByLabel('Description').fill('x');
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByTestId('review-grants')).toHaveText(/Read every dashboard in org acme/);
  await context.close();
});
