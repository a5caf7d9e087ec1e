import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDeliveryTarget, deliveryRequestSchema, secretData, type StoreChoice } from './delivery-request';

const lab: StoreChoice = { id: 'lab', label: 'Lab OpenBao', mount: 'secret', pathPrefix: 'influx' };
const kv = (path: string, extra: Record<string, unknown> = {}) =>
  deliveryRequestSchema.parse({ kind: 'kv', storeId: 'lab', path, ...extra });

describe('the delivery request', () => {
  it('defaults the key to token and the handoff to one hour', () => {
    expect(kv('influx/a')).toEqual({
      kind: 'kv',
      storeId: 'lab',
      path: 'influx/a',
      key: 'token',
      withUrlAndOrg: false,
      graceSeconds: 3600,
    });
    expect(deliveryRequestSchema.parse({ kind: 'wrap', storeId: 'lab' })).toMatchObject({ key: 'token', ttlSeconds: 3600 });
  });

  it('refuses a key that is not a plain identifier, and a handoff longer than a day', () => {
    for (const key of ['a b', '1abc', 'tok-en', 'x'.repeat(65)])
      expect(deliveryRequestSchema.safeParse({ kind: 'kv', storeId: 'lab', path: 'influx/a', key }).success).toBe(false);
    expect(deliveryRequestSchema.safeParse({ kind: 'wrap', storeId: 'lab', ttlSeconds: 86_401 }).success).toBe(false);
    expect(deliveryRequestSchema.safeParse({ kind: 'kv', storeId: 'lab', path: 'influx/a', value: 'x' }).success).toBe(false);
  });

  it('accepts the mount in front of the path, as templates and links carry it', () => {
    expect(checkDeliveryTarget(kv('secret/influx/edge-01'), [lab])).toEqual({ ok: true, path: 'influx/edge-01' });
  });

  it('property: whatever path passes lies strictly under the prefix, with no empty, "." or ".." segment', () => {
    const segment = fc.constantFrom('influx', 'a', '..', '.', '', 'edge-01', 'x_y', 'influx-old', '%2e%2e', 'ünï');
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
        const r = checkDeliveryTarget(kv(segments.join('/') || 'x'), [lab]);
        if (!r.ok) return;
        const parts = r.path!.split('/');
        expect(parts[0]).toBe('influx');
        expect(parts.length).toBeGreaterThan(1);
        for (const p of parts) expect(['', '.', '..']).not.toContain(p);
      }),
    );
  });

  it('writes the URL and org id beside the value only when asked, and the value under its key wins', () => {
    const where = { url: 'http://influx:8086', orgID: 'abc' };
    expect(secretData({ key: 'token', withUrlAndOrg: false }, 'V', where)).toEqual({ token: 'V' });
    expect(secretData({ key: 'token', withUrlAndOrg: true }, 'V', where)).toEqual({ token: 'V', url: where.url, org_id: 'abc' });
    expect(secretData({ key: 'url', withUrlAndOrg: true }, 'V', where)).toEqual({ url: 'V', org_id: 'abc' });
  });
});
