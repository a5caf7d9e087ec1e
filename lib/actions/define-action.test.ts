// The wrapper's contract, with the request and the session replaced by test doubles: the order of
// checks, and that the handler (and so InfluxDB) is never reached when a check fails.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { ConsoleUser } from '@/lib/auth/session';
import { InfluxError } from '@/lib/influx/errors';

const request = { headers: new Headers() };
let currentUser: ConsoleUser | null = null;

vi.mock('next/headers', () => ({ headers: async () => request.headers }));
vi.mock('@/lib/auth/session', () => ({ getCurrentUser: async () => currentUser }));
vi.mock('@/lib/policy/console-policy', () => ({
  consolePolicy: () => ({ mintRole: 'creator', sensitiveRole: 'admin', otherOwnerRole: 'admin' }),
}));
vi.mock('@/lib/log/logger', () => ({ logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() } }));
const recordAudit = vi.fn();
vi.mock('@/lib/storage/audit', () => ({ recordAudit: (...args: unknown[]) => recordAudit(...args) }));
// One process: counts in memory (the store choice itself reads the configuration).
vi.mock('@/lib/security/limiter-store', async () => ({ consoleLimiterStore: () => memoryStore }));
const { memoryStore } = await import('@/lib/security/signin-limits');

const { defineAction, ACTION_MARK } = await import('./define-action');

const creator: ConsoleUser = { id: 'local:cy', name: 'Cy', role: 'creator', provider: 'local' };
const schema = z.object({ description: z.string().min(1) });

function makeAction(handler = vi.fn(async () => ({ ok: true as const, data: 'done' }))) {
  return {
    handler,
    action: defineAction({ name: `test-${Math.random()}`, schema, operation: 'token.describe', doing: 'do the thing' }, handler),
  };
}

beforeEach(() => {
  recordAudit.mockReset();
  request.headers = new Headers({ host: 'console.test', origin: 'http://console.test' });
  currentUser = creator;
});

