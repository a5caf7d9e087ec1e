// Permission templates end to end: an admin creates and versions a template in the UI; a creator
// browses it but cannot change it, not even by posting to the actions directly; templates live in
// the console's own database, so they survive a restart and two consoles on one data folder share
// them; templates from the configuration file are read-only.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteFile } from '../lib/storage/open-sqlite';
import type { SqlValue } from '../lib/storage/sql';
import { TEST_USERS, consoleEnv, freePort, startConsole, type RunningConsole } from './support/console-server';
import { actionId, postAction } from './support/server-actions';
import { newSignedInPage } from './support/sign-in';
import { stack as stackInfo } from './support/stack';
import { expect, pageAs, storageStateFor, test } from './support/test';

const pageAsBase = () => stackInfo().baseURL;

test.describe.configure({ mode: 'serial' });

const ACTIONS = 'app/(console)/templates/actions.ts';
const run = Date.now().toString(36);
const slug = `telegraf-writer-${run}`;

async function readDb<T>(dataDir: string, text: string, ...params: SqlValue[]): Promise<T[]> {
  const sql = openSqliteFile(join(dataDir, 'console.sqlite'), { readonly: true });
  try {
    return await sql.all<T>(text, params);
  } finally {
    await sql.close();
  }
}

test('an admin creates a template in the UI, then edits it into version 2', async ({ browser, stack }) => {
  const page = await pageAs(browser, 'admin');
  await page.goto('/templates');
  await page.getByRole('link', { name: 'New template' }).click();
  await expect(page.getByRole('heading', { name: 'New template' })).toBeVisible();

  await page.getByLabel('Name (used in links)').fill(slug);
  await page.getByLabel('Title').fill('Telegraf writer');
  await page.getByLabel('Purpose').fill('Telegraf agents writing to the telemetry bucket.');
  await page.getByLabel('Token description (optional)').fill('Telegraf on edge host');
  await page.getByLabel('Permissions, one per line').fill('write:buckets/telemetry\nread:buckets/telemetry');
  // The helper appends a line in the grammar.
  await page.getByLabel('Action').selectOption('read');
  await page.getByLabel('Resource type').selectOption('dashboards');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByLabel('Permissions, one per line')).toHaveValue(
    'write:buckets/telemetry\nread:buckets/telemetry\nread:dashboards',
  );
  await page.getByLabel('Creators and admins').check();
  await page.getByLabel('Notes (optional)').fill('One token per host.');

  // The preview says it in plain words while typing.
  const preview = page.getByRole('complementary');
  await expect(preview.getByText('Write to bucket telemetry')).toBeVisible();
  await expect(preview.getByText('Read every dashboard in org acme')).toBeVisible();

  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(page).toHaveURL(new RegExp(`/templates/${slug}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Telegraf writer' })).toBeVisible();
  await expect(page.getByTestId('version-row')).toHaveCount(1);
  await expect(page.getByText('Everything in this version applies.')).toBeVisible();

  // Edit: every save is a new version; the latest is the default.
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page.getByLabel('Name (used in links)')).toHaveValue(slug);
  await page.getByLabel('Title').fill('Telegraf writer (with tokens)');
  const perms = page.getByLabel('Permissions, one per line');
  await perms.fill(`${await perms.inputValue()}\nwrite:authorizations\nread:buckets/no-such-bucket`);
  // A sensitive grant in a template for creators is pointed out before saving.
  await expect(page.getByRole('note').filter({ hasText: 'creators who use this template will see write:authorizations' })).toBeVisible();
  await page.getByRole('button', { name: 'Save as version 2' }).click();
  await expect(page).toHaveURL(new RegExp(`/templates/${slug}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Telegraf writer (with tokens)' })).toBeVisible();
  await expect(page.getByTestId('version-row')).toHaveCount(2);
  await expect(page.getByTestId('sensitive-flag')).toContainText('can create, change and delete API tokens');
  // Checked against the real influxd: the unknown bucket is reported for this admin.
  await expect(page.getByTestId('not-applied-item')).toHaveText([
    'p=read:buckets/no-such-bucket no bucket named “no-such-bucket” in org acme',
  ]);

  // Version 1 is still there as it was.
  await page.getByRole('link', { name: 'View v1' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Telegraf writer' })).toBeVisible();
  await expect(page.getByText('You are looking at version 1.')).toBeVisible();

  // Both changes are in the audit trail, by this admin, with the template and version.
  const audit = (
    await readDb<{ action: string; actor_id: string; detail: string }>(
      stack.consoleDataDir,
      "SELECT action, actor_id, detail FROM audit_events WHERE action LIKE 'template.%' ORDER BY id",
    )
  ).filter((a) => (JSON.parse(a.detail) as { template?: string }).template === slug);
  expect(audit.map((a) => [a.action, a.actor_id, JSON.parse(a.detail).version])).toEqual([
    ['template.create', `local:${TEST_USERS.admin.username}`, 1],
    ['template.update', `local:${TEST_USERS.admin.username}`, 2],
  ]);
  await page.context().close();
});

test('a creator sees the template in the gallery but cannot change it, not even by posting to the actions', async ({ browser, stack }) => {
  const page = await pageAs(browser, 'creator');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseURL });
  await page.goto(`/templates?q=${encodeURIComponent(slug)}`);
  const card = page.getByTestId('template-card').filter({ hasText: slug });
  await expect(card).toHaveCount(1);
  await expect(card.getByRole('heading', { name: 'Telegraf writer (with tokens)' })).toBeVisible();
  await expect(card.getByText('Write to bucket telemetry')).toBeVisible();
  await expect(card.getByTestId('sensitive-flag')).toHaveCount(1);
  await expect(card.getByRole('link', { name: 'Use template' })).toHaveAttribute('href', `/tokens/new?template=${slug}`);
  await card.getByRole('button', { name: 'Copy link' }).click();
  await expect(card.getByRole('status')).toHaveText('Link copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${stack.baseURL}/tokens/new?template=${slug}`);
  await expect(page.getByRole('link', { name: 'New template' })).toHaveCount(0);

  // The detail page: no edit or delete, a pinned link per version, and what this creator would not get.
  await card.getByRole('link', { name: 'Details and versions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Telegraf writer (with tokens)' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);
  await expect(page.getByTestId('not-applied-item').filter({ hasText: 'p=write:authorizations' })).toContainText(
    'only admins may grant this',
  );
  await page.getByRole('link', { name: 'View v1' }).click();
  await expect(page.getByRole('link', { name: 'Use version 1' })).toHaveAttribute('href', `/tokens/new?template=${slug}&version=1`);
  await page.goto(`/templates/${slug}/edit`);
  await expect(page).toHaveURL(/\/denied/);
  await page.goto('/templates/new');
  await expect(page).toHaveURL(/\/denied/);

  // Straight to the endpoints, as a script would: refused by role on the server.
  const content = { title: 'hijacked', purpose: '', notes: '', description: '', permissions: 'write:authorizations', audience: 'creators' };
  const calls = [
    { name: 'updateTemplate', path: '/templates/new', args: [{ slug, baseVersion: 2, ...content }] },
    { name: 'deleteTemplate', path: `/templates/${slug}`, args: [{ slug }] },
    { name: 'createTemplate', path: '/templates/new', args: [{ slug: `${slug}-creator`, ...content }] },
  ];
  for (const c of calls) {
    const res = await postAction(page.request, stack.baseURL, actionId(ACTIONS, c.name), c.args, { path: c.path });
    expect(res.status, c.name).toBe(200);
    expect(res.text, c.name).toContain('"code":"forbidden"');
    expect(res.text, c.name).toContain('Only admins may');
  }
  // Without an Origin header, or from another site, even an admin's session is refused.
  const admin = await pageAs(browser, 'admin');
  for (const origin of [null, 'https://evil.example']) {
    const res = await postAction(admin.request, stack.baseURL, actionId(ACTIONS, 'deleteTemplate'), [{ slug }], {
      path: `/templates/${slug}`,
      origin,
    });
    // No Origin: Next lets it through and the console's own guard refuses it. A foreign Origin:
    // Next itself refuses before the action runs (an error row in the RSC answer), or the guard does.
    if (origin === null) expect(res.text).toContain('"code":"bad-origin"');
    else expect(res.text).toMatch(/"code":"bad-origin"|^1:E\{"digest"/m);
    expect(res.text).not.toContain('"ok":true');
  }
  await admin.context().close();

  // Nothing changed.
  const rows = await readDb<{ version: number; title: string }>(
    stack.consoleDataDir,
    'SELECT version, title FROM template_versions WHERE slug LIKE ? ORDER BY version',
    `${slug}%`,
  );
  expect(rows).toEqual([
    { version: 1, title: 'Telegraf writer' },
    { version: 2, title: 'Telegraf writer (with tokens)' },
  ]);
  expect(await readDb(stack.consoleDataDir, 'SELECT 1 FROM templates WHERE slug = ? AND deleted_at IS NULL', slug)).toHaveLength(1);
  await page.context().close();
});

test('a viewer can browse the gallery but is not offered to use templates', async ({ browser }) => {
  const page = await pageAs(browser, 'viewer');
  await page.goto(`/templates?q=${encodeURIComponent(slug)}`);
  const card = page.getByTestId('template-card').filter({ hasText: slug });
  await expect(card).toHaveCount(1);
  await expect(card.getByRole('link', { name: 'Use template' })).toHaveCount(0);
  await expect(page.getByText('You are signed in as a viewer')).toBeVisible();
  await page.context().close();
});

test('templates survive a restart, two consoles on one data folder share them, and file templates are read-only', async ({
  browser,
  stack,
}) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'itc-e2e-second-'));
  const templatesFile = join(dir, 'templates.json');
  writeFileSync(
    templatesFile,
    JSON.stringify({
      templates: [
        {
          slug: `ops-reader-${run}`,
          version: 4,
          title: 'Ops reader (from git)',
          purpose: 'Read-only access for the ops wall screen.',
          permissions: ['read:buckets/telemetry', 'read:dashboards'],
          roles: ['creator', 'admin'],
          updatedBy: 'ops@acme.test',
        },
      ],
    }),
  );
  const second = (name: string, extra: Record<string, string> = {}) => {
    const sub = join(dir, name);
    mkdirSync(sub, { recursive: true });
    return freePort().then(async (port) => {
      const baseURL = `http://127.0.0.1:${port}`;
      const env = consoleEnv({
        influx: stack.influx,
        baseURL,
        dir: sub,
        usersFile: stack.usersFile,
        // The same data folder as the main console: one SQLite file, two processes.
        extra: { CONSOLE_DATA_DIR: stack.consoleDataDir, ...extra },
      });
      return startConsole(env, port, sub);
    });
  };

  let other: RunningConsole | undefined;
  try {
    other = await second('b', { CONSOLE_TEMPLATES_FILE: templatesFile });
    const b = await newSignedInPage(browser, other.baseURL, 'admin');

    // B sees what A saved, at its latest version.
    await b.goto(`/templates?q=${encodeURIComponent(slug)}`);
    const fromA = b.getByTestId('template-card').filter({ hasText: slug });
    await expect(fromA.getByRole('heading', { name: 'Telegraf writer (with tokens)' })).toBeVisible();
    await expect(fromA.getByText('v2', { exact: true })).toBeVisible();

    // The file template is marked, and has no edit or delete, for an admin too.
    await b.goto(`/templates?q=ops-reader-${run}`);
    const fileCard = b.getByTestId('template-card').filter({ hasText: 'Ops reader (from git)' });
    await expect(fileCard.getByTestId('source-file')).toHaveText('Configuration file · read-only');
    await expect(fileCard.getByText('v4', { exact: true })).toBeVisible();
    await fileCard.getByRole('link', { name: 'Details and versions' }).click();
    await expect(b.getByRole('heading', { level: 1, name: 'Ops reader (from git)' })).toBeVisible();
    await expect(b.getByText('by ops@acme.test').first()).toBeVisible();
    await expect(b.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
    await expect(b.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);
    const del = await postAction(b.request, other.baseURL, actionId(ACTIONS, 'deleteTemplate'), [{ slug: `ops-reader-${run}` }], {
      path: `/templates/ops-reader-${run}`,
    });
    expect(del.text).toContain('"code":"forbidden"');
    expect(del.text).toContain('configuration file');

    // B creates one; A sees it.
    const shared = `shared-${run}`;
    await b.goto('/templates/new');
    await b.getByLabel('Name (used in links)').fill(shared);
    await b.getByLabel('Title').fill('Made on console B');
    await b.getByLabel('Permissions, one per line').fill('read:tasks');
    await b.getByRole('button', { name: 'Create template' }).click();
    await expect(b).toHaveURL(new RegExp(`/templates/${shared}$`));
    await b.context().close();

    const a = await pageAs(browser, 'creator');
    await a.goto(`/templates?q=${shared}`);
    await expect(a.getByTestId('template-card').filter({ hasText: 'Made on console B' })).toHaveCount(1);
    // A has no templates file: the file's template is not in A's gallery.
    await a.goto(`/templates?q=ops-reader-${run}`);
    await expect(a.getByTestId('template-card')).toHaveCount(0);
    await a.context().close();

    // Restart: a fresh process on the same data folder has everything that was saved.
    await other.stop();
    other = await second('c');
    const c = await newSignedInPage(browser, other.baseURL, 'creator');
    await c.goto(`/templates/${slug}`);
    await expect(c.getByRole('heading', { level: 1, name: 'Telegraf writer (with tokens)' })).toBeVisible();
    await expect(c.getByTestId('version-row')).toHaveCount(2);
    await c.goto(`/templates?q=${shared}`);
    await expect(c.getByTestId('template-card').filter({ hasText: 'Made on console B' })).toHaveCount(1);
    await c.context().close();
  } finally {
    await other?.stop();
  }
});

test('screenshots of the gallery, the editor and a template detail', async ({ browser }) => {
  const dir = join(__dirname, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const context = await browser.newContext({
    baseURL: pageAsBase(),
    storageState: storageStateFor('admin'),
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.goto('/templates');
  await expect(page.getByTestId('template-card').first()).toBeVisible();
  await page.screenshot({ path: join(dir, 'templates-gallery.png'), fullPage: true });

  await page.goto(`/templates/${slug}/edit`);
  const perms = page.getByLabel('Permissions, one per line');
  await perms.fill(`${await perms.inputValue()}\nread:dashboards/main`);
  await expect(page.getByRole('list', { name: 'Problems' })).toBeVisible();
  await page.screenshot({ path: join(dir, 'templates-editor.png'), fullPage: true });

  await page.goto(`/templates/${slug}`);
  await expect(page.getByTestId('version-row')).toHaveCount(2);
  await page.screenshot({ path: join(dir, 'templates-detail.png'), fullPage: true });
  await context.close();
});
