// Every page, route handler and server action of the production build refuses a visitor without
// a session, also when the proxy is bypassed (a forged session cookie gets past the proxy's
// cookie check, so the page or action itself must refuse).
import { readFileSync } from 'node:fs';
import { builtActions, builtRoutes, callAction } from './support/console-http';
import { expect, storageStateFor, test } from './support/test';

const FORGED = 'authjs.session-token=forged.value.that-is-not-a-jwt';
// Public by design: sign-in (Auth.js endpoints and page), readiness and liveness, Next's own error pages, the
// "not allowed" page and "/", which only redirects to /tokens.
const PUBLIC_ROUTES = [
  '/page',
  '/signin/page',
  '/api/auth/[...nextauth]/route',
  '/api/health/route',
  '/api/health/live/route',
  '/_not-found/page',
  '/_global-error/page',
  '/denied/page',
];

function concrete(route: string): string {
  return (
    route
      .replace(/\/(page|route)$/, '')
      .replace(/\/\([^)]+\)/g, '')
      .replace(/\[\[?\.\.\.[^\]]+\]\]?/g, 'x')
      .replace(/\[[^\]]+\]/g, '0123456789abcdef') || '/'
  );
}

test('every built page and route handler refuses a visitor without a session', async ({ stack }) => {
  const routes = builtRoutes().filter((r) => !PUBLIC_ROUTES.includes(r));
  expect(routes.length).toBeGreaterThan(1);
  for (const route of routes) {
    const path = concrete(route);
    for (const cookie of [undefined, FORGED]) {
      for (const rsc of [false, true]) {
        const headers = { ...(cookie ? { Cookie: cookie } : {}), ...(rsc ? { RSC: '1' } : {}) };
        let res = await fetch(`${stack.baseURL}${path}`, { redirect: 'manual', headers });
        // Next first bounces a flight request to the same path with its cache-busting ?_rsc= key.
        const location = res.headers.get('location') ?? '';
        if (rsc && location.includes('_rsc')) res = await fetch(new URL(location, stack.baseURL), { redirect: 'manual', headers });
        const where = `${route} (${path}) cookie=${Boolean(cookie)} rsc=${rsc}`;
        // Refused means: a redirect to sign-in, or a 401/403 without data.
        if (res.status >= 300 && res.status < 400) {
          expect(res.headers.get('location') ?? '', where).toMatch(/\/signin/);
        } else {
          const body = await res.text();
          if (route.endsWith('/route')) expect([401, 403], where).toContain(res.status);
          else {
            // Next renders redirect() in an RSC payload / streamed page: it must point to sign-in and carry no data.
            expect(body, where).toMatch(/\/signin/);
          }
          expect(body, where).not.toContain(stack.influx.orgID);
        }
      }
    }
  }
});

test('every built server action refuses a visitor without a session, with or without a forged cookie', async ({ stack }) => {
  const actions = builtActions();
  expect(actions.length, 'the build has server actions').toBeGreaterThan(0);
  for (const { id } of actions) {
    for (const cookie of [undefined, FORGED]) {
      for (const args of [[{}], [{ id: '0123456789abcdef', description: 'x', orgID: stack.influx.orgID }]]) {
        const res = await callAction(stack.baseURL, '/tokens', id, args, cookie ? { cookie } : {});
        expect(res.raw, `action ${id}`).not.toMatch(/"ok":true/);
        expect(res.raw, `action ${id}`).toMatch(/"code":"(unauthenticated|invalid-input)"/);
      }
    }
  }
});

test('every action refuses a missing, null or foreign Origin even with a valid session', async ({ stack }) => {
  const state = JSON.parse(readFileSync(storageStateFor('admin'), 'utf8')) as { cookies: { name: string; value: string }[] };
  const cookie = state.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const actions = builtActions();
  expect(actions.length).toBeGreaterThan(0);
  for (const { id } of actions) {
    for (const origin of [null, 'null', 'https://evil.example']) {
      const res = await callAction(stack.baseURL, '/tokens', id, [{}], { cookie, origin });
      const where = `action ${id} origin ${origin}`;
      expect(res.raw, where).not.toMatch(/"ok":true/);
      // Next itself aborts a foreign or "null" Origin before the action runs (an error row, no
      // result); a missing Origin it lets through, and the console's own guard refuses it.
      if (origin === null) expect(res.raw, where).toMatch(/"code":"bad-origin"/);
      else expect(res.status >= 400 || /"code":"bad-origin"|^1:E\{"digest"/m.test(res.raw), where).toBe(true);
    }
  }
});

test('the production build has no sign-in path but the users file and SSO', async ({ request }) => {
  // Auth.js lists every configured provider: a test-only provider would show up here.
  const providers = await (await request.get('/api/auth/providers')).json();
  expect(Object.keys(providers).sort()).toEqual(['local', 'oidc']);
  // And nothing in the server bundle reads the test harness's switches.
  const { execSync } = await import('node:child_process');
  const found = execSync(`grep -rlE "E2E_[A-Z_]+|test-only login" .next/server || true`, { encoding: 'utf8' }).trim();
  expect(found).toBe('');
});
