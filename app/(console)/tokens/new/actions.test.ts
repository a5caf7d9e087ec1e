// The real mint action (wrapper + handler + console wiring) with only its edges replaced: request
// headers, the session, and the InfluxDB gateway, which records every call and refuses to act.
// Proves: arbitrary malformed input is rejected with a typed error and no call to InfluxDB; the
// policy holds for direct calls; refused attempts are audited.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleUser } from '@/lib/auth/session';

const calls: string[] = [];
let user: ConsoleUser | null = null;
let requestHeaders = new Headers({ origin: 'http://console.test', host: 'console.test' });

vi.mock('next/headers', () => ({ headers: async () => requestHeaders }));
vi.mock('@/lib/auth/session', () => ({ getCurrentUser: async () => user }));
vi.mock('@/lib/influx/server', () => ({
  influx: () =>
    new Proxy(
      {},
      {
        get: (_t, name: string) => async () => {
          calls.push(name);
          if (name === 'resourceTypes') return ['authorizations', 'buckets', 'orgs', 'users', 'secrets'];
          throw new Error(`unexpected InfluxDB call ${name}`);
        },
      },
    ),
  defaultOrgRef: async () => ({ id: '0123456789abcdef', name: 'acme' }),
}));

const dataDir = mkdtempSync(join(tmpdir(), 'itc-action-'));
process.env.INFLUX_URL = 'http://127.0.0.1:9';
process.env.INFLUX_TOKEN = 'unit-test-credential-not-real';
process.env.INFLUX_TOKEN_ID = '0a1b2c3d4e5f6071';
process.env.INFLUX_ORG = 'acme';
process.env.AUTH_SECRET = 'unit-test-auth-secret-0123456789abcdef';
process.env.CONSOLE_USERS_FILE = join(dataDir, 'users.json');
process.env.CONSOLE_DATA_DIR = dataDir;
process.env.CONSOLE_MINT_PER_MINUTE = '3';

const { createToken, deleteCreatedUser } = await import('./actions');
const { listAudit } = await import('@/lib/storage/audit');

