// Two console processes on one database and one influxd, behind a round-robin proxy (issue 12):
// what one instance does, the other sees, and what must happen once happens once.
// - a template saved through A is served by B;
// - 20 concurrent submits of one form, spread over A and B, make exactly one token (InfluxDB's list);
// - the mint rate limit holds across both instances (PostgreSQL: limits are shared there; on a
//   shared SQLite folder each process counts its own, as documented);
// - a deactivation through A shows on B's next page load (B had the list in its cache);
// - a replace scheduled through A is carried out once by B after A is killed (one audit row).
// Runs on a shared SQLite data folder and on PostgreSQL (DATABASE_URL); E2E_TWO_INSTANCES=sqlite
// or =postgres runs one of them.
import type { Browser, Page } from '@playwright/test';
import { authorizationsDescribed, createToken, getAuthorization } from '../scripts/influxd/operator';
import { actionId, parseFlightResult } from './support/console-http';
import { influxOf, MINT_PAGE, mintActionId, uniq } from './support/mint';
import { TEST_USERS, type TestRole } from './support/console-server';
import { newSignedInPage, signIn } from './support/sign-in';
import { expect, test } from './support/test';
import { startTwoInstances, type InstanceName, type SharedDatabase, type TwoInstances } from './support/two-instances';

type Result = { ok: boolean; code?: string; formError?: string; data?: Record<string, unknown> };

// Above the 20 concurrent submits and the expiry test's mint, all by the admin within one minute.
const MINT_PER_MINUTE = 30;
const DATABASES: SharedDatabase[] = (
  process.env.E2E_TWO_INSTANCES ? [process.env.E2E_TWO_INSTANCES] : ['sqlite', 'postgres']
) as SharedDatabase[];

