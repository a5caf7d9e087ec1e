// The request deadline's rules, with stand-in calls: every call in one request stops at the same
// instant, a write is never sent once it has passed, and background work carries none.
import { describe, expect, it, vi } from 'vitest';
import { requestDeadline, withDeadline, withFreshDeadline, withoutDeadline } from './deadline';
import { InfluxError } from './errors';
import { call } from './transport';

const conn = { url: 'http://influx.test:8086', token: 'not-a-real-token', timeoutMs: 60_000 };
const never = () => new Promise<never>(() => {});

describe('request deadline', () => {
  it('is absent outside a request, and the outer one stands when nested', async () => {
    expect(requestDeadline(1000)).toBeUndefined();
    await withDeadline(async () => {
      const outer = requestDeadline(1000);
      expect(outer).toBeTypeOf('number');
      await withDeadline(async () => expect(requestDeadline(1000)).toBe(outer), 60_000);
      await withoutDeadline(async () => expect(requestDeadline(1000)).toBeUndefined());
    });
  });

  it('ends a read that does not answer, and its retries, with a timeout', async () => {
    const fn = vi.fn(never);
    const error = await withDeadline(() => call(conn, 'GET', '/api/v2/orgs', fn), 50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfluxError);
    expect(error).toMatchObject({ kind: 'timeout', operation: 'GET /api/v2/orgs' });
    expect((error as InfluxError).outcomeUnknown).toBe(true);
    expect(fn).toHaveBeenCalledOnce();
  });

  it('never sends a write once the deadline has passed, and says nothing can have happened', async () => {
    const fn = vi.fn(async () => 'created');
    const error = await withFreshDeadline(0, () => call(conn, 'POST', '/api/v2/authorizations', fn)).catch((e: unknown) => e);
    expect(fn).not.toHaveBeenCalled();
    expect(error).toMatchObject({ kind: 'timeout', notSent: true });
    expect((error as InfluxError).outcomeUnknown).toBe(false);
  });

  it('leaves calls that answer in time alone', async () => {
    await expect(withDeadline(() => call(conn, 'GET', '/api/v2/me', async () => 'me'), 5_000)).resolves.toBe('me');
  });
});
