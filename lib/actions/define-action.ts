import 'server-only';
// The only way to declare a server action. Every exported action is a public POST endpoint, so
// each call goes through the same steps in the same order: same-origin check, authenticate, ask
// the policy (lib/policy) whether the person's role may do this operation at all, parse with the
// shared schema, rate-limit, then act (the handler asks the policy again about the token or grants
// it loaded). The session comes before parsing so that a caller without one learns nothing about
// the input's shape. The Origin check applies
// to reads too: a browser always sends Origin on an action's POST, so it costs a real caller
// nothing, and a read (e.g. the token list) must not be scriptable cross-site either.
// Upstream errors become person-readable messages; anything unexpected is logged and hidden.
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';
import { z } from 'zod';
import { getCurrentUser, type ConsoleUser } from '@/lib/auth/session';
import { consolePolicy } from '@/lib/policy/console-policy';
import { decide, type Operation } from '@/lib/policy/operations';
import { withDeadline } from '@/lib/influx/deadline';
import { InfluxError } from '@/lib/influx/errors';
import { describeInfluxError } from '@/lib/influx/messages';
import { logger } from '@/lib/log/logger';
import { isSameOrigin } from '@/lib/security/origin';
import { rateLimit } from '@/lib/security/rate-limit';
import { recordAudit } from '@/lib/storage/audit';
import { DATABASE_UNREACHABLE_WORDS, isDatabaseUnreachable } from '@/lib/storage/unreachable';
import { fail, type ActionResult } from './result';

export interface ActionContext {
  user: ConsoleUser;
  requestId: string;
}

export interface ActionOptions<S extends z.ZodType> {
  /** Stable name for logs, audit and the action inventory test. */
  name: string;
  schema: S;
  /** The policy operation: the wrapper asks lib/policy whether the person's role may do it at all. */
  operation: Operation;
  /** Default true; false marks a read (for logs and the action inventory). Every action checks Origin. */
  mutates?: boolean;
  /** What the person was doing, for error messages: "create the token". */
  doing: string;
  /** Per-user calls per minute (default 60); a function is read per call (configuration). */
  perMinute?: number | (() => number);
  /**
   * Audit action name (default: the action's `name`). A refusal by role is written to the audit
   * trail for every action. When set, the other attempts the wrapper refuses once the person is
   * known (invalid input, rate limit) are written too; the handler audits the rest. Reads leave it
   * unset so a person hammering a list cannot fill the trail with rate-limit rows.
   */
  audit?: string;
}

export const ACTION_MARK = Symbol.for('influx-token-console.action');

export type Action<S extends z.ZodType, T, P = never> = ((input: z.input<S>) => Promise<ActionResult<T, P>>) & {
  [ACTION_MARK]?: { name: string; operation: Operation; mutates: boolean };
};

export function defineAction<S extends z.ZodType, T, P = never>(
  options: ActionOptions<S>,
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<ActionResult<T, P>>,
): Action<S, T, P> {
  const mutates = options.mutates ?? true;
  const auditAction = options.audit ?? options.name;
  const action: Action<S, T, P> = async (raw) => {
    const requestId = randomUUID();
    const h = await headers();
    if (!isSameOrigin({ origin: h.get('origin'), host: h.get('host'), forwardedHost: h.get('x-forwarded-host') })) {
      logger.warn('action refused: origin', { action: options.name, requestId, origin: h.get('origin') });
      return { ...fail('bad-origin', 'This request did not come from the console itself, so it was refused.'), requestId };
    }

    const refused = async (user: ConsoleUser, reason: string, extra: Record<string, unknown> = {}) => {
      if (!options.audit && reason !== 'role') return;
      try {
        await recordAudit({ requestId, actor: user, action: auditAction, outcome: 'refused', detail: { reason, ...extra } });
      } catch (error) {
        logger.error('audit write failed', { action: options.name, requestId, error: String(error) });
      }
    };

    const user = await getCurrentUser();
    if (!user) return { ...fail('unauthenticated', 'Your session has ended. Sign in again.'), requestId };
    const decision = decide(user.role, options.operation, consolePolicy());
    if (!decision.allowed) {
      logger.warn('action refused: role', { action: options.name, requestId, user: user.id, role: user.role });
      await refused(user, 'role');
      return { ...fail('forbidden', decision.message), requestId };
    }

    const parsed = options.schema.safeParse(raw);
    if (!parsed.success) {
      const flat = z.flattenError(parsed.error as z.ZodError<unknown>);
      await refused(user, 'invalid-input', { fields: Object.keys(flat.fieldErrors).slice(0, 20) });
      return {
        ...fail('invalid-input', flat.formErrors[0] ?? 'Some fields need attention.', {
          fieldErrors: flat.fieldErrors,
        }),
        requestId,
      };
    }

    const perMinute = typeof options.perMinute === 'function' ? options.perMinute() : (options.perMinute ?? 60);
    const limit = await rateLimit(`action:${user.id}:${options.name}`, perMinute, 60_000);
    if (!limit.allowed) {
      await refused(user, 'rate-limited');
      return {
        ...fail('rate-limited', `Too many attempts. Wait ${limit.retryAfterSeconds} s and try again.`, {
          retryAfterSeconds: limit.retryAfterSeconds,
        }),
        requestId,
      };
    }

    try {
      // One deadline for all the action's InfluxDB calls: the connection's timeout (deadline.ts).
      return await withDeadline(() => handler(parsed.data, { user, requestId }));
    } catch (error) {
      if (error instanceof InfluxError) {
        logger.warn('influxdb refused', {
          action: options.name,
          requestId,
          kind: error.kind,
          status: error.status,
          operation: error.operation,
          upstream: error.upstreamMessage,
        });
        return { ...fail('upstream', describeInfluxError(error, { doing: options.doing })), requestId };
      }
      // Let Next's redirect()/notFound() through: they are control flow, not failures.
      if (isNextControlFlow(error)) throw error;
      if (isDatabaseUnreachable(error)) {
        logger.error('action failed: database unreachable', { action: options.name, requestId, error: String(error) });
        return { ...fail('unavailable', DATABASE_UNREACHABLE_WORDS), requestId };
      }
      logger.error('action failed', { action: options.name, requestId, error: String(error) });
      return { ...fail('internal', `Something went wrong while trying to ${options.doing}. Reference: ${requestId}.`), requestId };
    }
  };
  action[ACTION_MARK] = { name: options.name, operation: options.operation, mutates };
  return action;
}

function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown })?.digest;
  return typeof digest === 'string' && (digest.startsWith('NEXT_REDIRECT') || digest.startsWith('NEXT_HTTP_ERROR_FALLBACK'));
}
