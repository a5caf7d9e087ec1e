// Readiness and liveness for load balancers, against a console of its own whose influxd this spec
// pauses (SIGSTOP: the process holds its port and accepts connections but never answers, the
// fault that made /api/health take 30 s before). The other specs share the run's influxd, so it is
// never the one paused. Exact latencies are in `scripts/bench/health.ts`; here every answer must
// only arrive well inside what a load balancer waits (5 s, against the 2 s budget).
import { ownStack } from './support/own-stack';
import { expect, storageStateFor, test } from './support/test';

const ANSWER_WITHIN_MS = 5000;

const own = ownStack('health');

/** One GET that must answer within ANSWER_WITHIN_MS (an abort fails the test). */
async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${own().app.baseURL}${path}`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Asks until `want` answers; every answer on the way must arrive in time too. */
async function untilStatus(path: string, want: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await get(path);
    if (answer.status === want) return answer;
    if (Date.now() > deadline) throw new Error(`${path} still answers ${answer.status}, not ${want}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('with InfluxDB paused, readiness answers 503 "degraded" in time, shared by concurrent polls; liveness answers 200', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  expect(await untilStatus('/api/health', 200)).toMatchObject({ body: { status: 'ok', influxdb: { status: 'pass' } } });

  await own().pause();
  try {
    // A result from before the pause may be served for up to 2 s; after that it must say so.
    const degraded = await untilStatus('/api/health', 503);
    expect(degraded.body).toEqual({
      status: 'degraded',
      console: { status: 'ok' },
      database: { status: 'pass' },
      influxdb: { status: 'fail' },
    });

    const burst = await Promise.all(Array.from({ length: 20 }, () => get('/api/health')));
    expect(burst.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 503));

    expect(await get('/api/health/live')).toEqual({ status: 200, body: { status: 'ok' } });

    // Signed in, the words say why (the session cookie is for localhost, any port).
    const context = await browser.newContext({ baseURL: own().app.baseURL, storageState: storageStateFor('viewer') });
    try {
      const res = await context.request.get('/api/health', { timeout: ANSWER_WITHIN_MS });
      expect(res.status()).toBe(503);
      const body = (await res.json()) as { influxdb: { status: string; problem?: string; url?: string } };
      expect(body.influxdb).toMatchObject({ status: 'fail', url: own().influx.url });
      expect(body.influxdb.problem).toMatch(/^InfluxDB did not answer in time|^no answer within/);
    } finally {
      await context.close();
    }
  } finally {
    own().resume();
  }

  // Back without a restart of the console.
  expect(await untilStatus('/api/health', 200)).toMatchObject({ body: { status: 'ok', influxdb: { status: 'pass' } } });
});
