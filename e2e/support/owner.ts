// Helpers for the owner specs: choose the owner in the builder like a person.
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { actionId } from './console-http';

export const deleteCreatedUserActionId = () => actionId('deleteCreatedUser', 'app/(console)/tokens/new/actions.ts');

export async function chooseOtherOwner(page: Page) {
  await page.getByRole('radio', { name: /Another InfluxDB user/ }).check();
}

/** Types a name that does not exist and picks "Create new user “name”". */
export async function chooseNewOwner(page: Page, name: string) {
  await chooseOtherOwner(page);
  await page.getByRole('combobox', { name: 'Find or create an InfluxDB user' }).fill(name);
  await page.getByRole('option', { name: `Create new user “${name}”` }).click();
  await expect(page.getByTestId('chosen-owner')).toContainText(`New user ${name}`);
  await expect(page.getByTestId('new-user-note')).toContainText(`This creates an InfluxDB user named ${name}`);
}

/** Searches part of a name and picks the existing user. */
export async function chooseExistingOwner(page: Page, search: string, name: string) {
  await chooseOtherOwner(page);
  await page.getByRole('combobox', { name: 'Find or create an InfluxDB user' }).fill(search);
  await page.getByRole('option', { name: new RegExp(`^${name}`) }).click();
  await expect(page.getByTestId('chosen-owner')).toContainText(`User ${name}`);
}
