// Signs in once per role through the real sign-in form and saves the session for the other specs.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TEST_USERS, type TestRole } from './support/console-server';
import { expect, storageStateFor, test } from './support/test';

for (const role of Object.keys(TEST_USERS) as TestRole[]) {
  test(`sign in as ${role}`, async ({ page }) => {
    const user = TEST_USERS[role];
    await page.goto('/signin');
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByTestId('signed-in-user')).toContainText(role);
    mkdirSync(dirname(storageStateFor(role)), { recursive: true });
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
