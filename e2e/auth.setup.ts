// Signs in once per role through the real sign-in form and saves the session for the other specs.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TEST_USERS, type TestRole } from './support/console-server';
import { signInThroughForm } from './support/sign-in';
import { storageStateFor, test } from './support/test';

for (const role of Object.keys(TEST_USERS) as TestRole[]) {
  test(`sign in as ${role}`, async ({ page }) => {
    await signInThroughForm(page, role);
    mkdirSync(dirname(storageStateFor(role)), { recursive: true });
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