const creator: ConsoleUser = { id: 'local:cy', name: 'cy', role: 'creator', provider: 'local' };
const valid = () => ({
  formKey: crypto.randomUUID(),
  orgID: '0123456789abcdef',
  description: 'x',
  status: 'active',
  owner: { kind: 'console' },
  grants: [{ type: 'buckets', action: 'read', scope: { kind: 'all' } }],
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

beforeEach(() => {
  calls.length = 0;
  user = creator;
  requestHeaders = new Headers({ origin: 'http://console.test', host: 'console.test' });
});

// Inputs that are wrong in one place: each must fail parsing.
const malformed = fc.oneof(
  fc.anything(),
  fc.record({ ...Object.fromEntries(Object.entries(valid()).map(([k, v]) => [k, fc.constant(v)])), formKey: fc.string() }),
  fc.record({ ...Object.fromEntries(Object.entries(valid()).map(([k, v]) => [k, fc.constant(v)])), orgID: fc.string({ maxLength: 20 }) }),
  fc.record({
    ...Object.fromEntries(Object.entries(valid()).map(([k, v]) => [k, fc.constant(v)])),
    grants: fc.array(fc.anything(), { maxLength: 3 }),
  }),
  fc.record({
    ...Object.fromEntries(Object.entries(valid()).map(([k, v]) => [k, fc.constant(v)])),
    description: fc.oneof(fc.constant(''), fc.integer(), fc.string({ minLength: 301, maxLength: 400 })),
  }),
  fc.record({ ...Object.fromEntries(Object.entries(valid()).map(([k, v]) => [k, fc.constant(v)])), extra: fc.anything() }),
  fc.record({ ...Object.fromEntries(Object.entries(valid()).map(([k, v]) => [k, fc.constant(v)])), owner: fc.anything() }),
);

describe('createToken action', () => {
  it('rejects arbitrary malformed input with invalid-input and never calls InfluxDB', async () => {
    await fc.assert(
      fc.asyncProperty(malformed, async (input) => {
        calls.length = 0;
        const r = await createToken(input as never);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.code).toBe('invalid-input');
        expect(calls).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a creator a sensitive grant sent directly, with no create call', async () => {
    const r = await createToken({
      ...valid(),
      grants: [{ type: 'authorizations', action: 'write', scope: { kind: 'all' } }],
      confirmSensitive: true,
    } as never);
    expect(r).toMatchObject({ ok: false, code: 'forbidden' });
    expect(calls).toEqual(['resourceTypes']);
    expect((await listAudit(1))[0]).toMatchObject({ action: 'token.create', outcome: 'refused', actorId: 'local:cy' });
  });

  it('refuses no session, a viewer and a foreign origin before doing anything', async () => {
    user = null;
    expect(await createToken(valid() as never)).toMatchObject({ ok: false, code: 'unauthenticated' });
    user = { ...creator, role: 'viewer' };
    expect(await createToken(valid() as never)).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await listAudit(1))[0]).toMatchObject({ outcome: 'refused', actorRole: 'viewer', detail: { reason: 'role' } });
    user = creator;
    requestHeaders = new Headers({ origin: 'http://evil.test', host: 'console.test' });
    expect(await createToken(valid() as never)).toMatchObject({ ok: false, code: 'bad-origin' });
    requestHeaders = new Headers({ host: 'console.test' });
    expect(await createToken(valid() as never)).toMatchObject({ ok: false, code: 'bad-origin' });
    expect(calls).toEqual([]);
  });

  it('rate-limits token creation per person (CONSOLE_MINT_PER_MINUTE) with no upstream call', async () => {
    user = { ...creator, id: 'local:rate' };
    const results = [];
    for (let i = 0; i < 5; i++) {
      calls.length = 0;
      results.push(await createToken({ ...valid(), grants: [{ type: 'secrets', action: 'read', scope: { kind: 'all' } }] } as never));
    }
    expect(results.slice(0, 3).map((r) => !r.ok && r.code)).toEqual(['forbidden', 'forbidden', 'forbidden']);
    expect(results[3]).toMatchObject({ ok: false, code: 'rate-limited', retryAfterSeconds: expect.any(Number) });
    expect(calls).toEqual([]);
  });

  it('owner: a creator choosing another InfluxDB user is refused by policy with no InfluxDB call but the type list', async () => {
    for (const owner of [
      { kind: 'new', name: 'iot_user_1' },
      { kind: 'existing', userID: '0a0a0a0a0a0a0a0a' },
    ]) {
      calls.length = 0;
      const r = await createToken({ ...valid(), owner } as never);
      expect(r).toMatchObject({
        ok: false,
        code: 'forbidden',
        formError: expect.stringMatching(/Only admins may create tokens owned by another InfluxDB user/),
      });
      // the resource type list (cached after the first call) and nothing else
      expect(calls.filter((c) => c !== 'resourceTypes')).toEqual([]);
    }
  });
});

describe('deleteCreatedUser action', () => {
  const admin: ConsoleUser = { id: 'local:ada', name: 'ada', role: 'admin', provider: 'local' };

  it('takes only an operation id, and deletes nothing the console did not record for this person', async () => {
    user = admin;
    for (const bad of [
      {},
      { operationId: 'x' },
      { operationId: crypto.randomUUID(), userID: '0a0a0a0a0a0a0a0a' },
      { userID: '0a0a0a0a0a0a0a0a' },
    ]) {
      expect(await deleteCreatedUser(bad as never)).toMatchObject({ ok: false, code: 'invalid-input' });
    }
    const crafted = await deleteCreatedUser({ operationId: crypto.randomUUID() });
    expect(crafted).toMatchObject({
      ok: false,
      code: 'forbidden',
      formError: expect.stringMatching(/did not create a user for you in that operation/),
    });
    expect(calls).toEqual([]);
    expect((await listAudit(1))[0]).toMatchObject({ action: 'influx-user.delete', outcome: 'refused', detail: { reason: 'unknown' } });
  });

  it('refuses a creator (CONSOLE_OTHER_OWNER_ROLE=admin by default) and a foreign origin', async () => {
    expect(await deleteCreatedUser({ operationId: crypto.randomUUID() })).toMatchObject({
      ok: false,
      code: 'forbidden',
      formError: expect.stringMatching(/Only admins/),
    });
    user = admin;
    requestHeaders = new Headers({ origin: 'http://evil.test', host: 'console.test' });
    expect(await deleteCreatedUser({ operationId: crypto.randomUUID() })).toMatchObject({ ok: false, code: 'bad-origin' });
    expect(calls).toEqual([]);
  });
});
