import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksLikeSecret, normalisePrefill, prefillSchema, type Prefill, type PrefillGrant } from './prefill';
import { LINK_PARAMS, LINK_PATH, buildShareLink, decodeShareLink, parsePermissionPart, permissionParts, templateLink } from './share-link';
import { prefillArb, validNameArb } from './test-arbitraries';

const TOKEN = 'xOx5ek8UKEDsHT5Jm1b_8Bq2BQtw_OKhEg7ag8tA6XqTNVRtg1wCwjUhFRz-6A-C_3ZZRGxoNIUe-BzIjRpupQ==';

describe('link grammar: examples', () => {
  it('encodes a form as a readable link close to InfluxDB permission strings', () => {
    const { href, leftOut } = buildShareLink({
      description: 'IoT writer',
      status: 'active',
      org: 'acme',
      grants: [
        { type: 'buckets', action: 'write', scope: { kind: 'items', names: ['iot-center'] } },
        { type: 'buckets', action: 'read', scope: { kind: 'items', names: ['iot-center'] } },
        { type: 'dashboards', action: 'read', scope: { kind: 'all' } },
        { type: 'users', action: 'read', scope: { kind: 'owner' } },
      ],
    });
    expect(leftOut).toEqual([]);
    expect(href).toBe(
      '/tokens/new?v=1&d=IoT+writer&s=active&org=acme&p=read:buckets/iot-center&p=write:buckets/iot-center&p=read:dashboards&p=read:users/owner',
    );
  });

  it('decodes the example from the issue', () => {
    const d = decodeShareLink(
      '/tokens/new?v=1&d=IoT+writer&s=active&p=write:buckets/iot-center&p=read:buckets/iot-center&p=read:dashboards&org=acme',
    );
    expect(d.notApplied).toEqual([]);
    expect(d.version).toBe(1);
    expect(d.prefill).toEqual({
      org: 'acme',
      description: 'IoT writer',
      status: 'active',
      grants: [
        { type: 'buckets', action: 'read', scope: { kind: 'items', names: ['iot-center'] } },
        { type: 'buckets', action: 'write', scope: { kind: 'items', names: ['iot-center'] } },
        { type: 'dashboards', action: 'read', scope: { kind: 'all' } },
      ],
    });
  });

  it('reads full URLs, bare queries, URLSearchParams and Next searchParams alike', () => {
    const want = [{ type: 'buckets', action: 'read', scope: { kind: 'items', names: ['a b', 'c/d'] } }];
    for (const input of [
      'https://console.example/tokens/new?p=read:buckets/a+b&p=read:buckets/c/d#frag',
      'p=read:buckets/a%20b&p=read:buckets/c%2Fd',
      new URLSearchParams([
        ['p', 'read:buckets/a b'],
        ['p', 'read:buckets/c/d'],
      ]),
      { p: ['read:buckets/a b', 'read:buckets/c/d'] },
    ]) {
      const d = decodeShareLink(input);
      expect(d.prefill.grants).toEqual(want);
      expect(d.notApplied).toEqual([]);
    }
  });

  it('`*` or no item means every one in the org; duplicates and items under "all" merge', () => {
    const d = decodeShareLink('?v=1&p=read:buckets/*&p=read:buckets/x&p=write:telegrafs&p=write:telegrafs/t1&p=read:tasks&p=read:tasks');
    expect(d.prefill.grants).toEqual([
      { type: 'buckets', action: 'read', scope: { kind: 'all' } },
      { type: 'tasks', action: 'read', scope: { kind: 'all' } },
      { type: 'telegrafs', action: 'write', scope: { kind: 'all' } },
    ]);
  });

  it('reports every part it cannot apply, with a reason, and applies the rest', () => {
    const d = decodeShareLink(
      '?v=1&p=read:buckets/ok&p=admin:buckets&p=read:instance&p=read:users&p=read:users/bob&p=read:dashboards/main&p=write:orgs/other' +
        '&p=read&p=read:buckets/&p=read:9x&s=paused&redirect=https://evil.example&d=a&d=b&version=3',
    );
    expect(d.prefill.grants).toEqual([{ type: 'buckets', action: 'read', scope: { kind: 'items', names: ['ok'] } }]);
    expect(d.prefill.description).toBe('a');
    const reasons = Object.fromEntries(d.notApplied.map((n) => [n.part, n.reason]));
    expect(Object.keys(reasons)).toEqual([
      'redirect=https://evil.example',
      'd=b',
      'p=admin:buckets',
      'p=read:instance',
      'p=read:users',
      'p=read:users/bob',
      'p=read:dashboards/main',
      'p=write:orgs/other',
      'p=read',
      'p=read:buckets/',
      'p=read:9x',
      's=paused',
      'version=3',
    ]);
    expect(reasons['redirect=https://evil.example']).toMatch(/not part of a token link/);
    expect(reasons['d=b']).toMatch(/more than once/);
    expect(reasons['p=admin:buckets']).toMatch(/not an action/);
    expect(reasons['p=read:instance']).toMatch(/never be granted/);
    expect(reasons['p=read:users']).toMatch(/own user/);
    expect(reasons['p=read:dashboards/main']).toMatch(/only buckets and Telegraf/);
    expect(reasons['p=write:orgs/other']).toMatch(/own org/);
    expect(reasons['s=paused']).toMatch(/active or inactive/);
  });

  it('never carries or shows a secret', () => {
    const d = decodeShareLink(`?v=1&token=${TOKEN}&d=${encodeURIComponent(`mine ${TOKEN}`)}&p=read:buckets/${TOKEN}&password=hunter2`);
    expect(d.prefill).toEqual({ grants: [] });
    expect(d.notApplied.map((n) => n.part)).toEqual([
      'token=(hidden)',
      'password=(hidden)',
      'd=(hidden: looked like a secret)',
      'p=(hidden: looked like a secret)',
    ]);
    expect(JSON.stringify(d)).not.toContain(TOKEN.slice(0, 20));
    expect(JSON.stringify(d)).not.toContain('hunter2');

    const link = buildShareLink({
      description: `token ${TOKEN}`,
      grants: [{ type: 'buckets', action: 'read', scope: { kind: 'items', names: [TOKEN] } }],
    });
    expect(link.href).toBe('/tokens/new?v=1');
    expect(link.leftOut.map((l) => l.part)).toEqual(['d=(hidden: looked like a secret)', 'p=(hidden: looked like a secret)']);
    expect(link.leftOut[0]!.reason).toMatch(/secret/);
  });

  it('does not apply links of an unknown format version, and says so for every part', () => {
    const d = decodeShareLink('?v=7&d=x&p=read:buckets');
    expect(d.prefill).toEqual({ grants: [] });
    expect(d.notApplied).toHaveLength(3);
    expect(d.notApplied[0]).toEqual({ part: 'v=7', reason: expect.stringMatching(/newer console/) });
    expect(decodeShareLink('?v=one&p=read:buckets').notApplied.map((n) => n.part)).toEqual(['v=one', 'p=read:buckets']);
  });

  it('a link without v is read as format 1, so hand-written links work', () => {
    expect(decodeShareLink('?p=read:buckets').prefill.grants).toEqual([{ type: 'buckets', action: 'read', scope: { kind: 'all' } }]);
  });

  it('template links: slug and optional version; other settings are reported, not mixed in', () => {
    expect(templateLink('telegraf-writer')).toBe('/tokens/new?template=telegraf-writer');
    expect(templateLink('telegraf-writer', 3)).toBe('/tokens/new?template=telegraf-writer&version=3');
    expect(() => templateLink('../x')).toThrow();
    expect(decodeShareLink('/tokens/new?template=telegraf-writer&version=3')).toEqual({
      version: 1,
      prefill: { grants: [] },
      template: { slug: 'telegraf-writer', version: 3 },
      notApplied: [],
    });
    const mixed = decodeShareLink('?template=tw&version=x&p=write:authorizations');
    expect(mixed.template).toEqual({ slug: 'tw' });
    expect(mixed.prefill.grants).toEqual([]);
    expect(mixed.notApplied.map((n) => n.part)).toEqual(['version=x', 'p=write:authorizations']);
    const bad = decodeShareLink('?template=../../etc');
    expect(bad.template).toBeUndefined();
    expect(bad.notApplied[0]!.reason).toMatch(/not a template name/);
  });

  it('caps what it reads: very long links and very many parts', () => {
    const long = decodeShareLink(`?d=${'x'.repeat(20_000)}`);
    expect(long.prefill).toEqual({ grants: [] });
    expect(long.notApplied[0]!.reason).toMatch(/longer than/);
    const many = decodeShareLink(Array.from({ length: 400 }, (_, i) => `x${i}=1`).join('&'));
    expect(many.notApplied.length).toBe(51);
    expect(many.notApplied[0]!.part).toMatch(/100 parts after the first 300/);
    expect(many.notApplied[50]!.part).toMatch(/more parts/);
  });

  it('names cannot begin or end with a space (the line editor and template files trim lines)', () => {
    const d = decodeShareLink('?p=read:buckets/+padded&owner=bob+');
    expect(d.prefill).toEqual({ grants: [] });
    expect(d.notApplied.map((n) => n.reason)).toEqual([
      'a name cannot begin or end with a space',
      'a name cannot begin or end with a space',
    ]);
  });

  it('parsePermissionPart keeps everything after the first slash as the item name', () => {
    expect(parsePermissionPart('write:buckets/a/b:c')).toEqual({
      ok: true,
      grant: { type: 'buckets', action: 'write', scope: { kind: 'items', names: ['a/b:c'] } },
    });
    expect(parsePermissionPart('write:buckets/owner')).toEqual({
      ok: true,
      grant: { type: 'buckets', action: 'write', scope: { kind: 'items', names: ['owner'] } },
    });
  });
});

