// The token appears once: in one response and in the dialog, then nowhere (DOM after close, Back,
// Forward, reload; storage; cookies; URLs; the console's logs and database). Plus the dialog's
// behaviour: focus, Escape asks first, wiped when the page is hidden or left, .env download.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { contextAs, createAndReadToken, finishDialog, MINT_PAGE, mintSimple, uniq } from './support/mint';
import { recordThroughRoute } from './support/route-recorder';
import { expect, test } from './support/test';

/** Everything script-visible the browser keeps for the page: storage, IndexedDB, history state. */
async function browserState(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dump = (s: Storage) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i)!)]));
    const idb: Record<string, unknown> = {};
    let databases: IDBDatabaseInfo[] = [];
    try {
      databases = await indexedDB.databases();
    } catch (e) {
      // Chromium refuses IndexedDB to some pages (then nothing can be stored there either).
      idb.unavailable = String(e);
    }
    for (const info of databases) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((ok, ko) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => ko(r.error ?? new Error(`IndexedDB ${info.name} did not open`));
      });
      for (const store of Array.from(db.objectStoreNames)) {
        idb[`${info.name}/${store}`] = await new Promise((ok) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => ok(r.result);
          r.onerror = () => ok('unreadable');
        });
      }
      db.close();
    }
    const caches = 'caches' in window ? await window.caches.keys() : [];
    return JSON.stringify({
      local: dump(localStorage),
      session: dump(sessionStorage),
      idb,
      caches,
      history: history.state,
      url: location.href,
    });
  });
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

test('the minted value is in exactly one response and the dialog, and nowhere after close', async ({ browser, stack }) => {
  const context = await contextAs(browser, stack, 'creator');
  // Every response passes through the test on its way to the page, so every byte the browser was
  // given is recorded.
  const recorder = await recordThroughRoute(context);
  const page = await context.newPage();
  const urls: string[] = [];
  page.on('framenavigated', (f) => urls.push(f.url()));
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(m.text()));

  await page.goto('/settings'); // so Back has a page of the console to go to
  const token = await mintSimple(page, uniq('e2e secrecy'));
  await expect(page.getByRole('alertdialog')).toContainText(token);
  await finishDialog(page);
  await expect(page.getByRole('heading', { name: /created$/ })).toBeVisible();

  const inPage = async (where: string) => {
    expect(await page.content(), `DOM ${where}`).not.toContain(token);
    expect(await browserState(page), `storage ${where}`).not.toContain(token);
  };
  await inPage('after close');
  await page.goBack();
  await expect(page).toHaveURL(/\/settings$/);
  await inPage('after Back');
  await page.goForward();
  await expect(page).toHaveURL(new RegExp(`${MINT_PAGE}$`));
  await inPage('after Forward');
  await page.reload();
  await inPage('after reload');
  expect(JSON.stringify(await context.cookies())).not.toContain(token);
  await context.close();

  const seen = recorder.responses.map((r) => ({ ...r, body: r.body.toString('latin1') }));
  expect(seen.length).toBeGreaterThan(10);
  const carrying = seen.filter((r) => r.body.includes(token));
  expect(carrying.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([`POST ${MINT_PAGE}`]);
  expect(carrying[0]!.headers['cache-control']).toMatch(/no-store/);
  for (const r of seen) {
    expect(r.url).not.toContain(token);
    expect(r.url).not.toContain(encodeURIComponent(token));
    expect(r.requestBody).not.toContain(token);
    expect(JSON.stringify(r.headers)).not.toContain(token);
  }
  for (const u of urls) expect(u).not.toContain(token);
  expect(consoleLines.join('\n')).not.toContain(token);

  // The console's own traces: log file, stdout, database (WAL included).
  for (const file of [stack.consoleLog, stack.consoleStdout, ...filesUnder(stack.consoleDataDir)]) {
    expect(readFileSync(file).toString('latin1'), file).not.toContain(token);
  }
});

test('the dialog traps focus, asks before Escape discards, and hands focus back', async ({ browser, stack }) => {
  const context = await contextAs(browser, stack, 'creator');
  const page = await context.newPage();
  await mintSimple(page, uniq('e2e focus'));
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toHaveAccessibleName(/Your new token/);
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('[role="alertdialog"]'))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog.getByText('Close without storing the token?')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Keep it open' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Keep it open' }).click();
  await expect(dialog.getByText('Close without storing the token?')).toBeHidden();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await dialog.getByRole('button', { name: 'Discard token' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: /created$/ })).toBeFocused();
  await context.close();
});

test('the value is wiped when the page is hidden, and when the page is left', async ({ browser, stack }) => {
  const context = await contextAs(browser, stack, 'creator');
  const page = await context.newPage();
  const token = await mintSimple(page, uniq('e2e hidden'));
  // Headless Chromium has no other window to switch to, so the test makes the page report itself
  // hidden and fires the same event the browser fires on a tab switch.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const dialog = page.getByRole('alertdialog');
  await expect(dialog.getByTestId('token-cleared')).toContainText('switched away');
  expect(await page.content()).not.toContain(token);
  await expect(dialog.getByRole('button', { name: 'Done' })).toBeEnabled();
  await dialog.getByRole('button', { name: 'Done' }).click();

  const second = await mintSimple(page, uniq('e2e left'));
  await page.goto('/settings');
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`${MINT_PAGE}$`));
  expect(await page.content()).not.toContain(second);
  await context.close();
});

test('download as .env, Copy and close', async ({ browser, stack }) => {
  const context = await contextAs(browser, stack, 'creator', { permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const description = uniq('e2e env file');
  await page.goto(MINT_PAGE);
  await page.getByLabel('Description').fill(description);
  await page.getByLabel('Read dashboards').check();
  await page.getByRole('button', { name: 'Review' }).click();
  const token = await createAndReadToken(page);
  const dialog = page.getByRole('alertdialog');
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download .env file' }).click()]);
  expect(download.suggestedFilename()).toBe(`influx-token-${description.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.env`);
  const env = readFileSync(await download.path(), 'utf8');
  expect(env).toContain(`INFLUX_TOKEN="${token}"`);
  expect(env).toContain(`INFLUX_ORG_ID="${stack.influx.orgID}"`);
  expect(env).toContain(`INFLUX_URL="${stack.influx.url}"`);
  await download.delete();
  expect(download.url()).toMatch(/^blob:/);

  await expect(dialog.getByText(`curl -sS`)).toContainText(`Authorization: Token ${token}`);
  await dialog.getByRole('button', { name: 'Copy and close' }).click();
  await expect(dialog).toBeHidden();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  expect(await page.content()).not.toContain(token);
  await context.close();
});
