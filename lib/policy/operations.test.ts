import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES, hasRole, type Role } from '@/lib/auth/roles';
import { DEFAULT_POLICY, type GrantPolicy } from './grant-policy';
import { TOKEN_OPERATIONS, decide, tokenOperations, type GrantFacts, type Operation } from './operations';

const plain: GrantFacts = { sensitive: [], codeRunning: [], otherOwner: false };
const sensitive: GrantFacts = { ...plain, sensitive: ['write API tokens'] };
const codeRunning: GrantFacts = { ...plain, codeRunning: ['write tasks'], ownerName: 'token-console' };
const otherOwner: GrantFacts = { ...plain, otherOwner: true, ownerName: 'iot_user_1' };
const credential: GrantFacts = { ...plain, isConsoleCredential: true };
const PERMISSIVE: GrantPolicy = { ...DEFAULT_POLICY, sensitiveRole: 'creator', otherOwnerRole: 'creator' };

const allowed = (role: Role, op: Operation, facts?: GrantFacts, policy = DEFAULT_POLICY) => decide(role, op, policy, facts).allowed;

describe('decide: the findings of issue 9', () => {
  it('a creator may not clone a token owned by another InfluxDB user unless CONSOLE_OTHER_OWNER_ROLE allows it', () => {
    expect(allowed('creator', 'token.clone', otherOwner)).toBe(false);
    expect(decide('creator', 'token.clone', DEFAULT_POLICY, otherOwner)).toMatchObject({
      reason: 'owner',
      message: expect.stringContaining('iot_user_1'),
    });
    expect(allowed('creator', 'token.clone', otherOwner, PERMISSIVE)).toBe(true);
  });

  it('the clone rule follows the configured sensitive-grants role, not a hard-coded admin', () => {
    expect(allowed('creator', 'token.clone', sensitive)).toBe(false);
    expect(allowed('creator', 'token.clone', sensitive, PERMISSIVE)).toBe(true);
  });

  it('code-running grants are refused to creators with their own words', () => {
    const d = decide('creator', 'token.activate', DEFAULT_POLICY, codeRunning);
    expect(d).toMatchObject({ allowed: false, reason: 'grants' });
    expect(!d.allowed && d.message).toMatch(/can run queries with the rights of token-console/);
  });

  it('activation is a grant decision: a creator may only activate what they could mint', () => {
    expect(allowed('creator', 'token.activate', plain)).toBe(true);
    expect(allowed('creator', 'token.activate', sensitive)).toBe(false);
    expect(allowed('creator', 'token.activate', otherOwner)).toBe(false);
    expect(allowed('admin', 'token.activate', sensitive)).toBe(true);
    // Switching off is not a grant: creators may deactivate what they could not mint.
    expect(allowed('creator', 'token.deactivate', sensitive)).toBe(true);
  });

  it('the console credential is protected from every change, for every role', () => {
    for (const role of ROLES) {
      for (const op of TOKEN_OPERATIONS) expect(allowed(role, `token.${op}`, credential, PERMISSIVE)).toBe(false);
    }
    expect(allowed('viewer', 'tokens.view', credential)).toBe(true);
  });
});

describe('decide: properties', () => {
  const facts = fc.record({
    sensitive: fc.array(fc.constantFrom('write API tokens', 'read secrets', 'every org'), { maxLength: 2 }),
    codeRunning: fc.array(fc.constantFrom('write tasks', 'write checks'), { maxLength: 2 }),
    otherOwner: fc.boolean(),
    isConsoleCredential: fc.boolean(),
  });
  const policy = fc.record({
    mintRole: fc.constant<Role>('creator'),
    sensitiveRole: fc.constantFrom<Role>('creator', 'admin'),
    otherOwnerRole: fc.constantFrom<Role>('creator', 'admin'),
  });
  const role = fc.constantFrom(...ROLES);

  it('clone, activate and replace are allowed only when minting the same grants for the same owner is', () => {
    fc.assert(
      fc.property(role, facts, policy, (r, f, p) => {
        const couldMint = decide(r, 'token.mint', p, f).allowed;
        for (const op of ['token.clone', 'token.activate', 'token.replace'] as const) {
          if (decide(r, op, p, f).allowed) expect(couldMint && !f.isConsoleCredential).toBe(true);
        }
        if (couldMint && !f.isConsoleCredential) {
          expect(decide(r, 'token.clone', p, f).allowed).toBe(true);
          expect(decide(r, 'token.activate', p, f).allowed).toBe(true);
        }
      }),
    );
  });

  it('a higher role is never refused what a lower role is allowed', () => {
    fc.assert(
      fc.property(facts, policy, (f, p) => {
        for (const op of TOKEN_OPERATIONS) {
          const v = decide('viewer', `token.${op}`, p, f).allowed;
          const c = decide('creator', `token.${op}`, p, f).allowed;
          const a = decide('admin', `token.${op}`, p, f).allowed;
          expect(!v || c).toBe(true);
          expect(!c || a).toBe(true);
        }
      }),
    );
  });

  it('every refusal says why, and tokenOperations agrees with decide', () => {
    fc.assert(
      fc.property(role, facts, policy, (r, f, p) => {
        const may = tokenOperations(r, p, f);
        for (const op of TOKEN_OPERATIONS) {
          const d = decide(r, `token.${op}`, p, f);
          expect(may[op]).toBe(d.allowed);
          if (!d.allowed) expect(d.message.length).toBeGreaterThan(20);
        }
        // Viewers change nothing.
        if (!hasRole(r, 'creator')) expect(Object.values(may).some(Boolean)).toBe(false);
      }),
    );
  });
});

