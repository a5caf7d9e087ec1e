// One deadline per page and JSON route (issue 16), against a console of its own whose influxd this
// spec pauses (SIGSTOP: the process holds its port and accepts connections but never answers). Each
// InfluxDB call has its own timeout and reads are retried, so before, a page that asked InfluxDB
// several things waited several timeouts; under one deadline it answers with its "did not answer"
// words once the connection's timeout has passed. A request still waiting a second after that is
// aborted, and the test fails on the abort, not on a measured time.
import { TEST_USERS } from './support/console-server';
import { ownStack } from './support/own-stack';
import { signIn } from './support/sign-in';
import { expect, test } from './support/test';

const TIMEOUT_MS = 4000;

const own = ownStack('paused', { extra: { INFLUX_TIMEOUT_MS: String(TIMEOUT_MS) } });
let cookie = '';

test.beforeAll(async () => {
  cookie = await signIn(own().app.baseURL, TEST_USERS.admin.username, TEST_USERS.admin.password);
});

/** A GET as the admin that must have answered, body and all, a second after the connection's timeout. */
async function get(path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${own().app.baseURL}${path}`, { headers: { cookie }, signal: AbortSignal.timeout(TIMEOUT_MS + 1000) });
  return { status: res.status, text: await res.text() };
}

test('with InfluxDB paused, a page and a picker answer with their "did not answer" words within the timeout', async () => {
  test.setTimeout(120_000);
  // Once while InfluxDB answers: the page's code is loaded and what the console caches is cached.
  const before = await fetch(`${own().app.baseURL}/v1-credentials`, { headers: { cookie } });
  expect(before.status).toBe(200);
  expect(await before.text()).not.toContain('did not answer');

  await own().pause();
  try {
    const page = await get('/v1-credentials');
    expect(page.text).toContain('InfluxDB did not answer in time while trying to list v1 credentials.');

    const picker = await get(`/api/orgs/${own().influx.orgID}/telegrafs`);
    expect(picker.status).toBe(504);
    expect(JSON.parse(picker.text)).toMatchObject({
      error: { code: 'upstream', message: 'InfluxDB did not answer in time while trying to list Telegraf configurations.' },
    });
  } finally {
    own().resume();
  }

  // InfluxDB answering again, the same page is whole again.
  await expect.poll(async () => (await get('/v1-credentials')).text.includes('did not answer'), { timeout: 30_000 }).toBe(false);
});
