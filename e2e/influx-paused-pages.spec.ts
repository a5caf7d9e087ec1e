// One deadline per page and JSON route (issue 16), against a console of its own whose influxd this
// spec pauses (SIGSTOP: the process holds its port and accepts connections but never answers). Each
// InfluxDB call has its own timeout and reads are retried, so before, a page that asked InfluxDB
// several things waited several timeouts; under one deadline it answers with its "did not answer"
// words once the connection's timeout has passed. A request still waiting a second after that is
// aborted, and the test fails on the abort, not on a measured time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInfluxd, type InfluxInstance } from '../scripts/influxd/harness';
import { consoleEnv, freePort, startConsole, TEST_USERS, type RunningConsole } from './support/console-server';
import { signIn } from './support/sign-in';
import { stack } from './support/stack';
import { expect, test } from './support/test';

const TIMEOUT_MS = 4000;

let influx: InfluxInstance | undefined;
let app: RunningConsole | undefined;
let dir: string | undefined;
let cookie = '';

test.beforeAll(async () => {
  test.setTimeout(120_000);
  influx = await startInfluxd({ hashedTokens: true });
  dir = mkdtempSync(join(tmpdir(), 'itc-paused-'));
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const env = consoleEnv({ influx, baseURL, dir, usersFile: stack().usersFile, extra: { INFLUX_TIMEOUT_MS: String(TIMEOUT_MS) } });
  app = await startConsole(env, port, dir);
  cookie = await signIn(baseURL, TEST_USERS.admin.username, TEST_USERS.admin.password);
});

test.afterAll(async () => {
  if (influx) process.kill(influx.pid, 'SIGCONT');
  await app?.stop();
  await influx?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A GET as the admin that must have answered, body and all, a second after the connection's timeout. */
async function get(path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${app!.baseURL}${path}`, { headers: { cookie }, signal: AbortSignal.timeout(TIMEOUT_MS + 1000) });
  return { status: res.status, text: await res.text() };
}

test('with InfluxDB paused, a page and a picker answer with their "did not answer" words within the timeout', async () => {
  test.setTimeout(120_000);
  // Once while InfluxDB answers: the page's code is loaded and what the console caches is cached.
  const before = await fetch(`${app!.baseURL}/v1-credentials`, { headers: { cookie } });
  expect(before.status).toBe(200);
  expect(await before.text()).not.toContain('did not answer');

  process.kill(influx!.pid, 'SIGSTOP');
  try {
    const page = await get('/v1-credentials');
    expect(page.text).toContain('InfluxDB did not answer in time while trying to list v1 credentials.');

    const picker = await get(`/api/orgs/${influx!.orgID}/telegrafs`);
    expect(picker.status).toBe(504);
    expect(JSON.parse(picker.text)).toMatchObject({
      error: { code: 'upstream', message: 'InfluxDB did not answer in time while trying to list Telegraf configurations.' },
    });
  } finally {
    process.kill(influx!.pid, 'SIGCONT');
  }

  // InfluxDB answering again, the same page is whole again.
  await expect.poll(async () => (await get('/v1-credentials')).text.includes('did not answer'), { timeout: 30_000 }).toBe(false);
});
