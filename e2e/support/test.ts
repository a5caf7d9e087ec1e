// The test object every spec imports: baseURL from the running stack, and `as(role)` pages that
// are already signed in through the real sign-in form (storage state saved by auth.setup.ts).
import { test as base, type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import type { TestRole } from './console-server';
import { stack } from './stack';

export const storageStateFor = (role: TestRole) => join(__dirname, '..', '.auth', `${role}.json`);

export async function pageAs(browser: Browser, role: TestRole): Promise<Page> {
  const context = await browser.newContext({ baseURL: stack().baseURL, storageState: storageStateFor(role) });
  return context.newPage();
}

export const test = base.extend<{ stack: ReturnType<typeof stack> }>({
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => use(stack().baseURL),
  // eslint-disable-next-line no-empty-pattern
  stack: async ({}, use) => use(stack()),
});
export { expect } from '@playwright/test';
