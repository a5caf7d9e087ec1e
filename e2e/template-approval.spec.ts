// Templates carry a default lifetime (issue 13) and can need approval (issue 15): an admin sets
// both in the editor; the gallery and page show them; a creator who opens the template gets the
// lifetime in the builder's Expires choice and only "Request this token"; a direct post of a form
// naming the template is refused and leaves InfluxDB unchanged, and the server re-decides the
// lifetime whatever the editor sent.
import { authorizationsDescribed } from '../scripts/influxd/operator';
import { callAction } from './support/console-http';
import { actionId } from './support/server-actions';
import { MINT_PAGE, contextAs, mintActionId, sessionCookie, uniq } from './support/mint';
import { expect, pageAs, test } from './support/test';

test.describe.configure({ mode: 'serial' });

const TEMPLATE_ACTIONS = 'app/(console)/templates/actions.ts';
const slug = `deploy-reader-${Date.now().toString(36)}`;
const description = uniq('from an approval template');

type Result = { ok: boolean; code?: string; formError?: string; fieldErrors?: Record<string, string[]> };

test('an admin gives a template a lifetime and marks it as needing approval', async ({ browser }) => {
  const page = await pageAs(browser, 'admin');
  await page.goto('/templates/new');
  await page.getByLabel('Name (used in links)').fill(slug);
  await page.getByLabel('Title').fill('Deploy reader');
  await page.getByLabel('Token description (optional)').fill(description);
  await page.getByLabel('Permissions, one per line').fill('read:dashboards');
  await page.getByLabel('Creators and admins').check();
  const field = page.getByTestId('lifetime-field');
  // The builder's own choices, with the policy default for creators.
  await expect(field.getByLabel('Default (90 days)')).toBeChecked();
  await field.getByLabel('30 days').check();
  await page.getByLabel('Needs approval').check();
  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(page).toHaveURL(new RegExp(`/templates/${slug}$`));
  await expect(page.getByTestId('template-lifetime')).toHaveText('30 days');
  await expect(page.getByTestId('needs-approval')).toBeVisible();

  await page.goto('/templates');
  const card = page.getByTestId('template-card').filter({ hasText: slug });
  await expect(card.getByTestId('template-lifetime')).toHaveText('30 days');
  await expect(card.getByTestId('needs-approval')).toBeVisible();

  // The editor reads both back.
  await page.goto(`/templates/${slug}/edit`);
  await expect(page.getByTestId('lifetime-field').getByLabel('30 days')).toBeChecked();
  await expect(page.getByLabel('Needs approval')).toBeChecked();
});

test('the server decides a template lifetime against the policy whatever the editor sent', async ({ browser, stack }) => {
  const page = await pageAs(browser, 'admin');
  await page.goto('/templates/new');
  const res = await callAction<Result>(
    stack.baseURL,
    '/templates/new',
    actionId(TEMPLATE_ACTIONS, 'createTemplate'),
    [
      {
        slug: `${slug}-never`,
        title: 'Never for creators',
        purpose: '',
        notes: '',
        description: '',
        permissions: 'read:dashboards',
        audience: 'creators',
        lifetime: 'never',
      },
    ],
    { cookie: sessionCookie('admin') },
  );
  expect(res.result).toMatchObject({ ok: false, code: 'invalid-input' });
  expect(res.result.fieldErrors?.lifetime?.[0]).toMatch(/must expire/);
  await page.goto(`/templates/${slug}-never`);
  await expect(page.getByRole('heading', { level: 1, name: 'Never for creators' })).toHaveCount(0);
});

test('a creator opening it gets the lifetime and only the request; a direct mint naming it is refused', async ({ browser, stack }) => {
  const context = await contextAs(browser, stack, 'creator');
  const page = await context.newPage();
  await page.goto(`${MINT_PAGE}?template=${slug}`);
  await expect(page.getByTestId('lifetime-field').getByLabel('30 days')).toBeChecked();
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByTestId('template-needs-approval')).toBeVisible();
  await expect(page.getByTestId('request-this-token')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create token' })).toHaveCount(0);
  await context.close();

  const form = {
    formKey: crypto.randomUUID(),
    orgID: stack.influx.orgID,
    description,
    status: 'active',
    owner: { kind: 'console' },
    grants: [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }],
    confirmSensitive: false,
    lifetime: '30d',
    template: slug,
  };
  const refused = await callAction<Result>(stack.baseURL, MINT_PAGE, mintActionId(), [form], { cookie: sessionCookie('creator') });
  expect(refused.result).toMatchObject({ ok: false, code: 'forbidden' });
  expect(refused.result.formError).toMatch(/template that needs approval/);
  expect(await authorizationsDescribed(stack.influx, description)).toHaveLength(0);
});
