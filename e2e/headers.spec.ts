// Security headers on every kind of response: pages, the sign-in page, route handlers.
import { expect, pageAs, test } from './support/test';

const PATHS = ['/signin', '/tokens', '/settings', '/api/health'];

test('security headers are set on every route', async ({ browser }) => {
  const page = await pageAs(browser, 'viewer');
  for (const path of PATHS) {
    const res = await page.request.get(path);
    const h = res.headers();
    expect(h['x-content-type-options'], path).toBe('nosniff');
    expect(h['referrer-policy'], path).toBe('no-referrer');
    const csp = h['content-security-policy'] ?? '';
    expect(csp, path).toContain("object-src 'none'");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toContain("base-uri 'none'");
    expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(h['x-powered-by'], path).toBeUndefined();
  }
  await page.context().close();
});

test('the session cookie is HttpOnly and SameSite=Lax', async ({ browser }) => {
  const page = await pageAs(browser, 'viewer');
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name.endsWith('authjs.session-token'));
  expect(session).toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe('Lax');
  await page.context().close();
});
