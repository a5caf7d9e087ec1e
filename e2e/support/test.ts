// The test object every spec imports: baseURL from the running stack, `pageAs(browser, role)` for
// pages already signed in through the real sign-in form (storage state saved by auth.setup.ts),
// and a recorder that keeps every response body the browser receives, so the canary project can
// scan them all at the end of the run.
import { test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestRole } from './console-server';
import { stack } from './stack';

export const storageStateFor = (role: TestRole) => join(__dirname, '..', '.auth', `${role}.json`);
export const RESPONSES_DIR = join(__dirname, '..', '..', 'test-results', 'responses');

/** Appends every response (URL, headers, body) the context receives to one file per context. */
export function recordResponses(context: BrowserContext, label: string) {
  mkdirSync(RESPONSES_DIR, { recursive: true });
  const file = join(
    RESPONSES_DIR,
    `${label.replace(/[^a-z0-9-]+/gi, '_').slice(0, 80)}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.txt`,
  );
  context.on('response', async (response) => {
    let body = '';
    try {
      body = (await response.body()).toString('utf8');
    } catch {
      // redirects and aborted requests have no body
    }
    appendFileSync(
      file,
      `### ${response.status()} ${response.url()}\n${JSON.stringify(await response.allHeaders().catch(() => ({})))}\n${body}\n`,
    );
  });
}

export async function pageAs(browser: Browser, role: TestRole): Promise<Page> {
  const context = await browser.newContext({ baseURL: stack().baseURL, storageState: storageStateFor(role) });
  recordResponses(context, `as-${role}`);
  return context.newPage();
}

export const test = base.extend<{ stack: ReturnType<typeof stack>; recorder: void }>({
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, provide) => provide(stack().baseURL),
  // eslint-disable-next-line no-empty-pattern
  stack: async ({}, provide) => provide(stack()),
  recorder: [
    async ({ context }, use, testInfo) => {
      recordResponses(context, testInfo.titlePath.join('-'));
      await use();
    },
    { auto: true },
  ],
});
export { expect } from '@playwright/test';