describe('link grammar: properties', () => {
  it('encode then decode is the identity for any valid prefill (up to its canonical form)', () => {
    fc.assert(
      fc.property(prefillArb, (p) => {
        expect(prefillSchema.safeParse(p).success).toBe(true);
        const { href, leftOut } = buildShareLink(p);
        expect(leftOut).toEqual([]);
        const d = decodeShareLink(href);
        expect(d.notApplied).toEqual([]);
        expect(d.prefill).toEqual(normalisePrefill(p));
      }),
      { numRuns: 500 },
    );
  });

  it('for a canonical prefill it is exactly the identity, and canonicalising is idempotent', () => {
    fc.assert(
      fc.property(prefillArb, (raw) => {
        const p = normalisePrefill(raw);
        expect(normalisePrefill(p)).toEqual(p);
        expect(decodeShareLink(buildShareLink(p).href).prefill).toEqual(p);
        // And through a full URL as a person would paste it.
        expect(decodeShareLink(`https://console.example${buildShareLink(p).href}`).prefill).toEqual(p);
      }),
      { numRuns: 300 },
    );
  });

  const fragment = fc.constantFrom(
    'p=',
    'p=read:',
    'p=write:',
    'buckets',
    'telegrafs',
    'users/owner',
    'orgs',
    'instance',
    '/',
    '*',
    '&',
    '=',
    '?',
    '#',
    '%',
    '%2',
    '%E0%A4%A',
    '%00',
    '+',
    'v=1',
    'v=2',
    'd=',
    's=active',
    'org=',
    'owner=',
    'template=',
    'version=',
    'token=',
    TOKEN,
    '\u0000',
    '\ud800',
    'é',
    '😀',
  );
  const linkish = fc.array(fc.oneof(fragment, fc.string({ maxLength: 8 })), { maxLength: 40 }).map((a) => a.join(''));
  const anyString = fc.oneof(linkish, fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 200 }));

  function checkDecoded(d: ReturnType<typeof decodeShareLink>) {
    expect(prefillSchema.safeParse(d.prefill).success).toBe(true);
    expect(normalisePrefill(d.prefill)).toEqual(d.prefill);
    // Every grant is something the grammar can write and read back.
    for (const g of d.prefill.grants) for (const part of permissionParts(g)) expect(parsePermissionPart(part).ok).toBe(true);
    for (const n of d.notApplied) {
      expect(typeof n.part).toBe('string');
      expect(n.reason.length).toBeGreaterThan(0);
      expect(looksLikeSecret(n.part) || looksLikeSecret(n.reason)).toBe(false);
    }
    expect(JSON.stringify(d)).not.toContain(TOKEN.slice(10, 50));
  }

  it('decoding arbitrary strings never throws and never yields anything outside the grammar', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        checkDecoded(decodeShareLink(s));
        checkDecoded(decodeShareLink(`/tokens/new?${s}`));
      }),
      { numRuns: 2000 },
    );
  });

  it('decoding arbitrary search-param records never throws and stays in the grammar', () => {
    const rec = fc.dictionary(
      fc.oneof(fc.constantFrom(...LINK_PARAMS, 'token'), fc.string({ maxLength: 6 })),
      fc.oneof(anyString, fc.array(anyString, { maxLength: 4 })),
    );
    fc.assert(
      fc.property(rec, (r) => checkDecoded(decodeShareLink(r))),
      { numRuns: 1000 },
    );
  });

  it('no generated link contains anything but the allowed parameters, on this console only', () => {
    // Arbitrary input, including junk the type system would not allow, secrets and off-site URLs.
    const junkGrant = fc.record(
      { type: fc.oneof(fc.string(), fc.constant('instance')), action: fc.string(), scope: fc.anything() },
      { requiredKeys: [] },
    );
    const junk = fc.record(
      {
        org: fc.oneof(fc.string(), fc.constant('https://evil.example')),
        description: fc.oneof(fc.string({ unit: 'binary' }), fc.constant(TOKEN), fc.constant(`//evil.example/${TOKEN}`)),
        status: fc.oneof(fc.constantFrom('active', 'inactive'), fc.string()),
        owner: fc.string(),
        grants: fc.array(
          fc.oneof(
            junkGrant,
            prefillArb.map((p) => p.grants[0] ?? {}),
          ),
          { maxLength: 10 },
        ),
      },
      { requiredKeys: [] },
    );
    const allowed = new Set<string>(['v', 'd', 's', 'org', 'owner', 'p']);
    fc.assert(
      fc.property(fc.oneof(junk, prefillArb), (p) => {
        const { href } = buildShareLink(p as Prefill);
        expect(href.startsWith(`${LINK_PATH}?v=1`)).toBe(true);
        const url = new URL(href, 'https://console.example');
        expect(url.origin).toBe('https://console.example');
        expect(url.pathname).toBe(LINK_PATH);
        expect(url.hash).toBe('');
        for (const [k, v] of url.searchParams) {
          expect(allowed.has(k)).toBe(true);
          expect(looksLikeSecret(v)).toBe(false);
        }
        // What went in decodes back without complaint: the encoder emits only grammar.
        expect(decodeShareLink(href).notApplied).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('item names survive any characters the grammar allows', () => {
    fc.assert(
      fc.property(validNameArb, (name) => {
        const g: PrefillGrant = { type: 'telegrafs', action: 'write', scope: { kind: 'items', names: [name] } };
        expect(decodeShareLink(buildShareLink({ grants: [g] }).href).prefill.grants).toEqual([g]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('link format 2: the connection', () => {
  const slug = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/).filter((s) => s !== 'all');

  it('carries the connection when there is one, and reads it back with the rest', () => {
    fc.assert(
      fc.property(prefillArb, slug, (prefill, connection) => {
        const link = buildShareLink(prefill, { connection });
        expect(link.href.startsWith(`/tokens/new?v=2&connection=${connection}`)).toBe(true);
        const back = decodeShareLink(link.href);
        expect(back.version).toBe(2);
        expect(back.connection).toBe(connection);
        expect(back.prefill).toEqual(decodeShareLink(buildShareLink(prefill).href).prefill);
      }),
    );
  });

  it('makes format 1 links without a connection, as before connections', () => {
    expect(buildShareLink({ grants: [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }] }).href).toBe(
      '/tokens/new?v=1&p=read:dashboards',
    );
  });

  it('reads format 1 links with no connection (the page opens them on the default one), and says so of a stray one', () => {
    const v1 = decodeShareLink('?v=1&org=acme&p=read:dashboards');
    expect(v1.version).toBe(1);
    expect(v1.connection).toBeUndefined();
    const stray = decodeShareLink('?v=1&connection=staging&p=read:dashboards');
    expect(stray.connection).toBeUndefined();
    expect(stray.notApplied).toEqual([
      { part: 'connection=staging', reason: expect.stringMatching(/format 1 link carries no connection/) },
    ]);
  });

  it('does not take a connection that is not an id, nor the all-connections view', () => {
    for (const bad of ['all', 'Prod', '../x']) {
      const d = decodeShareLink(`?v=2&connection=${encodeURIComponent(bad)}&p=read:dashboards`);
      expect(d.connection).toBeUndefined();
      expect(d.notApplied[0]!.reason).toMatch(/not a connection id/);
      expect(d.prefill.grants).toHaveLength(1);
    }
    expect(decodeShareLink('?v=5&p=read:dashboards').notApplied[0]!.reason).toMatch(/reads formats 1 to 4/);
  });
});

describe('link format 3: the lifetime', () => {
  it('a prefill with a lifetime makes a format 3 link that decodes to the same prefill; without one, links stay as before', () => {
    const prefill = {
      description: 'iot',
      lifetime: '30d',
      grants: [{ type: 'dashboards', action: 'read' as const, scope: { kind: 'all' as const } }],
    };
    const link = buildShareLink(prefill, { connection: 'staging' });
    expect(link).toEqual({ href: '/tokens/new?v=3&connection=staging&d=iot&p=read:dashboards&life=30d', leftOut: [] });
    const d = decodeShareLink(link.href);
    expect(d).toMatchObject({ version: 3, connection: 'staging', prefill: { description: 'iot', lifetime: '30d' }, notApplied: [] });
    // Format 3 came before "Deliver to" (format 4): that is all it lacks.
    expect(d.lacked).toEqual([expect.stringMatching(/“Deliver to” destination/)]);
    expect(buildShareLink({ ...prefill, lifetime: undefined }).href).toBe('/tokens/new?v=1&d=iot&p=read:dashboards');
    expect(buildShareLink({ ...prefill, lifetime: '2026-12-31' }).href).toContain('v=3&d=iot');
    expect(buildShareLink({ ...prefill, lifetime: 'next week' }).leftOut).toEqual([
      { part: 'life=next week', reason: expect.stringMatching(/a lifetime is/) },
    ]);
  });

  it('old links decode as before and say they carry no lifetime; a lifetime they carry anyway is not applied', () => {
    for (const old of ['?v=1&p=read:dashboards', '?p=read:dashboards', '?v=2&connection=staging&p=read:dashboards']) {
      const d = decodeShareLink(old);
      expect(d.prefill.grants).toHaveLength(1);
      expect(d.prefill.lifetime).toBeUndefined();
      expect(d.notApplied).toEqual([]);
      expect(d.lacked).toEqual([expect.stringMatching(/policy default applies/), expect.stringMatching(/“Deliver to” destination/)]);
    }
    const d = decodeShareLink('?v=2&p=read:dashboards&life=30d');
    expect(d.prefill.lifetime).toBeUndefined();
    expect(d.notApplied).toEqual([{ part: 'life=30d', reason: expect.stringMatching(/format 2 link carries no lifetime/) }]);
  });

  it('a format 3 link with a lifetime that is not one reports it and keeps the rest', () => {
    const d = decodeShareLink('?v=3&p=read:dashboards&life=soon');
    expect(d.prefill).toMatchObject({ grants: [{ type: 'dashboards' }] });
    expect(d.prefill.lifetime).toBeUndefined();
    expect(d.notApplied).toEqual([{ part: 'life=soon', reason: expect.stringMatching(/a lifetime is/) }]);
  });
});
