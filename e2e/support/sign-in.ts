// Signing in to the console, the two ways the tests do it: through the real sign-in form in a
// browser (auth.setup.ts saves each role's session this way; specs with a console of their own
// sign in the same way), and over plain HTTP through Auth.js's credentials endpoint, as a script
// would (direct posts to actions, the sign-in limits, the benchmarks).
import type { Browser, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { TEST_USERS, type TestRole } from './console-server';

type Credentials = { username: string; password: string };

/** Fills in the sign-in form the page shows and submits it; where it lands is the caller's to check. */
export async function submitSignInForm(page: Page, who: TestRole | Credentials): Promise<void> {
  const { username, password } = typeof who === 'string' ? TEST_USERS[who] : who;
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** From /signin into the console as `role`, through the form; waits until the shell names the role. */
export async function signInThroughForm(page: Page, role: TestRole): Promise<void> {
  await page.goto('/signin');
  await submitSignInForm(page, role);
  await expect(page.getByTestId('signed-in-user')).toContainText(role);
}

/** A page in a new browser context on `baseURL` (a console of the spec's own), signed in as `role`. */
export async function newSignedInPage(browser: Browser, baseURL: string, role: TestRole): Promise<Page> {
  const page = await (await browser.newContext({ baseURL })).newPage();
  await signInThroughForm(page, role);
  return page;
}

function cookiesFrom(res: Response, jar: Map<string, string>) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** Signs in with a local account over HTTP; returns the Cookie header of the session. */
export async function signIn(baseURL: string, username: string, password: string): Promise<string> {
  const { ok, cookie, status } = await trySignIn(baseURL, username, password);
  if (!ok) throw new Error(`sign-in as ${username} failed (${status})`);
  return cookie;
}

/**
 * One sign-in attempt over HTTP that may fail: `ok` is whether a session came back. `headers` are
 * sent with both requests (e.g. X-Forwarded-For, as the console's proxy would set it).
 */
export async function trySignIn(
  baseURL: string,
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ ok: boolean; cookie: string; status: number }> {
  const jar = new Map<string, string>();
  const csrfRes = await fetch(`${baseURL}/api/auth/csrf`, { headers });
  cookiesFrom(csrfRes, jar);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${baseURL}/api/auth/callback/local`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookieHeader(jar), Origin: baseURL },
    body: new URLSearchParams({ username, password, csrfToken, callbackUrl: `${baseURL}/tokens` }),
  });
  cookiesFrom(res, jar);
  return { ok: [...jar.keys()].some((k) => k.endsWith('authjs.session-token')), cookie: cookieHeader(jar), status: res.status };
}
