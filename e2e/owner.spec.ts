// Tokens owned by another InfluxDB user, end to end: an admin chooses (or creates) the owner in the
// builder, mints, and influxd is then asked who owns the token and what it can do with it.
import { join } from 'node:path';
import { CHOOSE_OWNER_FIRST } from '../lib/permissions/cli-command';
import { influxFetch, queryBucket, writeLine } from '../scripts/influxd/harness';
import {
  authorizationsDescribed,
  getAuthorization,
  operatorRequest,
  userNamed,
  usersNamed,
  type OperatorTarget,
  type User,
} from '../scripts/influxd/operator';
import { callAction } from './support/console-http';
import {
  contextAs,
  createAndReadToken,
  finishDialog,
  influxOf,
  MINT_PAGE,
  mintActionId,
  pickItem,
  sessionCookie,
  uniq,
} from './support/mint';
import { chooseExistingOwner, chooseNewOwner, chooseOtherOwner } from './support/owner';
import { expect, test } from './support/test';

const SHOTS = join(__dirname, 'screenshots');

/** What influxd says about one authorization, and the permissions as "action:type/id". */
async function stored(inst: OperatorTarget, id: string) {
  const r = await getAuthorization(inst, id);
  expect(r.status).toBe(200);
  const perms = r.body.permissions.map((p) => `${p.action}:${p.resource.type}/${p.resource.id ?? `*@${p.resource.orgID}`}`);
  return { userID: r.body.userID, user: r.body.user, perms };
}

test('an admin mints for a new user iot_user_1: influxd reports it as the owner, and the token does exactly what was granted', async ({
  browser,
  stack,
}) => {
  const inst = influxOf(stack);
  expect(await userNamed(stack.influx, 'iot_user_1')).toBeUndefined();
  const context = await contextAs(browser, stack, 'admin', { viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  const description = uniq('e2e iot_user_1 reader');
  await page.goto(MINT_PAGE);
  await page.getByLabel('Description').fill(description);

  await pickItem(page, 'buckets', stack.influx.bucket);
  // Until a user is picked, the shell preview has nothing runnable to offer.
  await chooseOtherOwner(page);
  await expect(page.getByTestId('preview-cli')).toHaveText(CHOOSE_OWNER_FIRST);
  await chooseNewOwner(page, 'iot_user_1');
  // The CLI needs the user first (influx auth create --user looks it up by name), created as the
  // console does: with curl, since influx user create would also make it an org member.
  await expect(page.getByTestId('preview-cli')).toContainText(`curl -sS -X POST ${stack.influx.url}/api/v2/users `);
  await expect(page.getByTestId('preview-cli')).toContainText(`-d '{"name":"iot_user_1"}'`);
  await expect(page.getByTestId('preview-cli')).not.toContainText('influx user create --');
  await expect(page.getByTestId('preview-cli')).toContainText(
    `influx auth create --host ${stack.influx.url} --org-id ${stack.influx.orgID} --user iot_user_1`,
  );
  await page.getByLabel('Read users').check();
  // The matrix and the preview speak of the chosen user, not the console's.
  await expect(page.getByTestId('row-users')).toContainText('Only the token’s own user (iot_user_1)');
  await expect(page.getByTestId('preview-new-user')).toContainText('POST /api/v2/users {"name":"iot_user_1"}');
  await expect(page.getByTestId('preview-json')).toContainText('"userID": "<id of new user iot_user_1>"');
  await page.getByTestId('owner-section').screenshot({ path: join(SHOTS, 'owner-section-new-user.png') });

  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByTestId('review-owner')).toHaveText('iot_user_1 (a new InfluxDB user, created with the token)');
  await expect(page.getByTestId('review-grants')).toContainText('Read its own user (iot_user_1)');
  const token = await createAndReadToken(page);
  await finishDialog(page);
  await expect(page.getByText(/owned by iot_user_1 \(a new InfluxDB user, created for it\)/)).toBeVisible();

  const user = await userNamed(stack.influx, 'iot_user_1');
  expect(user).toBeDefined();
  const [auth] = await authorizationsDescribed(stack.influx, description);
  const s = await stored(stack.influx, auth!.id);
  expect({ userID: s.userID, user: s.user }).toEqual({ userID: user!.id, user: 'iot_user_1' });
  expect(s.perms).toEqual([`read:buckets/${stack.influx.bucketID}`, `read:users/${user!.id}`]);
  // Exactly that: read the bucket, read itself; nothing else.
  expect(await queryBucket(inst, token, stack.influx.bucket)).toBe(200);
  expect(await writeLine(inst, token, stack.influx.bucket, 'e2e v=1')).not.toBe(204);
  const me = await influxFetch(inst, token, '/api/v2/me');
  expect((await me.json()).name).toBe('iot_user_1');
  expect((await influxFetch(inst, token, `/api/v2/users/${stack.influx.operatorUserID}`)).status).toBe(401);
  expect((await influxFetch(inst, token, `/api/v2/orgs/${stack.influx.orgID}`)).status).toBe(401);
  // Lists are filtered rather than refused: it sees exactly the one bucket it was granted.
  const buckets = await (await influxFetch(inst, token, `/api/v2/buckets?orgID=${stack.influx.orgID}`)).json();
  expect(buckets.buckets.map((b: { id: string }) => b.id)).toEqual([stack.influx.bucketID]);
  await context.close();
});

test('the same for an existing user, found by searching its name', async ({ browser, stack }) => {
  const inst = influxOf(stack);
  const name = uniq('field_team').replace(/-/g, '_');
  const created = await operatorRequest<User>(stack.influx, 'POST', '/api/v2/users', { name });
  expect(created.status).toBe(201);
  const context = await contextAs(browser, stack, 'admin');
  const page = await context.newPage();
  const description = uniq('e2e existing owner');
  await page.goto(MINT_PAGE);
  await page.getByLabel('Description').fill(description);
  // Typed in full: a user created a second ago is found by its exact name (the list is cached 10 s).
  await chooseExistingOwner(page, name, name);
  await expect(page.getByTestId('new-user-note')).toHaveCount(0);
  await page.getByLabel('Write buckets').check();
  await expect(page.getByTestId('preview-json')).toContainText(`"userID": "${created.body.id}"`);
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByTestId('review-owner')).toHaveText(`${name} (an existing InfluxDB user)`);
  const token = await createAndReadToken(page);
  await finishDialog(page);

  const [auth] = await authorizationsDescribed(stack.influx, description);
  const s = await stored(stack.influx, auth!.id);
  expect({ userID: s.userID, user: s.user }).toEqual({ userID: created.body.id, user: name });
  expect(s.perms).toEqual([`write:buckets/*@${stack.influx.orgID}`]);
  expect(await writeLine(inst, token, stack.influx.bucket, 'e2e v=1')).toBe(204);
  expect(await queryBucket(inst, token, stack.influx.bucket)).not.toBe(200);
  // No user was created along the way.
  expect(await usersNamed(stack.influx, name)).toHaveLength(1);
  await context.close();
});

