// Static assets live in public/ and are served to anyone, signed in or not: the sign-in page needs
// its icon before there is a session.
import { expect, test } from './support/test';

test('the favicon is served from public/ without a session, and every page links it', async ({ browser, stack }) => {
  const res = await fetch(`${stack.baseURL}/favicon.svg`, { redirect: 'manual' });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  expect(await res.text()).toMatch(/^<svg /);

  const page = await (await browser.newContext({ baseURL: stack.baseURL })).newPage();
  await page.goto('/signin');
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', '/favicon.svg');
  await page.context().close();
});