describe('decide: v1 credentials follow the token rules', () => {
  const v1Plain: GrantFacts = { sensitive: [], codeRunning: [], otherOwner: false };
  const v1Other: GrantFacts = { ...v1Plain, otherOwner: true, ownerName: 'grafana-svc' };

  it('viewers only see; creators create, set passwords, activate and deactivate; only admins delete', () => {
    expect(allowed('viewer', 'v1.view')).toBe(true);
    for (const op of ['v1.create', 'v1.password', 'v1.activate', 'v1.deactivate', 'v1.delete'] as const) {
      expect(allowed('viewer', op, v1Plain), op).toBe(false);
    }
    for (const op of ['v1.create', 'v1.password', 'v1.activate', 'v1.deactivate'] as const)
      expect(allowed('creator', op, v1Plain), op).toBe(true);
    expect(allowed('creator', 'v1.delete', v1Plain)).toBe(false);
    expect(allowed('admin', 'v1.delete', v1Plain)).toBe(true);
  });

  it('another owner: creating, a new password and activating are grant decisions (CONSOLE_OTHER_OWNER_ROLE); deactivating is not', () => {
    for (const op of ['v1.create', 'v1.password', 'v1.activate'] as const) {
      expect(allowed('creator', op, v1Other), op).toBe(false);
      expect(allowed('creator', op, v1Other, PERMISSIVE), op).toBe(true);
    }
    expect(allowed('creator', 'v1.deactivate', v1Other)).toBe(true);
    const d = decide('creator', 'v1.password', DEFAULT_POLICY, v1Other);
    expect(!d.allowed && d.message).toBe(
      'Only admins may set a new password for a v1 credential owned by another InfluxDB user (grafana-svc) (setting CONSOLE_OTHER_OWNER_ROLE). You are signed in as a creator.',
    );
  });

  it('a viewer is told in words', () => {
    const d = decide('viewer', 'v1.create', DEFAULT_POLICY);
    expect(!d.allowed && d.message).toBe('Only creators may create v1 credentials. You are signed in as a viewer.');
  });
});

describe('decide, on a connection that lets only some roles act (connections file `roles`)', () => {
  const plain: GrantFacts = { sensitive: [], codeRunning: [], otherOwner: false };
  const ops: Operation[] = [
    'token.mint',
    ...TOKEN_OPERATIONS.map((op) => `token.${op}` as const),
    'tokens.bulk-delete',
    'schedule.cancel',
    'template.write',
  ];

  it('refuses the roles it does not name, in words naming the connection; everyone may still look', () => {
    const production = { label: 'production', roles: ['admin'] as const };
    expect(decide('creator', 'token.mint', DEFAULT_POLICY, undefined, production)).toEqual({
      allowed: false,
      reason: 'connection',
      message: 'On production, only admins may create tokens (connections file). You are signed in as a creator.',
    });
    expect(decide('admin', 'token.mint', DEFAULT_POLICY, undefined, production).allowed).toBe(true);
    for (const r of ROLES) {
      expect(decide(r, 'tokens.view', DEFAULT_POLICY, undefined, production).allowed).toBe(true);
      expect(decide(r, 'tokens.reload', DEFAULT_POLICY, undefined, production).allowed).toBe(true);
    }
  });

  it('only ever takes away: what it allows, the same call without the connection allows too; unnamed roles act on nothing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ROLES),
        fc.subarray([...ROLES], { minLength: 1 }),
        fc.constantFrom(DEFAULT_POLICY, PERMISSIVE),
        fc.constantFrom(...ops),
        (r, roles, p, op) => {
          const on = { label: 'staging', roles };
          const withRule = decide(r, op, p, plain, on);
          const without = decide(r, op, p, plain);
          if (withRule.allowed) expect(without.allowed).toBe(true);
          if (!roles.includes(r)) expect(withRule.allowed).toBe(false);
          if (roles.includes(r)) expect(withRule.allowed).toBe(without.allowed);
          expect(tokenOperations(r, p, plain, on)).toEqual(
            Object.fromEntries(TOKEN_OPERATIONS.map((o) => [o, decide(r, `token.${o}`, p, plain, on).allowed])),
          );
        },
      ),
    );
  });
});