for (const database of DATABASES) {
  test.describe(`two instances on ${database}`, () => {
    test.describe.configure({ mode: 'serial' });

    let two: TwoInstances;
    const cookies: Partial<Record<TestRole, string>> = {};

    test.beforeAll(async ({ stack }) => {
      test.setTimeout(240_000);
      two = await startTwoInstances(stack, {
        database,
        extra: {
          CONSOLE_MINT_PER_MINUTE: String(MINT_PER_MINUTE),
          CONSOLE_MIN_GRACE_SECONDS: '1',
          CONSOLE_MIN_LIFETIME_SECONDS: '1',
          CONSOLE_SCHEDULER_TICK_MS: '500',
        },
      });
      // Through the proxy: the CSRF cookie from one instance, the sign-in on the other.
      for (const role of ['admin', 'creator'] as const) {
        cookies[role] = await signIn(two.proxy.url, TEST_USERS[role].username, TEST_USERS[role].password);
      }
    });

    test.afterAll(async () => {
      await two?.stop();
    });

    /** A server action through the proxy, like the browser's router; `via` pins it to one instance. */
    async function action(path: string, id: string, args: unknown[], as: TestRole, via?: InstanceName) {
      const res = await fetch(`${two.proxy.url}${path}`, {
        method: 'POST',
        headers: {
          'Next-Action': id,
          'Content-Type': 'text/plain;charset=UTF-8',
          Accept: 'text/x-component',
          Origin: two.proxy.url,
          Cookie: cookies[as]!,
          ...(via ? { 'x-instance': via } : {}),
        },
        body: JSON.stringify(args),
      });
      const raw = await res.text();
      return { servedBy: res.headers.get('x-served-by'), raw, result: parseFlightResult(raw) as Result };
    }

    const get = (path: string, as: TestRole, via: InstanceName) =>
      fetch(`${two.proxy.url}${path}`, { headers: { Cookie: cookies[as]!, 'x-instance': via } });

    async function pageOn(browser: Browser, via: InstanceName): Promise<Page> {
      const page = await newSignedInPage(browser, two.proxy.url, 'admin');
      await page.context().setExtraHTTPHeaders({ 'x-instance': via });
      return page;
    }

    const mintInput = (orgID: string, description: string) => ({
      formKey: crypto.randomUUID(),
      orgID,
      description,
      status: 'active',
      owner: { kind: 'console' },
      grants: [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }],
      confirmSensitive: false,
    });

    test('a template saved through A is served by B', async () => {
      const slug = uniq('two').toLowerCase();
      const title = `Shared ${slug}`;
      const saved = await action(
        '/templates/new',
        actionId('createTemplate', 'app/(console)/templates/actions.ts'),
        [{ slug, title, purpose: 'seen by both', notes: '', description: '', permissions: 'read:dashboards', audience: 'creators' }],
        'admin',
        'a',
      );
      expect(saved.servedBy).toBe('a');
      expect(saved.result).toMatchObject({ ok: true });
      const onB = await get('/templates', 'admin', 'b');
      expect(onB.headers.get('x-served-by')).toBe('b');
      expect(onB.status).toBe(200);
      expect(await onB.text()).toContain(title);
    });

    test('20 concurrent submits of one form, over A and B, make exactly one token', async ({ stack }) => {
      const body = mintInput(stack.influx.orgID, uniq('two concurrent'));
      const id = mintActionId();
      const answers = await Promise.all(Array.from({ length: 20 }, () => action(MINT_PAGE, id, [body], 'admin')));
      const servedBy = new Set(answers.map((a) => a.servedBy));
      expect(servedBy).toEqual(new Set(['a', 'b']));
      const minted = answers.filter((a) => a.result?.ok);
      expect(minted).toHaveLength(1);
      for (const a of answers.filter((x) => !x.result?.ok)) expect(a.result).toMatchObject({ ok: false, code: 'conflict' });
      expect(await authorizationsDescribed(stack.influx, body.description)).toHaveLength(1);
    });

    test('the mint rate limit holds across both instances', async ({ stack }) => {
      test.skip(database === 'sqlite', 'without DATABASE_URL each process counts its own limits (lib/security/limiter-store.ts)');
      // One form posted again and again: the first makes a token, the next are "already used", and
      // every one counts against the creator's limit, whichever instance answers.
      const body = mintInput(stack.influx.orgID, uniq('two limited'));
      const id = mintActionId();
      const answers = [];
      for (let i = 0; i <= MINT_PER_MINUTE; i++) answers.push(await action(MINT_PAGE, id, [body], 'creator'));
      expect(new Set(answers.map((a) => a.servedBy))).toEqual(new Set(['a', 'b']));
      expect(answers.slice(0, MINT_PER_MINUTE).filter((a) => a.result?.code === 'rate-limited')).toHaveLength(0);
      expect(answers[MINT_PER_MINUTE]!.result).toMatchObject({ ok: false, code: 'rate-limited' });
      expect(await authorizationsDescribed(stack.influx, body.description)).toHaveLength(1);
    });

    test('a deactivation through A shows as inactive on B at its next page load', async ({ browser, stack }) => {
      const description = uniq('two visible');
      const token = await createToken(influxOf(stack), {
        description,
        permissions: [{ action: 'read', resource: { type: 'dashboards', orgID: stack.influx.orgID } }],
      });
      const onB = await pageOn(browser, 'b');
      await onB.goto(`/tokens?q=${encodeURIComponent(description)}`);
      const row = onB.getByTestId('token-row').filter({ hasText: description });
      // Made outside the console: B reads it from InfluxDB, and then keeps the list with it active.
      await onB.getByRole('button', { name: 'Reload from InfluxDB' }).click();
      await expect(row).toHaveCount(1);
      await expect(row).not.toContainText('Inactive');

      const done = await action(
        '/tokens',
        actionId('setTokenStatus', 'app/(console)/tokens/actions.ts'),
        [{ id: token.id, status: 'inactive' }],
        'admin',
        'a',
      );
      expect(done.servedBy).toBe('a');
      expect(done.result).toMatchObject({ ok: true });

      await onB.goto(`/tokens?q=${encodeURIComponent(description)}`);
      await expect(row).toContainText('Inactive');
      expect((await getAuthorization(influxOf(stack), token.id)).body.status).toBe('inactive');
      await onB.context().close();
    });

    /** The audit rows of one token and one action, read through B. */
    async function auditOf(authorizationID: string, auditAction: string) {
      const trail = await get(`/api/audit/export?format=jsonl&token=${authorizationID}`, 'admin', 'b');
      expect(trail.status).toBe(200);
      return (await trail.text())
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { action: string; outcome: string; authorization_id: string })
        .filter((r) => r.action === auditAction);
    }

    test('a token minted through A with a 3 s lifetime is deactivated at expiry once, by one of the two', async ({ stack }) => {
      const body = { ...mintInput(stack.influx.orgID, uniq('two expiring')), lifetime: '3s' };
      const minted = await action(MINT_PAGE, mintActionId(), [body], 'admin', 'a');
      expect(minted.result).toMatchObject({ ok: true });
      const id = String(minted.result.data!.id);
      await expect.poll(async () => (await getAuthorization(influxOf(stack), id)).body.status, { timeout: 60_000 }).toBe('inactive');
      // The audit row is written in the transaction that ends the claim, so once one is there the
      // row is done and no later claim can run it again; two rows would mean it ran twice.
      await expect.poll(async () => (await auditOf(id, 'token.expire')).length, { timeout: 30_000 }).toBeGreaterThan(0);
      const runs = await auditOf(id, 'token.expire');
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ outcome: 'success', authorization_id: id });
    });

    // Last: it kills A.
    test('a replace scheduled through A is carried out once after A is killed', async ({ stack }) => {
      const description = uniq('two replaced');
      const original = await createToken(influxOf(stack), {
        description,
        permissions: [{ action: 'read', resource: { type: 'dashboards', orgID: stack.influx.orgID } }],
      });
      const replaced = await action(
        '/tokens',
        actionId('replaceToken', 'app/(console)/tokens/actions.ts'),
        [{ id: original.id, graceSeconds: 2, formKey: crypto.randomUUID() }],
        'admin',
        'a',
      );
      expect(replaced.servedBy).toBe('a');
      expect(replaced.result).toMatchObject({ ok: true, data: { original: { state: 'scheduled' } } });
      two.kill('a');

      // B's scheduler runs it: its audit row is written with the outcome, after InfluxDB answered.
      const runs = () => auditOf(original.id, 'schedule.deactivate');
      await expect.poll(async () => (await runs()).length, { timeout: 60_000 }).toBeGreaterThan(0);
      expect((await getAuthorization(influxOf(stack), original.id)).body.status).toBe('inactive');
      const done = await runs();
      expect(done).toHaveLength(1);
      expect(done[0]).toMatchObject({ outcome: 'success', authorization_id: original.id });
    });
  });
}
