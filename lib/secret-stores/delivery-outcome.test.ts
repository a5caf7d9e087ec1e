import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deliveryOutcome, retryMayHelp, type DeliveryInput } from './delivery-outcome';
import type { StoreProblem } from './store-problems';

const NOW = Date.parse('2026-11-30T10:00:00Z');
const store = {
  label: 'Ops Vault',
  address: 'https://vault.acme.test:8200',
  mount: 'secret',
  pathPrefix: 'influx',
  auth: { method: 'approle' as const, roleIdEnv: 'RID', secretIdEnv: 'SID', mount: 'approle' },
};
const base: DeliveryInput = {
  store,
  path: 'influx/edge-01',
  key: 'token',
  tokenDescription: 'Telegraf on edge-01',
  attempts: 1,
  valueHeldUntil: '2026-11-30T10:15:00Z',
  now: NOW,
  result: { ok: true, version: 3 },
};
const failed = (problem: StoreProblem, patch: Partial<DeliveryInput> = {}) =>
  deliveryOutcome({ ...base, ...patch, result: { ok: false, problem } });

describe('deliveryOutcome', () => {
  it('says where the value went and which version, never the value', () => {
    expect(deliveryOutcome(base)).toEqual({
      kind: 'delivered',
      headline: 'Delivered to “Ops Vault”: secret/influx/edge-01, version 3.',
      detail:
        'The value is under the key “token”. The console did not show it and does not keep it; readers of secret/influx/edge-01 get it from the store.',
    });
  });

  it('a store that is down: the token exists, write again is suggested, all three are offered', () => {
    const o = failed({ code: 'unreachable', reason: 'the connection was refused (nothing listens there)' });
    expect(o).toEqual({
      kind: 'half-done',
      headline: 'The token “Telegraf on edge-01” was created in InfluxDB, but it was not written to “Ops Vault”.',
      problem:
        'Could not reach the store “Ops Vault” at https://vault.acme.test:8200: the connection was refused (nothing listens there). Check the address in the secret stores file and that the server runs.',
      detail:
        'Nothing is lost: the console holds the value until 10:15 UTC and has not shown it to anyone. Choose what happens to the token.',
      offers: [
        {
          choice: 'retry-write',
          label: 'Write again to secret/influx/edge-01',
          explanation: 'The store may answer now; writing again adds the token as a new version of the path.',
          suggested: true,
        },
        {
          choice: 'show-once',
          label: 'Show the value once',
          explanation:
            'Put it into secret/influx/edge-01 (key “token”) yourself. The console forgets it when you close the dialog; the token stays as it is.',
          suggested: false,
        },
        {
          choice: 'delete-token',
          label: 'Delete the token',
          explanation: 'It stops working at once and nothing of it remains. Mint again once the store works.',
          suggested: false,
        },
      ],
    });
  });

  it('a concurrent write: writing again adds a version on top', () => {
    const o = failed({ code: 'cas-mismatch', path: 'influx/edge-01', expected: 2 }, { attempts: 2 });
    if (o.kind !== 'half-done') throw new Error('expected half-done');
    expect(o.problem).toContain('nothing was overwritten');
    expect(o.problem).toMatch(/\(tried 2 times\)$/);
    expect(o.offers[0]).toMatchObject({
      choice: 'retry-write',
      suggested: true,
      explanation: expect.stringContaining('next version on top') as unknown,
    });
  });

  it('a policy that forbids the path: deleting is suggested, writing again says it needs a fix first', () => {
    const o = failed({
      code: 'forbidden',
      what: 'write to',
      path: 'secret/data/influx/edge-01',
      needs: 'create and update on secret/data/influx/*',
    });
    if (o.kind !== 'half-done') throw new Error('expected half-done');
    expect(o.problem).toContain('may not write to secret/data/influx/edge-01');
    expect(o.offers.map((x) => [x.choice, x.suggested])).toEqual([
      ['retry-write', false],
      ['show-once', false],
      ['delete-token', true],
    ]);
    expect(o.offers[0]!.explanation).toContain('once the store’s setup is fixed');
  });

  it('a value the console no longer holds: only deleting is left, and the words say why', () => {
    for (const valueHeldUntil of [null, '2026-11-30T09:59:59Z', '2026-11-30T10:00:00Z']) {
      const o = failed({ code: 'sealed' }, { valueHeldUntil });
      expect(o).toMatchObject({
        kind: 'half-done',
        detail: expect.stringContaining('can be neither written nor shown') as unknown,
        offers: [{ choice: 'delete-token', suggested: true }],
      });
    }
  });

  it('server errors may pass, client errors do not', () => {
    expect(retryMayHelp({ code: 'unexpected', status: 502, error: '' })).toBe(true);
    expect(retryMayHelp({ code: 'unexpected', status: 429, error: '' })).toBe(true);
    expect(retryMayHelp({ code: 'unexpected', status: 400, error: 'x' })).toBe(false);
    expect(retryMayHelp({ code: 'bad-approle' })).toBe(false);
    expect(retryMayHelp({ code: 'not-kv2', found: 'KV version 1' })).toBe(false);
  });

  const problemArb: fc.Arbitrary<StoreProblem> = fc.oneof(
    fc.record({ code: fc.constant('unreachable' as const), reason: fc.string() }),
    fc.constant({ code: 'sealed' as const }),
    fc.record({ code: fc.constant('missing-credentials' as const), detail: fc.string() }),
    fc.constant({ code: 'bad-approle' as const }),
    fc.constant({ code: 'approle-not-enabled' as const }),
    fc.constant({ code: 'bad-token' as const }),
    fc.record({ code: fc.constant('forbidden' as const), what: fc.string(), path: fc.string(), needs: fc.string() }),
    fc.constant({ code: 'no-mount' as const }),
    fc.record({ code: fc.constant('not-kv2' as const), found: fc.string() }),
    fc.record({ code: fc.constant('bad-path' as const), detail: fc.string() }),
    fc.record({ code: fc.constant('cas-mismatch' as const), path: fc.string(), expected: fc.nat() }),
    fc.record({ code: fc.constant('unexpected' as const), status: fc.integer({ min: 400, max: 599 }), error: fc.string() }),
  );

  it('property: a failed write always explains itself, always offers deleting, suggests exactly one thing, never suggests showing the value', () => {
    fc.assert(
      fc.property(
        problemArb,
        fc.option(fc.integer({ min: -3_600_000, max: 3_600_000 })),
        fc.integer({ min: 1, max: 9 }),
        (problem, offset, attempts) => {
          const valueHeldUntil = offset === null ? null : new Date(NOW + offset).toISOString();
          const o = failed(problem, { valueHeldUntil, attempts });
          if (o.kind !== 'half-done') throw new Error('expected half-done');
          expect(o.headline).toContain('was created in InfluxDB');
          expect(o.problem.length).toBeGreaterThan(0);
          expect(o.offers.some((x) => x.choice === 'delete-token')).toBe(true);
          expect(o.offers.filter((x) => x.suggested)).toHaveLength(1);
          expect(o.offers.find((x) => x.choice === 'show-once')?.suggested ?? false).toBe(false);
          const held = offset !== null && offset > 0;
          expect(o.offers.map((x) => x.choice)).toEqual(held ? ['retry-write', 'show-once', 'delete-token'] : ['delete-token']);
          if (held) expect(o.offers[0]!.suggested).toBe(retryMayHelp(problem));
        },
      ),
    );
  });
});
