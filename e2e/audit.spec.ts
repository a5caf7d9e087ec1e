// The Audit page, its export and the token page's history, against the production build: filters
// in the URL, paging, permissions in words, bad filters, refusals and sign-ins in the trail, CSV
// and JSON Lines exports (admins only, streamed), and who minted a token.
import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { insertAuditRows } from './support/audit-rows';
import { ROOT } from './support/console-server';
import { authorizationsDescribed, createToken } from '../scripts/influxd/operator';
import { finishDialog, mintSimple, sessionCookie, uniq } from './support/mint';
import { trySignIn } from './support/sign-in';
import { actionIds, postAction } from './support/server-actions';
import { RESPONSES_DIR, expect, pageAs, test } from './support/test';

const rows = (page: Page) => page.getByTestId('audit-row');

test('a viewer filters the trail in the URL, pages through it and reads permissions in words', async ({ browser, stack }) => {
  const who = uniq('auditor');
  const bucket = 'b0b0b0b0b0b0b0b0';
  await insertAuditRows(
    stack.consoleDataDir,
    Array.from({ length: 60 }, (_, i) => ({
      actor_id: `local:${who}`,
      actor_name: who,
      action: i % 3 === 0 ? 'token.deactivate' : 'token.describe',
      authorization_id: 'a0a0a0a0a0a0a0a0',
      detail: {
        n: i,
        permissions: [
          `write buckets ${bucket} org ${stack.influx.orgID}`,
          { action: 'read', type: 'dashboards', orgID: stack.influx.orgID },
          'something odd',
        ],
      },
    })),
  );
  const page = await pageAs(browser, 'viewer');
  await page.goto('/audit');
  await page.getByLabel('Person (id, name or email)').fill(who);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(new RegExp(`person=${who}`));
  await expect(rows(page)).toHaveCount(50);
  await page.getByRole('link', { name: 'Older entries' }).click();
  await expect(page).toHaveURL(new RegExp(`person=${who}.*before=\\d+`));
  await expect(rows(page)).toHaveCount(10);
  await expect(page.getByRole('link', { name: 'Older entries' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Newest' }).click();
  await expect(rows(page)).toHaveCount(50);

  await page.getByLabel('Action').selectOption('token.deactivate');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=token.deactivate/);
  await expect(rows(page)).toHaveCount(20);
  const first = rows(page).first();
  await expect(first).toContainText('Deactivated token');
  await expect(first.getByTestId('audit-permissions')).toContainText(`Write to bucket ${bucket}`);
  await expect(first.getByTestId('audit-permissions')).toContainText(`Read every dashboard in org ${stack.influx.orgID}`);
  await expect(first.getByTestId('audit-permissions')).toContainText('something odd');
  // The stored JSON is behind a disclosure.
  const json = first.locator('details pre');
  await expect(json).toBeHidden();
  await first.getByText('Recorded details').click();
  await expect(json).toBeVisible();
  await expect(json).toContainText('"n": 57');

  // A viewer is not offered the export.
  await expect(page.getByTestId('audit-export')).toHaveCount(0);
  await page.context().close();
});

test('a bad filter gets a clear message and no rows, not an error page', async ({ browser }) => {
  const page = await pageAs(browser, 'viewer');
  const res = await page.goto('/audit?action=token.steal&from=2026-02-30&token=zz');
  expect(res?.status()).toBe(200);
  const problems = page.getByTestId('audit-filter-problems');
  await expect(problems).toContainText('“token.steal” is not an action');
  await expect(problems).toContainText('“2026-02-30” is not a date');
  await expect(problems).toContainText('“zz” is not a token id');
  await expect(rows(page)).toHaveCount(0);
  await expect(page.getByTestId('audit-empty')).toContainText('No entries match');
  await page.context().close();
});

test('sign-ins and refusals by role are in the trail', async ({ browser, stack }) => {
  const page = await pageAs(browser, 'viewer');
  // The sign-ins of auth.setup.ts.
  await page.goto('/audit?person=local%3Avi-viewer&action=auth.signin&outcome=success');
  await expect(rows(page).first()).toContainText('Signed in');
  await expect(rows(page).first()).toContainText('vi-viewer');

  // A viewer calling an action only creators may use (the UI does not offer it).
  const reply = await postAction(page.request, stack.baseURL, actionIds().editDescription!, [
    { id: 'a0a0a0a0a0a0a0a1', description: 'nope' },
  ]);
  expect(reply.result).toMatchObject({ ok: false, code: 'forbidden' });
  await page.goto('/audit?person=local%3Avi-viewer&outcome=refused');
  await expect(rows(page).first()).toContainText('tokens.describe');
  await expect(rows(page).first()).toContainText('refused');
  await page.context().close();

  // A wrong password, under a username that does not exist: recorded by tag, never as typed.
  const typed = uniq('Secret-typed-as-username');
  const attempt = await trySignIn(stack.baseURL, typed, 'not-the-password-123', { 'X-Forwarded-For': '198.51.100.77' });
  expect(attempt.ok).toBe(false);
  const admin = await pageAs(browser, 'admin');
  await admin.goto('/audit?action=auth.signin&outcome=failure&person=unknown+user');
  await expect(rows(admin).first()).toContainText('unknown user');
  const csv = await (await admin.request.get('/api/audit/export?format=csv&action=auth.signin')).text();
  expect(csv).toContain('usernameTag');
  expect(csv).not.toContain(typed);
  await admin.context().close();
});

test('a sign-out is in the trail', async ({ browser }) => {
  const page = await pageAs(browser, 'creator');
  await page.goto('/tokens');
  const since = new Date(Date.now() - 1000).toISOString().slice(0, 19);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.context().close();
  const admin = await pageAs(browser, 'admin');
  await admin.goto(`/audit?person=local%3Acy-creator&action=auth.signout&from=${since}`);
  await expect(rows(admin).first()).toContainText('Signed out');
  await expect(rows(admin).first()).toContainText('cy-creator');
  await admin.context().close();
});

test('an admin exports a filtered range as CSV and JSON Lines; others may not', async ({ browser, stack }) => {
  const who = uniq('exporter');
  await insertAuditRows(stack.consoleDataDir, [
    {
      actor_id: `local:${who}`,
      actor_name: `${who}, "quoted"`,
      action: 'token.describe',
      at: '2020-01-01T10:00:00.000Z',
      detail: { description: 'a,b\n"c"' },
    },
    { actor_id: `local:${who}`, actor_name: who, action: 'token.describe', at: '2020-01-02T10:00:00.000Z', outcome: 'failure' },
    { actor_id: `local:${who}`, actor_name: who, action: 'token.describe', at: '2020-01-05T10:00:00.000Z' },
  ]);
  const admin = await pageAs(browser, 'admin');
  await admin.goto(`/audit?person=local%3A${who}&from=2020-01-01&to=2020-01-02`);
  await expect(rows(admin)).toHaveCount(2);
  const link = admin.getByTestId('audit-export').getByRole('link', { name: 'CSV' });
  await expect(link).toHaveAttribute('href', `/api/audit/export?person=local%3A${who}&from=2020-01-01&to=2020-01-02&format=csv`);

  const res = await admin.request.get((await link.getAttribute('href'))!);
  expect(res.status()).toBe(200);
  const today = new Date().toISOString().slice(0, 10);
  expect(res.headers()['content-disposition']).toBe(`attachment; filename="audit-${today}.csv"`);
  expect(res.headers()['cache-control']).toBe('no-store');
  expect(res.headers()['content-type']).toMatch(/^text\/csv/);
  const csv = await res.text();
  writeFileSync(join(RESPONSES_DIR, `audit-export-${who}.csv`), csv);
  const records = csv.split(/\r\n(?=\d+,|$)/).filter(Boolean);
  expect(records).toHaveLength(3); // header + the two rows in range
  expect(records[1]).toContain(`"${who}, ""quoted"""`);
  expect(records[1]).toContain('"{""description"":""a,b\\n\\""c\\""""}"');
  expect(records[2]).toContain(',failure,');

  const jsonl = await (await admin.request.get(`/api/audit/export?format=jsonl&person=local%3A${who}&outcome=failure`)).text();
  expect(
    jsonl
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).at),
  ).toEqual(['2020-01-02T10:00:00.000Z']);

  const bad = await admin.request.get('/api/audit/export?format=csv&action=token.steal');
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toContain('“token.steal” is not an action');
  expect((await admin.request.get('/api/audit/export?format=xml')).status()).toBe(400);
  await admin.context().close();

  for (const role of ['viewer', 'creator'] as const) {
    const page = await pageAs(browser, role);
    const refused = await page.request.get('/api/audit/export?format=csv');
    expect(refused.status()).toBe(403);
    expect(await refused.text()).not.toContain('token.describe');
    await page.context().close();
  }
});

