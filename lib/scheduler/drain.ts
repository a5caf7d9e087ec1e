// Runs deactivation passes back to back within one tick while each pass was full (it handled as
// many rows as it may), until the tick's budget is spent: 1,000 expiries due at once then take a
// few ticks instead of one tick per 25 tokens (minutes at the default tick of 15 s). Each pass
// claims its rows as before, so two processes still share the work row by row.
import type { PassResult } from './run-due-deactivations';

export const PASS_LIMIT = 25;

const handled = (r: PassResult) => r.deactivated + r.alreadyGone + r.retrying + r.failed + r.lost;

export async function drainDue(
  pass: (limit: number) => Promise<PassResult>,
  opts: { budgetMs: number; now?: () => number; limit?: number },
): Promise<PassResult & { passes: number }> {
  const now = opts.now ?? (() => performance.now());
  const limit = opts.limit ?? PASS_LIMIT;
  const start = now();
  const total = { deactivated: 0, alreadyGone: 0, retrying: 0, failed: 0, lost: 0, passes: 0 };
  for (;;) {
    const r = await pass(limit);
    total.passes++;
    total.deactivated += r.deactivated;
    total.alreadyGone += r.alreadyGone;
    total.retrying += r.retrying;
    total.failed += r.failed;
    total.lost += r.lost;
    if (handled(r) < limit || now() - start >= opts.budgetMs) return total;
  }
}
