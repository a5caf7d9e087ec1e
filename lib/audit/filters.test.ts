import { describe, expect, it } from 'vitest';
import { filterQuery, parseAuditFilter, parseInstant } from './filters';

const known = new Set(['token.create', 'auth.signin']);

describe('parseAuditFilter', () => {
  it('takes every filter from the URL', () => {
    const p = parseAuditFilter(
      {
        person: ' local:ada ',
        action: 'token.create',
        outcome: 'refused',
        token: '0a1b2c3d4e5f6071',
        from: '2026-03-01',
        to: '2026-03-02',
      },
      known,
    );
    expect(p.problems).toEqual([]);
    expect(p.filter).toEqual({
      person: 'local:ada',
      action: 'token.create',
      outcome: 'refused',
      token: '0a1b2c3d4e5f6071',
      from: '2026-03-01T00:00:00.000Z',
      // A day as "to" includes that whole day.
      toExclusive: '2026-03-03T00:00:00.000Z',
    });
    expect(filterQuery(p.raw, { before: 9 })).toBe(
      'person=local%3Aada&action=token.create&outcome=refused&token=0a1b2c3d4e5f6071&from=2026-03-01&to=2026-03-02&before=9',
    );
  });

  it('names each value it cannot use, instead of ignoring it', () => {
    const p = parseAuditFilter({ action: 'token.steal', outcome: 'maybe', token: 'xyz', from: '2026-02-30', to: 'yesterday' }, known);
    expect(p.filter).toEqual({});
    expect(p.problems).toHaveLength(5);
    expect(p.problems.join('\n')).toMatch(/“token.steal” is not an action/);
    expect(p.problems.join('\n')).toMatch(/“maybe” is not an outcome/);
    expect(p.problems.join('\n')).toMatch(/“xyz” is not a token id/);
    expect(p.problems.join('\n')).toMatch(/“2026-02-30” is not a date/);
    expect(p.problems.join('\n')).toMatch(/“yesterday” is not a date/);
  });

  it('filters by organisation id and refuses anything that is not one', () => {
    expect(parseAuditFilter({ org: '0a1b2c3d4e5f6071' }, known).filter).toEqual({ org: '0a1b2c3d4e5f6071' });
    const bad = parseAuditFilter({ org: 'acme' }, known);
    expect(bad.filter).toEqual({});
    expect(bad.problems).toEqual(['“acme” is not an organisation id: organisation ids are 16 hex digits.']);
    expect(filterQuery(parseAuditFilter({ org: '0a1b2c3d4e5f6071', outcome: 'success' }, known).raw)).toBe(
      'outcome=success&org=0a1b2c3d4e5f6071',
    );
  });

  it('refuses an empty time range', () => {
    expect(parseAuditFilter({ from: '2026-03-05', to: '2026-03-01' }, known).problems).toEqual([
      'The time range is empty: “from” is after “to”.',
    ]);
  });

  it('reads instants as UTC unless they say otherwise, and arrays by their first value', () => {
    expect(parseInstant('2026-03-01T10:30', false)).toBe('2026-03-01T10:30:00.000Z');
    expect(parseInstant('2026-03-01T10:30:00+02:00', false)).toBe('2026-03-01T08:30:00.000Z');
    expect(parseInstant('2026-13-01', false)).toBeUndefined();
    expect(parseAuditFilter({ outcome: ['success', 'failure'] }, known).filter).toEqual({ outcome: 'success' });
    expect(parseAuditFilter(new URLSearchParams('action=auth.signin'), known).filter).toEqual({ action: 'auth.signin' });
  });
});

describe('parseAuditFilter, connection', () => {
  const known = new Set<string>();
  const stored = (id: string) => ({ production: 'default', edge: 'edge' })[id];

  it('filters by the id the rows are stored under, and refuses a connection the console does not have', () => {
    expect(parseAuditFilter({ connection: 'edge' }, known, stored).filter).toEqual({ connection: 'edge' });
    // The file's default connection keeps the rows recorded before connections ('default').
    expect(parseAuditFilter({ connection: 'production' }, known, stored).filter).toEqual({ connection: 'default' });
    const bad = parseAuditFilter({ connection: 'nowhere' }, known, stored);
    expect(bad.filter).toEqual({});
    expect(bad.problems).toEqual(['“nowhere” is not a connection of this console.']);
    expect(filterQuery(parseAuditFilter({ connection: 'edge', outcome: 'success' }, known, stored).raw)).toBe(
      'outcome=success&connection=edge',
    );
  });
});
