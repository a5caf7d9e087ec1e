// Helpers for the owner specs: choose the owner in the builder like a person, and ask influxd
// (with the operator token) what exists.
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { influxFetch } from '../../scripts/influxd/harness';
import { actionId } from './console-http';
import type { Stack } from './stack';

export const deleteCreatedUserActionId = () => actionId('deleteCreatedUser', 'app/(console)/tokens/new/actions.ts');

export async function operator<T = any>(stack: Pick<Stack, 'influx'>, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await influxFetch(stack.influx, stack.influx.operatorToken, path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** The user with this exact name, per influxd (operator's view), or undefined. */
export async function influxUserNamed(stack: Pick<Stack, 'influx'>, name: string): Promise<{ id: string; name: string } | undefined> {
  const r = await operator<{ users?: { id: string; name: string }[] }>(stack, 'GET', `/api/v2/users?name=${encodeURIComponent(name)}`);
  return r.status === 404 ? undefined : r.body.users?.find((u) => u.name === name);
}

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