describe('defineAction', () => {
  it('runs the handler with parsed input when every check passes', async () => {
    const { action, handler } = makeAction();
    expect(await action({ description: 'ok' })).toEqual({ ok: true, data: 'done' });
    expect(handler).toHaveBeenCalledOnce();
  });

  it('runs the handler under one InfluxDB deadline for all its calls (the connection timeout from the start)', async () => {
    const { requestDeadline } = await import('@/lib/influx/deadline');
    expect(requestDeadline(5000)).toBeUndefined();
    const seen: (number | undefined)[] = [];
    const { action } = makeAction(
      vi.fn(async () => {
        seen.push(requestDeadline(5000));
        await Promise.resolve();
        seen.push(requestDeadline(5000));
        return { ok: true as const, data: 'done' };
      }),
    );
    await action({ description: 'ok' });
    expect(seen[0]).toBeTypeOf('number');
    expect(seen[1]).toBe(seen[0]);
  });

  it('marks the function so the action inventory can find it', () => {
    expect((makeAction().action as unknown as Record<symbol, unknown>)[ACTION_MARK]).toMatchObject({
      operation: 'token.describe',
      mutates: true,
    });
  });

  it.each([
    ['missing', null],
    ['null', 'null'],
    ['foreign', 'https://evil.example'],
  ])('refuses a %s Origin before anything else', async (_label, origin) => {
    request.headers = new Headers({ host: 'console.test', ...(origin ? { origin } : {}) });
    const { action, handler } = makeAction();
    expect(await action({ description: 'ok' })).toMatchObject({ ok: false, code: 'bad-origin' });
    expect(handler).not.toHaveBeenCalled();
  });

  it('rejects invalid input with field errors and never reaches the handler', async () => {
    const { action, handler } = makeAction();
    const result = await action({ description: '' });
    expect(result).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(result.ok === false && result.fieldErrors?.description?.length).toBeTruthy();
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses without a session', async () => {
    currentUser = null;
    const { action, handler } = makeAction();
    expect(await action({ description: 'ok' })).toMatchObject({ ok: false, code: 'unauthenticated' });
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses a role the policy does not allow for the operation, in the policy’s words', async () => {
    currentUser = { ...creator, role: 'viewer' };
    const { action, handler } = makeAction();
    const result = await action({ description: 'ok' });
    expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    expect(result.ok === false && result.formError).toMatch(/Only creators may change token descriptions/);
    expect(handler).not.toHaveBeenCalled();
  });

  it('writes every refusal by role to the audit trail, under the action name when no audit name is given', async () => {
    currentUser = { ...creator, role: 'viewer' };
    const handler = vi.fn(async () => ({ ok: true as const, data: 'done' }));
    const action = defineAction({ name: 'tokens.describe', schema, operation: 'token.describe', doing: 'do the thing' }, handler);
    const result = await action({ description: 'ok' });
    expect(recordAudit).toHaveBeenCalledOnce();
    expect(recordAudit.mock.calls[0]![0]).toMatchObject({
      requestId: result.ok ? undefined : result.requestId,
      actor: { id: 'local:cy', role: 'viewer' },
      action: 'tokens.describe',
      outcome: 'refused',
      detail: { reason: 'role' },
    });
    const named = defineAction(
      { name: 'tokens.create', audit: 'token.create', schema, operation: 'token.describe', doing: 'do the thing' },
      handler,
    );
    await named({ description: 'ok' });
    expect(recordAudit.mock.calls[1]![0]).toMatchObject({ action: 'token.create', outcome: 'refused' });
  });

  it('writes other refusals (invalid input) only for actions with an audit name', async () => {
    const { action } = makeAction();
    await action({ description: '' });
    expect(recordAudit).not.toHaveBeenCalled();
    const audited = defineAction(
      { name: 'x', audit: 'token.describe', schema, operation: 'token.describe', doing: 'do the thing' },
      vi.fn(),
    );
    await audited({ description: '' });
    expect(recordAudit.mock.calls[0]![0]).toMatchObject({
      action: 'token.describe',
      outcome: 'refused',
      detail: { reason: 'invalid-input' },
    });
  });

  it('checks the session before the input: a caller without one learns nothing about the fields', async () => {
    currentUser = null;
    const { action, handler } = makeAction();
    const result = await action({ description: '', unexpected: 1 } as never);
    expect(result).toMatchObject({ ok: false, code: 'unauthenticated' });
    expect(JSON.stringify(result)).not.toMatch(/description|fieldErrors/);
    expect(handler).not.toHaveBeenCalled();
  });

  it('checks the role before the input: a viewer gets no field errors either', async () => {
    currentUser = { ...creator, role: 'viewer' };
    const { action } = makeAction();
    const result = await action({ description: '' });
    expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    expect(result.ok === false && result.fieldErrors).toBeFalsy();
  });

  it('turns an InfluxDB error into words, without the upstream text', async () => {
    const { action } = makeAction(
      vi.fn(async () => {
        throw new InfluxError('forbidden', 'permission write:orgs/0a/secrets is not allowed: raw upstream text', 403);
      }),
    );
    const result = await action({ description: 'ok' });
    expect(result).toMatchObject({ ok: false, code: 'upstream' });
    const text = result.ok === false ? result.formError : '';
    expect(text).toContain('write:orgs/0a/secrets');
    expect(text).not.toContain('raw upstream text');
  });

  it('hides unexpected errors behind a reference', async () => {
    const { action } = makeAction(
      vi.fn(async () => {
        throw new Error('database password is hunter2');
      }),
    );
    const result = await action({ description: 'ok' });
    expect(result).toMatchObject({ ok: false, code: 'internal' });
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('rate-limits per user and action', async () => {
    const handler = vi.fn(async () => ({ ok: true as const, data: 1 }));
    const action = defineAction({ name: 'limited', schema, operation: 'token.describe', doing: 'x', perMinute: 2 }, handler);
    await action({ description: 'a' });
    await action({ description: 'a' });
    expect(await action({ description: 'a' })).toMatchObject({ ok: false, code: 'rate-limited' });
    expect(handler).toHaveBeenCalledTimes(2);
  });
});
