import 'server-only';
// The navigation's "Requests" entry: shown to those who may request or review, with the number of
// requests waiting for this admin (their own are not theirs to review). In the console only: the
// count is the notice (e-mail and webhook channels come with the notices of issue 13).
import type { ConsoleUser } from '@/lib/auth/session';
import { logger } from '@/lib/log/logger';
import { consolePolicy } from '@/lib/policy/console-policy';
import { decide } from '@/lib/policy/operations';
import { consoleRequestTimes } from './console-requests';
import { pendingCount } from './store';

export async function navRequests(user: ConsoleUser): Promise<{ waiting: number } | undefined> {
  const policy = consolePolicy();
  const reviews = decide(user.role, 'request.review', policy).allowed;
  if (!reviews && !decide(user.role, 'request.create', policy).allowed) return undefined;
  if (!reviews) return { waiting: 0 };
  try {
    return { waiting: await pendingCount({ now: new Date(), pendingTtlMs: consoleRequestTimes().pendingTtlMs, reviewerId: user.id }) };
  } catch (error) {
    // A count is not worth a broken page.
    logger.warn('request count failed', { error: String(error) });
    return { waiting: 0 };
  }
}
