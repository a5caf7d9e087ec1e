import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkWithin, createReadinessProbe, type CheckResult } from './readiness-probe';

afterEach(() => {
  vi.useRealTimers();
});

const pass = (): CheckResult => ({ ok: true });

describe('checkWithin', () => {
  it('turns a check that never answers into a failure once the budget is spent', async () => {
    vi.useFakeTimers();
    const answer = checkWithin(() => new Promise<CheckResult>(() => {}), 1500);
    await vi.advanceTimersByTimeAsync(1500);
    await expect(answer).resolves.toEqual({ ok: false, problem: 'no answer within 1500 ms' });
  });

  it('turns a thrown error, synchronous or not, into a failure with its message', async () => {
    await expect(
      checkWithin(() => {
        throw new Error('database is locked');
      }, 1000),
    ).resolves.toEqual({ ok: false, problem: 'database is locked' });
    await expect(checkWithin(() => Promise.reject(new Error('ECONNREFUSED')), 1000)).resolves.toEqual({
      ok: false,
      problem: 'ECONNREFUSED',
    });
  });
});

describe('createReadinessProbe', () => {
  it('shares one check between requests that arrive while it runs', async () => {
    let runs = 0;
    let release: (r: CheckResult) => void = () => {};
    const probe = createReadinessProbe({
      checks: {
        influxdb: () => {
          runs++;
          return new Promise<CheckResult>((resolve) => (release = resolve));
        },
      },
      budgetMs: 60_000,
      maxAgeMs: 2000,
    });
    const answers = Array.from({ length: 20 }, () => probe.read());
    release({ ok: true });
    const results = await Promise.all(answers);
    expect(runs).toBe(1);
    expect(new Set(results).size).toBe(1);
  });

  it('reuses a result while it is at most maxAgeMs old, then checks again', async () => {
    let clock = 1_000_000;
    let runs = 0;
    const probe = createReadinessProbe({
      checks: { database: () => (runs++, { ok: runs === 1 }) },
      budgetMs: 1000,
      maxAgeMs: 2000,
      now: () => clock,
    });
    expect((await probe.read()).ok).toBe(true);
    clock += 2000;
    expect((await probe.read()).ok).toBe(true);
    expect(runs).toBe(1);
    clock += 1;
    expect((await probe.read()).ok).toBe(false);
    expect(runs).toBe(2);
  });

  it('is ready only when every check passes, and keeps each check apart', async () => {
    const probe = createReadinessProbe({
      checks: { database: pass, influxdb: () => ({ ok: false, problem: 'request timed out', info: { version: 'unknown' } }) },
      budgetMs: 1000,
      maxAgeMs: 0,
    });
    const r = await probe.read();
    expect(r.ok).toBe(false);
    expect(r.checks).toEqual({
      database: { ok: true },
      influxdb: { ok: false, problem: 'request timed out', info: { version: 'unknown' } },
    });
  });

  it('answers within the budget while a check hangs, and starts no second check meanwhile', async () => {
    vi.useFakeTimers();
    let runs = 0;
    const probe = createReadinessProbe({
      checks: {
        database: pass,
        influxdb: () => {
          runs++;
          return new Promise<CheckResult>(() => {});
        },
      },
      budgetMs: 1500,
      maxAgeMs: 2000,
    });
    const first = probe.read();
    await vi.advanceTimersByTimeAsync(1000);
    const second = probe.read();
    await vi.advanceTimersByTimeAsync(500);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(a.checks.influxdb).toEqual({ ok: false, problem: 'no answer within 1500 ms' });
    expect(runs).toBe(1);
  });

  it('never hands out a result older than maxAgeMs, and never runs two checks at once (any read pattern)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ advance: fc.integer({ min: 0, max: 5000 }), reads: fc.integer({ min: 1, max: 5 }) }), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.integer({ min: 0, max: 3000 }),
        async (steps, maxAgeMs) => {
          let clock = 0;
          let running = 0;
          let overlapped = false;
          const probe = createReadinessProbe({
            checks: {
              influxdb: async () => {
                running++;
                overlapped ||= running > 1;
                await Promise.resolve();
                running--;
                return { ok: true };
              },
            },
            budgetMs: 1000,
            maxAgeMs,
            now: () => clock,
          });
          for (const step of steps) {
            clock += step.advance;
            const results = await Promise.all(Array.from({ length: step.reads }, () => probe.read()));
            for (const r of results) expect(clock - r.checkedAt).toBeLessThanOrEqual(maxAgeMs);
          }
          expect(overlapped).toBe(false);
        },
      ),
    );
  });
});
