import { describe, expect, it } from 'vitest';
import { influxAuthCreateCommand, shellQuote } from './cli-command';
import { allAccessGrants } from './presets';

const TYPES = ['authorizations', 'buckets', 'dashboards', 'orgs', 'telegrafs', 'users', 'secrets'];
const ctx = { host: 'http://127.0.0.1:8086', orgID: '0123456789abcdef', ownerName: 'token-console', description: 'edge writer', status: 'active' as const, resourceTypes: TYPES };
const A = 'aaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbb';

describe('influxAuthCreateCommand', () => {
  it('uses --read-bucket/--write-bucket with ids, the org id and the owner name', () => {
    const r = influxAuthCreateCommand(
      [
        { type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id: A, name: 'a' }] } },
        { type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: B, name: 'b' }] } },
        { type: 'dashboards', action: 'read', scope: { kind: 'all' } },
      ],
      ctx,
    );
    expect(r.inexpressible).toEqual([]);
    expect(r.command).toBe(
      `influx auth create --host http://127.0.0.1:8086 --org-id 0123456789abcdef --user token-console --description 'edge writer' --read-bucket ${A} --read-dashboards --write-bucket ${B}`,
    );
  });

  it('says --all-access for exactly the All access set, and nothing else can be added to it', () => {
    expect(influxAuthCreateCommand(allAccessGrants(TYPES), ctx).command).toMatch(/ --all-access$/);
    const more = [...allAccessGrants(TYPES), { type: 'buckets', action: 'read' as const, scope: { kind: 'items' as const, items: [{ id: A }] } }];
    // "all" absorbs items when normalised, so this is still All access.
    expect(influxAuthCreateCommand(more, ctx).command).toMatch(/ --all-access$/);
  });

  it('refuses to print a command that would mint something wider', () => {
    const orgOnly = influxAuthCreateCommand([{ type: 'orgs', action: 'read', scope: { kind: 'all' } }], ctx);
    expect(orgOnly.command).toBeUndefined();
    expect(orgOnly.inexpressible[0]).toMatch(/every organisation/);
    const owner = influxAuthCreateCommand([{ type: 'users', action: 'read', scope: { kind: 'owner' } }], ctx);
    expect(owner.command).toBeUndefined();
    const tg = influxAuthCreateCommand([{ type: 'telegrafs', action: 'read', scope: { kind: 'items', items: [{ id: A }] } }], ctx);
    expect(tg.inexpressible[0]).toMatch(/only for buckets/);
    const unknownType = influxAuthCreateCommand([{ type: 'widgets', action: 'read', scope: { kind: 'all' } }], ctx);
    expect(unknownType.inexpressible[0]).toMatch(/no flag/);
  });

  it('asks for a follow-up step for inactive tokens', () => {
    const r = influxAuthCreateCommand([{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }], { ...ctx, status: 'inactive' });
    expect(r.command).toBeDefined();
    expect(r.followUp).toMatch(/influx auth inactive/);
  });

  it('quotes for a POSIX shell', () => {
    expect(shellQuote('plain-name_1.2')).toBe('plain-name_1.2');
    expect(shellQuote(`it's $HOME; rm -rf /`)).toBe(`'it'\\''s $HOME; rm -rf /'`);
  });
});
