// The mint action as the public POST endpoint it is: called directly with its id from the build
// manifest (Next-Action header, same-origin Origin), bypassing the builder's UI entirely.
import { authorizationsDescribed } from '../scripts/influxd/operator';
import { callAction } from './support/console-http';
import { contextAs, MINT_PAGE, mintActionId, sessionCookie, uniq } from './support/mint';
import { expect, test } from './support/test';

type Result = {
  ok: boolean;
  code?: string;
  formError?: string;
  fieldErrors?: Record<string, string[]>;
  data?: { token: string; id: string };
};

const input = (stack: { influx: { orgID: string } }, over: Record<string, unknown> = {}) => ({
  formKey: crypto.randomUUID(),
  orgID: stack.influx.orgID,
  description: uniq('e2e direct'),
  status: 'active',
  owner: { kind: 'console' },
  grants: [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }],
  confirmSensitive: false,
  ...over,
});
const writeTokens = { grants: [{ type: 'authorizations', action: 'write', scope: { kind: 'all' } }] };

test('a creator cannot mint a flagged grant even by posting to the action directly', async ({ stack }) => {
  const body = input(stack, { ...writeTokens, confirmSensitive: true });
  const res = await callAction<Result>(stack.baseURL, MINT_PAGE, mintActionId(), [body], { cookie: sessionCookie('creator') });
  expect(res.status).toBe(200);
  expect(res.result).toMatchObject({ ok: false, code: 'forbidden' });
  expect(res.result.formError).toMatch(/Only admins may grant write on authorizations/);
  expect(await authorizationsDescribed(stack.influx, body.description)).toHaveLength(0);

  // All access is flagged as a whole, too.
  const types: string[] = ['buckets', 'dashboards'];
  const all = input(stack, {
    grants: types.flatMap((type) => ['read', 'write'].map((action) => ({ type, action, scope: { kind: 'all' } }))),
  });
  const ok = await callAction<Result>(stack.baseURL, MINT_PAGE, mintActionId(), [all], { cookie: sessionCookie('creator') });
  // buckets+dashboards read/write is not all access (other types exist): a creator may mint it.
  expect(ok.result).toMatchObject({ ok: true });
});

test('an admin can mint a flagged grant, but only after confirming', async ({ stack }) => {
  const unconfirmed = input(stack, writeTokens);
  const first = await callAction<Result>(stack.baseURL, MINT_PAGE, mintActionId(), [unconfirmed], { cookie: sessionCookie('admin') });
  expect(first.result).toMatchObject({ ok: false, code: 'invalid-input', fieldErrors: { confirmSensitive: expect.any(Array) } });
  expect(await authorizationsDescribed(stack.influx, unconfirmed.description)).toHaveLength(0);

  const confirmed = { ...unconfirmed, confirmSensitive: true };
  const second = await callAction<Result>(stack.baseURL, MINT_PAGE, mintActionId(), [confirmed], { cookie: sessionCookie('admin') });
  expect(second.result).toMatchObject({ ok: true });
  const stored = await authorizationsDescribed(stack.influx, confirmed.description);
  expect(stored).toHaveLength(1);
  expect(stored[0]!.permissions).toEqual([
    expect.objectContaining({ action: 'write', resource: expect.objectContaining({ type: 'authorizations', orgID: stack.influx.orgID }) }),
  ]);
});

test('in the builder a creator sees flagged cells and the All access preset as admins only', async ({ browser, stack }) => {
  const context = await contextAs(browser, stack, 'creator');
  const page = await context.newPage();
  await page.goto(MINT_PAGE);
  await expect(page.getByLabel('Write API tokens')).toBeDisabled();
  await expect(page.getByLabel('Read secrets')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'All access in this org' })).toBeDisabled();
  await expect(page.getByText('All access is for admins only.')).toBeVisible();
  // Select-all skips what the role may not grant.
  await page.getByLabel(/^Write: select all shown/).check();
  await expect(page.getByLabel('Write buckets')).toBeChecked();
  await expect(page.getByLabel('Write API tokens')).not.toBeChecked();
  await context.close();
});

