import { describe, expect, it } from 'vitest';
import { DATABASE_UNREACHABLE_DIGEST, DATABASE_UNREACHABLE_WORDS } from '@/lib/storage/unreachable';
import { answeringDatabaseDown } from './database-unreachable';

// The storage's error, as lib/storage/postgres.ts throws it (its digest is what marks it), wrapped
// once more as a caller might.
const unreachable = () =>
  new Error('reading the audit trail failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { digest: DATABASE_UNREACHABLE_DIGEST }),
  });

describe('a JSON route while the database is down', () => {
  it('answers 503 with the pages’ words, a reference and a retry time, never the storage error', async () => {
    const route = answeringDatabaseDown('test.route', async (): Promise<Response> => {
      throw unreachable();
    });
    const res = await route();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error).toEqual({ code: 'unavailable', message: DATABASE_UNREACHABLE_WORDS, requestId: expect.any(String) });
    expect(JSON.stringify(body)).not.toContain('ECONNREFUSED');
  });

  it('passes its answer through, and any other error too', async () => {
    const ok = answeringDatabaseDown('test.route', async (n: number) => Response.json({ n }));
    expect(await (await ok(7)).json()).toEqual({ n: 7 });
    const broken = answeringDatabaseDown('test.route', async (): Promise<Response> => {
      throw new TypeError('a bug');
    });
    await expect(broken()).rejects.toThrow('a bug');
  });
});
