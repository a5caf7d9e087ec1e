import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseScopeKey, scopeFromSearchParams, scopeKey, scopeQuery, withScope } from './scope';
import { scopeFields } from './scope-fields';

const slug = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const orgName = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s && s.length > 0);

describe('scope in URLs', () => {
  it('reads connection and org from search params, empty meaning absent', () => {
    expect(scopeFromSearchParams({ connection: 'staging', org: 'acme' })).toEqual({ connection: 'staging', org: 'acme' });
    expect(scopeFromSearchParams({ connection: ['b', 'c'], org: '' })).toEqual({ connection: 'b' });
    expect(scopeFromSearchParams(new URLSearchParams('org=x'))).toEqual({ org: 'x' });
  });

  it('round-trips any connection and org name through a link', () => {
    fc.assert(
      fc.property(slug, orgName, fc.constantFrom('/tokens', '/tokens?status=active&page=2', '/audit#top'), (connection, org, href) => {
        const url = new URL(withScope(href, { connection, org }), 'http://x');
        expect(scopeFromSearchParams(url.searchParams)).toEqual({ connection, org });
        expect(url.pathname).toBe(href.split(/[?#]/)[0]);
        if (href.includes('status=active')) expect(url.searchParams.get('page')).toBe('2');
        if (href.includes('#')) expect(url.hash).toBe('#top');
        expect(new URLSearchParams(scopeQuery({ connection, org })).get('org')).toBe(org);
      }),
    );
  });

  it('replaces a scope already in the link', () => {
    expect(withScope('/tokens?connection=a&org=x&q=1', { connection: 'b', org: 'y' })).toBe('/tokens?q=1&connection=b&org=y');
  });

  it('keys the kept inventory by connection and org, and splits the key back', () => {
    fc.assert(
      fc.property(slug, fc.stringMatching(/^[0-9a-f]{16}$/), (c, o) => {
        expect(parseScopeKey(scopeKey(c, o))).toEqual({ connectionID: c, orgID: o });
      }),
    );
  });

  it('lets an action body name one connection, never "all" nor something that is not an id', () => {
    const schema = z.object(scopeFields);
    expect(schema.safeParse({ connection: 'staging', org: 'acme' }).success).toBe(true);
    expect(schema.safeParse({}).success).toBe(true);
    for (const bad of ['all', 'Prod', '../x', '']) expect(schema.safeParse({ connection: bad }).success).toBe(false);
  });
});