test('an export of a large range streams in chunks and is complete', async ({ stack }) => {
  const who = uniq('bulk');
  await insertAuditRows(
    stack.consoleDataDir,
    Array.from({ length: 20_000 }, (_, i) => ({ actor_id: `local:${who}`, actor_name: who, request_id: `${who}-${i}` })),
  );
  const url = new URL(`/api/audit/export?format=jsonl&person=local%3A${who}`, stack.baseURL);
  const { headers, chunks, body } = await new Promise<{ headers: Record<string, unknown>; chunks: number; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(url, { headers: { Cookie: sessionCookie('admin') } }, (res) => {
        let n = 0;
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          n++;
          parts.push(c);
        });
        res.on('end', () => resolve({ headers: res.headers, chunks: n, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    },
  );
  expect(headers['transfer-encoding']).toBe('chunked');
  expect(headers['content-length']).toBeUndefined();
  expect(chunks).toBeGreaterThan(1);
  const lines = body.trimEnd().split('\n');
  expect(lines).toHaveLength(20_000);
  expect(JSON.parse(lines[0]!).request_id).toBe(`${who}-0`);
  expect(JSON.parse(lines.at(-1)!).request_id).toBe(`${who}-19999`);
});

test('the token page says who minted a token and shows its history', async ({ browser, stack }) => {
  const description = uniq('audit-minted');
  const page = await pageAs(browser, 'creator');
  const token = await mintSimple(page, description);
  await finishDialog(page);
  const minted = (await authorizationsDescribed(stack.influx, description))[0]!;
  await page.goto(`/tokens/${minted.id}`);
  await expect(page.getByTestId('minted-by')).toContainText('Minted by cy-creator (local:cy-creator)');
  await expect(page.getByTestId('audit-row').first()).toContainText('Created token');
  const text = await page.content();
  expect(text).not.toContain(token);

  const outside = await createToken(stack.influx, {
    description: uniq('audit-outside'),
    permissions: [{ action: 'read', resource: { type: 'dashboards', orgID: stack.influx.orgID } }],
  });
  await page.goto(`/tokens/${outside.id}`);
  await expect(page.getByTestId('minted-by')).toHaveText('Minted by outside the console');

  // The inventory: a "Minted by" column and filter from the same trail rows.
  const listRow = (id: string) => page.locator(`[data-testid="token-row"][data-token-id="${id}"]`);
  await page.goto(`/tokens?q=${description}`);
  await page.getByRole('button', { name: 'Reload from InfluxDB' }).click();
  await expect(page.getByRole('button', { name: 'Reload from InfluxDB' })).toBeEnabled();
  await expect(listRow(minted.id).getByTestId('row-minted-by')).toHaveText('cy-creator');
  await page.getByLabel('Minted by').selectOption({ label: 'cy-creator' });
  await expect(page).toHaveURL(/minted=local%3Acy-creator/);
  await expect(listRow(minted.id)).toBeVisible();
  await page.getByLabel('Minted by').selectOption({ label: 'Outside the console' });
  await expect(page).toHaveURL(/minted=outside/);
  await expect(listRow(minted.id)).toHaveCount(0);
  await page.goto(`/tokens?minted=outside&q=${outside.description}`);
  await expect(listRow(outside.id).getByTestId('row-minted-by')).toHaveText('outside the console');
  await page.goto(`/tokens?minted=local%3Acy-creator&q=${outside.description}`);
  await expect(listRow(outside.id)).toHaveCount(0);

  // The Audit page's organisation filter: the mint is a row about the connection's org.
  await page.goto(`/audit?token=${minted.id}&org=${stack.influx.orgID}`);
  await expect(page.getByTestId('audit-row').first()).toContainText('Created token');
  await page.goto(`/audit?token=${minted.id}&org=00000000000000ff`);
  await expect(page.getByTestId('audit-empty')).toBeVisible();
  await page.goto(`/audit?org=acme`);
  await expect(page.getByTestId('audit-filter-problems')).toContainText('“acme” is not an organisation id');
  await page.context().close();

  const admin = await pageAs(browser, 'admin');
  const all = await (await admin.request.get(`/api/audit/export?format=jsonl&token=${minted.id}`)).text();
  expect(all).toContain('token.create');
  expect(all).not.toContain(token);
  await admin.context().close();
});

test('the trail the running console wrote verifies with npm run audit:verify', async ({ browser, stack }) => {
  // The console process wrote the sign-ins of auth.setup.ts and the other specs' mints and
  // refusals, interleaved with the rows this spec chained in directly: one chain all the same.
  const page = await pageAs(browser, 'viewer');
  await page.goto('/audit');
  const out = execFileSync('npm', ['run', '-s', 'audit:verify'], {
    cwd: ROOT,
    env: { ...process.env, CONSOLE_DATA_DIR: stack.consoleDataDir },
    encoding: 'utf8',
  });
  expect(out).toMatch(/Audit trail intact: \d+ rows verified/);
  expect(Number(/intact: (\d+)/.exec(out)![1])).toBeGreaterThan(3);
  await page.context().close();
});
