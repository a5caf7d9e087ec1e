// A batch under the request deadline (lib/influx/deadline.ts), with stand-in InfluxDB calls: each
// token gets a deadline of its own, and once InfluxDB has not answered in time the rest are not
// tried (so a batch of 500 against a stopped server answers within about one timeout).
import { describe, expect, it } from 'vitest';
import { withFreshDeadline } from '@/lib/influx/deadline';
import { call } from '@/lib/influx/transport';
import { forEachToken } from './operations';

const conn = { url: 'http://influx.test:8086', token: 'not-a-real-token', timeoutMs: 50 };
const never = () => new Promise<never>(() => {});
const patch = (answers: boolean) => () => call(conn, 'PATCH', '/api/v2/authorizations/{id}', answers ? async () => undefined : never);

describe('forEachToken under a request deadline', () => {
  it('gives each token its own deadline: a batch outlasting the action’s still runs every token', async () => {
    // The action's deadline has already passed when the batch starts.
    const results = await withFreshDeadline(0, () =>
      forEachToken(
        ['a', 'b', 'c'],
        (id) => id,
        (id) => patch(true)().then(() => void id),
        'deactivate the token',
        1,
      ),
    );
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
  });

  it('stops trying once InfluxDB has not answered in time, and says which were not tried', async () => {
    const tried: string[] = [];
    const results = await withFreshDeadline(undefined, () =>
      forEachToken(
        ['a', 'b', 'c'],
        (id) => id,
        async (id) => {
          tried.push(id);
          await patch(id !== 'a')();
        },
        'deactivate the token',
        1,
      ),
    );
    expect(tried).toEqual(['a']);
    expect(results[0]).toMatchObject({ id: 'a', ok: false, problem: expect.stringMatching(/^InfluxDB did not answer in time/) });
    for (const r of results.slice(1)) expect(r).toMatchObject({ ok: false, problem: expect.stringMatching(/^Not tried/) });
  });
});
