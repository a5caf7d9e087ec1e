import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DATABASE_CHECK, connectionCheck, connectionsHealth, isReady } from './readiness-decision';
import { createReadinessProbe, type CheckResult, type Readiness } from './readiness-probe';

afterEach(() => {
  vi.useRealTimers();
});

const pass: CheckResult = { ok: true };
const fail = (problem: string): CheckResult => ({ ok: false, problem });

describe('isReady', () => {
  it('is ready when the database and the default connection answer, whatever the other connections say', () => {
    const ids = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(ids, fc.nat(), fc.boolean(), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (list, at, db, others) => {
        const defaultID = list[at % list.length]!;
        const checks: Record<string, CheckResult> = { [DATABASE_CHECK]: db ? pass : fail('locked') };
        list.forEach((id, i) => (checks[connectionCheck(id)] = others[i] ? pass : fail('down')));
        const defaultUp = checks[connectionCheck(defaultID)]!.ok;
        expect(isReady(checks, defaultID)).toBe(db && defaultUp);
      }),
    );
  });

  it('is not ready when the default connection was never checked', () => {
    expect(isReady({ [DATABASE_CHECK]: pass, [connectionCheck('edge')]: pass }, 'primary')).toBe(false);
  });
});

describe('connectionsHealth', () => {
  it('shows each connection with its status, version, flavour and problem, in order', () => {
    const checks = {
      [DATABASE_CHECK]: pass,
      [connectionCheck('primary')]: { ok: true, info: { version: 'v2.9.1', flavour: 'OSS' } },
      [connectionCheck('gone')]: {
        ok: false,
        problem: 'InfluxDB did not answer in time',
        info: { version: 'unknown', flavour: 'unknown' },
      },
    };
    expect(
      connectionsHealth(
        [
          { id: 'primary', label: 'production' },
          { id: 'gone', label: 'decommissioned' },
          { id: 'new', label: 'added' },
        ],
        checks,
      ),
    ).toEqual([
      { id: 'primary', label: 'production', status: 'pass', version: 'v2.9.1', flavour: 'OSS' },
      {
        id: 'gone',
        label: 'decommissioned',
        status: 'fail',
        version: 'unknown',
        flavour: 'unknown',
        problem: 'InfluxDB did not answer in time',
      },
      { id: 'new', label: 'added', status: 'fail', version: 'unknown', flavour: 'unknown', problem: 'not checked' },
    ]);
  });
});

describe('the probe with several connections', () => {
  it('answers ready with another connection down, and checks every connection in parallel within one budget', async () => {
    const started: string[] = [];
    const never = (id: string) => () => {
      started.push(id);
      return new Promise<CheckResult>(() => {});
    };
    const probe = createReadinessProbe({
      checks: {
        [DATABASE_CHECK]: () => pass,
        [connectionCheck('primary')]: () => Promise.resolve(pass),
        [connectionCheck('edge')]: never('edge'),
        [connectionCheck('gone')]: never('gone'),
      },
      budgetMs: 50,
      maxAgeMs: 0,
      ready: (checks) => isReady(checks, 'primary'),
    });
    vi.useFakeTimers();
    let answer: Readiness | undefined;
    void probe.read().then((r) => (answer = r));
    // Two hung checks one after the other would need two budgets; side by side, one is enough.
    await vi.advanceTimersByTimeAsync(50);
    vi.useRealTimers();
    if (!answer) throw new Error('no answer after one budget');
    expect(started.sort()).toEqual(['edge', 'gone']);
    expect(answer.ok).toBe(true);
    expect(answer.checks[connectionCheck('edge')]).toEqual({ ok: false, problem: 'no answer within 50 ms' });
  });

  it('answers not ready when the default connection is down, though the others answer', async () => {
    const probe = createReadinessProbe({
      checks: {
        [DATABASE_CHECK]: () => pass,
        [connectionCheck('primary')]: () => fail('refused'),
        [connectionCheck('edge')]: () => pass,
      },
      budgetMs: 50,
      maxAgeMs: 0,
      ready: (checks) => isReady(checks, 'primary'),
    });
    expect((await probe.read()).ok).toBe(false);
  });
});
