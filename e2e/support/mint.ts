// Helpers shared by the mint specs: drive the builder like a person and read the token from the
// dialog. What really exists in influxd is asked with scripts/influxd/operator.ts.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContextOptions, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { InfluxInstance } from '../../scripts/influxd/harness';
import { createBuckets } from '../../scripts/influxd/operator';
import type { TestRole } from './console-server';
import { actionId } from './console-http';
import type { Stack } from './stack';
import { storageStateFor } from './test';

export const MINT_PAGE = '/tokens/new';
export const mintActionId = () => actionId('createToken', 'app/(console)/tokens/new/actions.ts');

/** The harness helpers need an InfluxInstance; the stack has everything but stop(). */
export const influxOf = (stack: Stack): InfluxInstance => ({ ...stack.influx, stop: async () => {} });

export const uniq = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

export async function contextAs(browser: Browser, stack: Stack, role: TestRole, extra: BrowserContextOptions = {}) {
  return browser.newContext({ baseURL: stack.baseURL, storageState: storageStateFor(role), ...extra });
}

/** The Cookie header of a role's saved session (for direct posts to the action). */
export function sessionCookie(role: TestRole): string {
  const state = JSON.parse(readFileSync(storageStateFor(role), 'utf8')) as { cookies: { name: string; value: string }[] };
  return state.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

export async function makeBuckets(stack: Stack, names: string[]): Promise<Map<string, string>> {
  return createBuckets(stack.influx, names, 4);
}

/** Picks specific items on a row of the matrix; each added item starts with Read ticked. */
export async function pickItem(page: Page, row: 'buckets' | 'telegrafs', name: string) {
  const matrixRow = page.getByTestId(`row-${row}`);
  const specific = matrixRow.getByLabel(row === 'buckets' ? 'Specific buckets' : 'Specific Telegraf configurations');
  if (!(await specific.isChecked())) await specific.check();
  const combo = page.getByRole('combobox', { name: row === 'buckets' ? 'Find a bucket' : 'Find a Telegraf configuration' });
  await combo.fill(name);
  await page.getByRole('option', { name: new RegExp(`^${name}`) }).click();
  await expect(page.getByRole('list', { name: row === 'buckets' ? 'Chosen buckets' : 'Chosen Telegraf configurations' })).toContainText(
    name,
  );
}

/** From the review step: create, wait for the dialog, reveal and read the token. */
export async function createAndReadToken(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Create token' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Reveal' }).click();
  const token = (await dialog.getByTestId('token-value').textContent())?.trim() ?? '';
  expect(token).toMatch(/^[A-Za-z0-9_=-]{80,}$/);
  return token;
}

/** Ticks the acknowledgement and closes the dialog. */
export async function finishDialog(page: Page) {
  const dialog = page.getByRole('alertdialog');
  await dialog.getByLabel('I have stored this token').check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
}

/** A minimal non-sensitive token through the UI: read dashboards. Returns the token. */
export async function mintSimple(page: Page, description: string): Promise<string> {
  await page.goto(MINT_PAGE);
  await page.getByLabel('Description').fill(description);
  await page.getByLabel('Read dashboards').check();
  await page.getByRole('button', { name: 'Review' }).click();
  return createAndReadToken(page);
}
