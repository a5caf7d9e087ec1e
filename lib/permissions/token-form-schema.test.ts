import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formGrant, influxId } from './arbitraries';
import { newFormKey, newUserNameSchema, ownerSchema, tokenFormSchema, type TokenFormInput } from './token-form-schema';

const valid = (): TokenFormInput => ({
  formKey: '0b6f7a3e-4a53-4a8e-9a43-7d3a52c1c0de',
  orgID: '0123456789abcdef',
  description: 'telegraf on edge-01',
  status: 'active',
  owner: { kind: 'console' },
  grants: [{ type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: 'fedcba9876543210', name: 'iot' }] } }],
  confirmSensitive: false,
});

describe('tokenFormSchema', () => {
  it('accepts what the builder produces and normalises the grants', () => {
    fc.assert(
      fc.property(fc.array(formGrant(), { minLength: 1, maxLength: 8 }), influxId(), (grants, orgID) => {
        const r = tokenFormSchema.safeParse({ ...valid(), orgID, grants });
        expect(r.success).toBe(true);
      }),
    );
    const parsed = tokenFormSchema.parse({ ...valid(), description: '  padded  ' });
    expect(parsed.description).toBe('padded');
  });

  it('rejects each kind of malformed input with a field error', () => {
    const cases: [string, unknown][] = [
      ['formKey', { ...valid(), formKey: 'not-a-uuid' }],
      ['orgID', { ...valid(), orgID: 'acme' }],
      ['description', { ...valid(), description: '   ' }],
      ['description', { ...valid(), description: 'two\nlines' }],
      ['description', { ...valid(), description: 'x'.repeat(301) }],
      ['status', { ...valid(), status: 'enabled' }],
      ['owner', { ...valid(), owner: { kind: 'user', userID: '0123456789abcdef' } }],
      ['grants', { ...valid(), grants: [] }],
      ['grants', { ...valid(), grants: [{ type: 'instance', action: 'read', scope: { kind: 'all' } }] }],
      ['grants', { ...valid(), grants: [{ type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ name: 'iot' }] } }] }],
      ['grants', { ...valid(), grants: [{ type: 'buckets', action: 'read', scope: { kind: 'items', items: [] } }] }],
      [
        'grants',
        { ...valid(), grants: [{ type: 'dashboards', action: 'read', scope: { kind: 'items', items: [{ id: '0123456789abcdef' }] } }] },
      ],
      ['grants', { ...valid(), grants: [{ type: 'users', action: 'write', scope: { kind: 'all' } }] }],
      ['grants', { ...valid(), grants: [{ type: 'orgs', action: 'read', scope: { kind: 'owner' } }] }],
      ['grants', { ...valid(), grants: [{ type: 'buckets', action: 'delete', scope: { kind: 'all' } }] }],
      ['confirmSensitive', { ...valid(), confirmSensitive: 'yes' }],
    ];
    for (const [field, input] of cases) {
      const r = tokenFormSchema.safeParse(input);
      expect(r.success, JSON.stringify(input)).toBe(false);
      expect(
        r.error!.issues.some((i) => i.path[0] === field),
        `${field}: ${JSON.stringify(r.error!.issues)}`,
      ).toBe(true);
    }
  });

  it('refuses fields it does not know (no smuggled userID or permissions)', () => {
    expect(tokenFormSchema.safeParse({ ...valid(), userID: '0123456789abcdef' }).success).toBe(false);
    expect(tokenFormSchema.safeParse({ ...valid(), permissions: [] }).success).toBe(false);
  });

  it('makes valid v4 form keys', () => {
    for (let i = 0; i < 50; i++) expect(tokenFormSchema.shape.formKey.safeParse(newFormKey()).success).toBe(true);
  });

  it('takes an owner as the console, an existing user by id, or a new user by plain name', () => {
    expect(ownerSchema.parse({ kind: 'existing', userID: '0123456789abcdef', name: 'ana' })).toEqual({
      kind: 'existing',
      userID: '0123456789abcdef',
      name: 'ana',
    });
    expect(ownerSchema.parse({ kind: 'new', name: ' iot_user_1 ' })).toEqual({ kind: 'new', name: 'iot_user_1' });
    for (const bad of [
      { kind: 'existing', userID: 'ana' },
      { kind: 'existing', userID: '0123456789abcdef', extra: 1 },
      { kind: 'new', name: '' },
      { kind: 'new', name: 'two words' },
      { kind: 'new', name: '-dash-first' },
      { kind: 'new', name: 'x'.repeat(65) },
      { kind: 'new', userID: '0123456789abcdef', name: 'ana' },
      { kind: 'console', userID: '0123456789abcdef' },
    ]) {
      expect(ownerSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('accepts a new user name exactly when it is a plain identifier (property)', () => {
    const plain = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/;
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (name) => {
        expect(newUserNameSchema.safeParse(name).success).toBe(plain.test(name.trim()));
      }),
      { numRuns: 500 },
    );
  });
});