test('creators do not get "another user" (admins only by default), in the builder or by posting to the action', async ({
  browser,
  stack,
}) => {
  const context = await contextAs(browser, stack, 'creator');
  const page = await context.newPage();
  await page.goto(MINT_PAGE);
  const other = page.getByRole('radio', { name: /Another InfluxDB user/ });
  await expect(other).toBeDisabled();
  const why = page.getByTestId('other-owner-blocked');
  await expect(why).toContainText('Only admins may create tokens owned by another InfluxDB user (setting CONSOLE_OTHER_OWNER_ROLE)');
  await expect(page.getByRole('radio', { name: /The console’s service user/ })).toBeChecked();
  // The users search route refuses creators too.
  const search = await page.request.get('/api/influx-users?q=iot');
  expect(search.status()).toBe(403);

  const body = {
    formKey: crypto.randomUUID(),
    orgID: stack.influx.orgID,
    description: uniq('e2e creator other owner'),
    status: 'active',
    owner: { kind: 'new', name: 'creator_made_user' },
    grants: [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }],
  };
  const res = await callAction<{ ok: boolean; formError?: string }>(stack.baseURL, MINT_PAGE, mintActionId(), [body], {
    cookie: sessionCookie('creator'),
  });
  expect(res.result).toMatchObject({ ok: false, code: 'forbidden' });
  expect(res.result.formError).toBe(await why.textContent());
  expect(await userNamed(stack.influx, 'creator_made_user')).toBeUndefined();
  expect(await authorizationsDescribed(stack.influx, body.description)).toHaveLength(0);
  await context.close();
});

test('Settings shows what the console’s credential can do, read from its own authorization, and how to create it', async ({
  browser,
  stack,
}) => {
  const context = await contextAs(browser, stack, 'viewer', { viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto('/settings');
  const caps = page.getByTestId('credential-capabilities');
  await expect(caps).toHaveAttribute('data-source', 'own-authorization');
  await expect(caps).toContainText(`INFLUX_TOKEN_ID ${stack.influx.consoleTokenID}`);
  for (const key of ['read-users', 'write-users', 'mint-in-org', 'mint-for-others']) {
    await expect(page.getByTestId(`capability-${key}`).first()).toHaveAttribute('data-state', 'yes');
  }
  const holdings = page.getByTestId('credential-holdings');
  await expect(holdings.getByRole('row').filter({ hasText: 'Buckets' })).toContainText('all in acme');
  await expect(holdings.getByRole('row').filter({ hasText: 'Users' })).toContainText('all, every org');
  await expect(page.getByTestId('setup-cli')).toContainText(
    `influx user create --host ${stack.influx.url} --token "$INFLUX_OPERATOR_TOKEN" --org-id ${stack.influx.orgID} --name token-console`,
  );
  await expect(page.getByTestId('setup-curl')).toContainText(`/api/v2/authorizations`);
  await expect(page.getByTestId('credential-guidance')).toContainText('403 User is inactive');
  // The credential itself is never on the page.
  expect(await page.content()).not.toContain(stack.influx.consoleToken);
  await page.screenshot({ path: join(SHOTS, 'settings.png'), fullPage: true });
  await context.close();
});
