// Link format 4 (issue 17): a link or template carries the "Deliver to" destination. Only its
// shape travels in the grammar; the store and prefix are checked on the server.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisePrefill, type Prefill, type PrefillDeliver } from './prefill';
import { formShareLink } from './form-share-link';
import { NO_DESTINATION, buildShareLink, decodeShareLink } from './share-link';
import { prefillArb } from './test-arbitraries';

const segmentArb = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,11}$/);
const deliverArb: fc.Arbitrary<PrefillDeliver> = fc.record(
  {
    store: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,12}$/),
    path: fc.array(segmentArb, { minLength: 1, maxLength: 5 }).map((s) => s.join('/')),
    key: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/),
    withUrlAndOrg: fc.boolean(),
  },
  { requiredKeys: ['store', 'path'] },
);
const withDestinationArb = fc.tuple(prefillArb, deliverArb).map(([p, deliver]): Prefill => ({ ...p, deliver }));

const dashboards = [{ type: 'dashboards', action: 'read' as const, scope: { kind: 'all' as const } }];

describe('link format 4: the destination', () => {
  it('property: a prefill with a destination encodes as format 4 and decodes to its canonical form', () => {
    fc.assert(
      fc.property(withDestinationArb, (prefill) => {
        const link = buildShareLink(prefill);
        expect(link.leftOut).toEqual([]);
        expect(link.href).toMatch(/^\/tokens\/new\?v=4&/);
        const decoded = decodeShareLink(link.href);
        expect(decoded.notApplied).toEqual([]);
        expect(decoded.lacked).toBeUndefined();
        expect(decoded.prefill).toEqual(normalisePrefill(prefill));
      }),
    );
  });

  it('property: a link without a destination is the format it was before (1 to 3)', () => {
    fc.assert(
      fc.property(prefillArb, (prefill) => {
        expect(buildShareLink(prefill).href).toMatch(/^\/tokens\/new\?v=[13]&/);
        expect(decodeShareLink(buildShareLink(prefill).href).lacked).toContain(NO_DESTINATION);
      }),
    );
  });

  it('writes the destination readably, leaving out the default key', () => {
    const link = buildShareLink({ grants: dashboards, deliver: { store: 'vault', path: 'secret/influx/edge-01', key: 'token' } });
    expect(link.href).toBe('/tokens/new?v=4&p=read:dashboards&store=vault&path=secret/influx/edge-01');
    const full = buildShareLink({
      grants: dashboards,
      deliver: { store: 'vault', path: 'influx/edge-01', key: 'influx_token', withUrlAndOrg: true },
    });
    expect(full.href).toBe('/tokens/new?v=4&p=read:dashboards&store=vault&path=influx/edge-01&key=influx_token&urlorg=1');
    expect(decodeShareLink(full.href).prefill.deliver).toEqual({
      store: 'vault',
      path: 'influx/edge-01',
      key: 'influx_token',
      withUrlAndOrg: true,
    });
  });

  it('refuses paths that walk or have empty segments, and key names that are not identifiers, keeping the rest', () => {
    for (const [query, reason] of [
      ['store=vault&path=influx/../admin', /“\.\.”/],
      ['store=vault&path=influx//edge', /empty segment/],
      ['store=vault&path=/influx/edge', /must not start/],
      ['store=vault&path=influx/edge&key=my-key', /plain identifier/],
      ['store=Vault!&path=influx/edge', /secret store id/],
      ['path=influx/edge', /needs both store= and path=/],
      ['store=vault&path=influx/edge&urlorg=yes', /urlorg is 1/],
    ] as const) {
      const d = decodeShareLink(`?v=4&p=read:dashboards&${query}`);
      expect(d.prefill.deliver, query).toBeUndefined();
      expect(d.prefill.grants, query).toHaveLength(1);
      expect(d.notApplied.length, query).toBeGreaterThan(0);
      for (const n of d.notApplied) expect(n.reason, query).toMatch(reason);
    }
    expect(buildShareLink({ grants: dashboards, deliver: { store: 'vault', path: 'a/../b' } }).leftOut).toEqual([
      { part: 'path=vault:a/../b', reason: expect.stringMatching(/“\.\.”/) },
    ]);
  });

  it('older formats decode as before, say they lack a destination, and report one they carry anyway', () => {
    const d3 = decodeShareLink('?v=3&p=read:dashboards&life=7d&store=vault&path=influx/edge');
    expect(d3.prefill).toEqual({ lifetime: '7d', grants: dashboards });
    expect(d3.lacked).toEqual([NO_DESTINATION]);
    expect(d3.notApplied.map((n) => n.part)).toEqual(['store=vault', 'path=influx/edge']);
    expect(d3.notApplied[0]?.reason).toMatch(/format 3 link carries no “Deliver to” destination \(format 4 does\)/);
    const d1 = decodeShareLink('?p=read:dashboards');
    expect(d1.lacked).toHaveLength(2);
  });

  it('a template link takes the destination from the template, not the link', () => {
    const d = decodeShareLink('?v=4&template=edge-writer&store=vault&path=influx/edge');
    expect(d.template).toEqual({ slug: 'edge-writer' });
    expect(d.prefill.deliver).toBeUndefined();
    expect(d.notApplied.map((n) => n.reason)).toEqual([
      expect.stringMatching(/takes its settings from the template/),
      expect.stringMatching(/takes its settings from the template/),
    ]);
  });

  it('never shows a secret-looking path back', () => {
    const secret = 'aB3'.repeat(20);
    const d = decodeShareLink(`?v=4&p=read:dashboards&store=vault&path=influx/${secret}`);
    expect(d.prefill.deliver).toBeUndefined();
    expect(JSON.stringify(d)).not.toContain(secret);
  });

  it('the builder’s “Copy link” carries a store path; a half-typed path is listed as left out', () => {
    const grants = [{ type: 'dashboards', action: 'read' as const, scope: { kind: 'all' as const } }];
    const link = formShareLink({ grants, deliver: { store: 'lab', path: 'influx/edge-01', key: 'token', withUrlAndOrg: true } }, {});
    expect(link).toEqual({ href: '/tokens/new?v=4&p=read:dashboards&store=lab&path=influx/edge-01&urlorg=1', leftOut: [] });
    const typing = formShareLink({ grants, deliver: { store: 'lab', path: 'influx/', key: 'token' } }, {});
    expect(typing.href).toBe('/tokens/new?v=1&p=read:dashboards');
    expect(typing.leftOut).toEqual([{ part: 'path=lab:influx/', reason: expect.stringMatching(/must not end with/) }]);
  });
});
