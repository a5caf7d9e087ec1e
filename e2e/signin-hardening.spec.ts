// Sign-in hardening against the built console (issue 9, items 4 and 7): where a person lands
// after signing in, and what guessing passwords does and does not achieve. Each test uses its own
// client addresses (X-Forwarded-For, as the console's proxy sets it), so the limits it runs into
// touch no other spec.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TEST_USERS } from './support/console-server';
import { submitSignInForm, trySignIn } from './support/sign-in';
import { expect, test } from './support/test';

test('a callbackUrl with a tab in it does not send a person off the console after a real sign-in', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  // Stand-in for the other site, so a wrong landing is seen at once instead of as a DNS error.
  const offConsole: string[] = [];
  await page.route(
    (url) => url.origin !== origin,
    (route) => {
      offConsole.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>evil.example</h1>' });
    },
  );
  await page.goto('/signin?callbackUrl=%2F%09%2Fevil.example');
  // The viewer's hash is argon2id: this also signs in through the built server's native argon2.
  await submitSignInForm(page, 'viewer');
  await expect(page.getByTestId('signed-in-user')).toContainText('viewer');
  expect(new URL(page.url()).origin).toBe(origin);
  expect(offConsole).toEqual([]);
});

test('Auth.js keeps only console paths as the destination after sign-in', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const cases: [string, string][] = [
    ['/\t/evil.example', '/'],
    ['/\n/evil.example', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/tokens', '/'],
    ['javascript:alert(1)', '/'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/tokens?status=active', '/tokens?status=active'],
    [`${origin}/settings`, '/settings'],
  ];
  for (const [value, expected] of cases) {
    await page.context().clearCookies();
    const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
    // Starting an SSO sign-in stores the destination in Auth.js's callback-url cookie, after its
    // redirect callback has judged it; the browser is sent there when the provider answers.
    const res = await page.request.post('/api/auth/signin/oidc', { form: { csrfToken, callbackUrl: value }, maxRedirects: 0 });
    expect(res.status(), JSON.stringify(value)).toBe(302);
    const cookie = (await page.context().cookies()).find((c) => c.name.endsWith('authjs.callback-url'));
    expect(decodeURIComponent(cookie?.value ?? ''), JSON.stringify(value)).toBe(`${origin}${expected}`);
  }
});

test("guessing a person's password from one address does not lock that person out elsewhere", async ({ page, baseURL }) => {
  const admin = TEST_USERS.admin;
  const guesser = { 'x-forwarded-for': '203.0.113.77' };
  for (let i = 0; i < 6; i++) expect((await trySignIn(baseURL!, admin.username, `wrong-guess-${i}`, guesser)).ok).toBe(false);
  // Locked for the guesser: even the right password is refused from that address.
  expect((await trySignIn(baseURL!, admin.username, admin.password, guesser)).ok).toBe(false);

  // The person, from their own address, through the real form.
  await page.context().setExtraHTTPHeaders({ 'x-forwarded-for': '198.51.100.77' });
  await page.goto('/signin');
  await submitSignInForm(page, 'admin');
  await expect(page.getByTestId('signed-in-user')).toContainText('admin');
});

test('one address spraying usernames is stopped, and what it typed as usernames is not logged', async ({ baseURL, stack }) => {
  const sprayer = { 'x-forwarded-for': '203.0.113.88' };
  // What a person types into the username box by mistake: their password.
  const typedPassword = `pw-wrong-box-${randomBytes(6).toString('hex')}`;
  expect((await trySignIn(baseURL!, typedPassword, 'anything-at-all', sprayer)).ok).toBe(false);
  for (let i = 1; i < 30; i++) expect((await trySignIn(baseURL!, `sprayed-user-${i}`, 'Winter2026!', sprayer)).ok).toBe(false);
  // The address is now refused, whatever the username (a real one with its right password too)...
  expect((await trySignIn(baseURL!, TEST_USERS.creator.username, TEST_USERS.creator.password, sprayer)).ok).toBe(false);
  // ...while another address signs in.
  expect(
    (await trySignIn(baseURL!, TEST_USERS.creator.username, TEST_USERS.creator.password, { 'x-forwarded-for': '198.51.100.88' })).ok,
  ).toBe(true);

  const lines = readFileSync(stack.consoleLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.address === '203.0.113.88');
  expect(lines.filter((l) => l.msg === 'sign-in refused')).toHaveLength(30);
  expect(lines.find((l) => l.msg === 'sign-in refused')).toMatchObject({
    username: 'unknown user',
    usernameTag: expect.stringMatching(/^[0-9a-f]{12}$/),
  });
  expect(lines.find((l) => l.msg === 'sign-in rate-limited')).toMatchObject({ username: TEST_USERS.creator.username, limit: 'address' });
  expect(readFileSync(stack.consoleLog, 'utf8')).not.toContain(typedPassword);
  expect(readFileSync(stack.consoleStdout, 'utf8')).not.toContain(typedPassword);
});