test('ten concurrent submits of one form mint exactly one token (counted in influxd)', async ({ stack }) => {
  const body = input(stack);
  const cookie = sessionCookie('creator');
  const id = mintActionId();
  const responses = await Promise.all(
    Array.from({ length: 10 }, () => callAction<Result>(stack.baseURL, MINT_PAGE, id, [body], { cookie })),
  );
  const minted = responses.filter((r) => r.result?.ok);
  expect(minted).toHaveLength(1);
  const token = minted[0]!.result.data!.token;
  const others = responses.filter((r) => !r.result?.ok);
  expect(others).toHaveLength(9);
  for (const r of others) {
    expect(r.result).toMatchObject({ ok: false, code: 'conflict' });
    expect(r.raw).not.toContain(token);
  }
  expect(responses.filter((r) => r.raw.includes(token))).toHaveLength(1);
  expect(await authorizationsDescribed(stack.influx, body.description)).toHaveLength(1);

  // Later submits of the same form are told it already made a token, without the value.
  const again = await callAction<Result>(stack.baseURL, MINT_PAGE, id, [body], { cookie });
  expect(again.result.formError).toMatch(/already created a token \(id [0-9a-f]{16}\)/);
  expect(again.raw).not.toContain(token);
});

test('the action refuses no session, foreign and missing origins; its answer is no-store', async ({ stack }) => {
  const id = mintActionId();
  const anon = await callAction<Result>(stack.baseURL, MINT_PAGE, id, [input(stack)]);
  expect(anon.result).toMatchObject({ ok: false, code: 'unauthenticated' });
  const foreign = await callAction<Result>(stack.baseURL, MINT_PAGE, id, [input(stack)], {
    cookie: sessionCookie('creator'),
    origin: 'http://evil.example',
  });
  expect(foreign.result?.ok ?? false).toBe(false);
  const missing = await callAction<Result>(stack.baseURL, MINT_PAGE, id, [input(stack)], {
    cookie: sessionCookie('creator'),
    origin: null,
  });
  expect(missing.result).toMatchObject({ ok: false, code: 'bad-origin' });
  const viewer = await callAction<Result>(stack.baseURL, MINT_PAGE, id, [input(stack)], { cookie: sessionCookie('viewer') });
  expect(viewer.result).toMatchObject({ ok: false, code: 'forbidden' });

  const good = await callAction<Result>(stack.baseURL, MINT_PAGE, id, [input(stack)], { cookie: sessionCookie('creator') });
  expect(good.result).toMatchObject({ ok: true });
  expect(good.headers.get('cache-control')).toMatch(/no-store/);
  // The builder page itself is never cached either.
  const page = await fetch(`${stack.baseURL}${MINT_PAGE}`, { headers: { Cookie: sessionCookie('creator') } });
  expect(page.status).toBe(200);
  expect(page.headers.get('cache-control')).toMatch(/no-store/);
  const search = await fetch(`${stack.baseURL}/api/orgs/${stack.influx.orgID}/buckets?q=tele`, {
    headers: { Cookie: sessionCookie('creator') },
  });
  expect(search.status).toBe(200);
  expect(search.headers.get('cache-control')).toBe('no-store');
  expect((await search.json()).items).toEqual([expect.objectContaining({ name: 'telemetry', system: false })]);
  const viewerSearch = await fetch(`${stack.baseURL}/api/orgs/${stack.influx.orgID}/buckets?q=tele`, {
    headers: { Cookie: sessionCookie('viewer') },
  });
  expect(viewerSearch.status).toBe(403);
});

test('a viewer is sent away from the builder', async ({ browser, stack }) => {
  const context = await contextAs(browser, stack, 'viewer');
  const page = await context.newPage();
  await page.goto(MINT_PAGE);
  await expect(page).toHaveURL(/\/denied/);
  await context.close();
});
