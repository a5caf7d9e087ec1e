import { describe, expect, it } from 'vitest';
import { drainDue } from './drain';
import type { PassResult } from './run-due-deactivations';

const pass = (n: number): PassResult => ({ deactivated: n, alreadyGone: 0, retrying: 0, failed: 0, lost: 0 });

describe('drainDue', () => {
  it('runs passes while each was full, and stops at the first that was not', async () => {
    let left = 60;
    const r = await drainDue(
      async (limit) => {
        const n = Math.min(limit, left);
        left -= n;
        return pass(n);
      },
      { budgetMs: 60_000, limit: 25 },
    );
    expect(r).toMatchObject({ deactivated: 60, passes: 3 });
    expect(left).toBe(0);
  });

  it('stops when the budget is spent, whatever is left', async () => {
    let clock = 0;
    const r = await drainDue(
      async (limit) => {
        clock += 400;
        return pass(limit);
      },
      { budgetMs: 1_000, limit: 25, now: () => clock },
    );
    expect(r).toMatchObject({ deactivated: 75, passes: 3 });
  });
});
