// Sign-in through a real OpenID provider run locally (oidc-provider), including tampered
// callbacks. Each test uses a fresh browser context: no saved session.
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';

async function ssoLogin(page: Page, login: string) {
  await page.goto('/signin');
  await page.getByRole('button', { name: 'Sign in with Acme SSO' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('an admin signs in with SSO and gets the role from the role map', async ({ page }) => {
  await ssoLogin(page, 'sso-admin');
  await expect(page.getByTestId('signed-in-user')).toContainText('admin');
  await expect(page).toHaveURL(/\/tokens/);
});

test('an SSO identity matched by domain gets creator', async ({ page }) => {
  await ssoLogin(page, 'sam');
  await expect(page.getByTestId('signed-in-user')).toContainText('creator');
});

test('an SSO identity the role map does not know is refused', async ({ page }) => {
  await ssoLogin(page, 'mallory@evil.test');
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByText('not allowed to use this console')).toBeVisible();
  await page.goto('/tokens');
  await expect(page).toHaveURL(/\/signin/);
});

// Browsers follow the provider's redirect to the console's callback without giving a test a
// chance to intercept that hop, so the test takes over the last step itself: it intercepts the
// consent form POST, follows the provider's redirects with the browser context's own cookies, edits
// the callback URL and sends the browser there.
for (const [what, tamper] of [
  // Control: the same interception without an edit must sign in, or the other two prove nothing.
  ['nothing', () => {}],
  ['state', (url: URL) => url.searchParams.set('state', 'tampered-' + url.searchParams.get('state'))],
  ['issuer', (url: URL) => url.searchParams.set('iss', 'http://127.0.0.1:1/evil-issuer')],
] as const) {
  test(
    what === 'nothing' ? 'an intercepted but unchanged callback signs in' : `a callback with a tampered ${what} does not sign anyone in`,
    async ({ page }) => {
      let tampered = false;
      await page.route(
        (url) => url.pathname.startsWith('/interaction/'),
        async (route) => {
          if (route.request().method() !== 'POST' || !route.request().postData()?.includes('prompt=consent')) return route.continue();
          let response = await route.fetch({ maxRedirects: 0 });
          let location = new URL(response.headers()['location']!, route.request().url());
          while (location.pathname !== '/api/auth/callback/oidc') {
            response = await page.context().request.get(location.toString(), { maxRedirects: 0 });
            location = new URL(response.headers()['location']!, location);
          }
          if (what === 'issuer') expect(location.searchParams.get('iss'), 'the provider sends iss (RFC 9207)').toBeTruthy();
          tamper(location);
          tampered = true;
          await route.fulfill({ status: 303, headers: { location: location.toString() } });
        },
      );
      await ssoLogin(page, 'sso-admin');
      await expect.poll(() => tampered, 'the callback was tampered with').toBe(true);
      if (what === 'nothing') {
        await expect(page.getByTestId('signed-in-user')).toContainText('admin');
        return;
      }
      await expect(page).toHaveURL(/\/signin/);
      await expect(page.getByText('Sign-in failed')).toBeVisible();
      await page.unrouteAll();
      await page.goto('/tokens');
      await expect(page).toHaveURL(/\/signin/);
      const cookies = await page.context().cookies();
      expect(cookies.some((c) => c.name.includes('session-token'))).toBe(false);
    },
  );
}
