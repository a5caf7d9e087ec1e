import 'server-only';
// Read-only JSON route handlers (GET) for the builder's pickers: searched as you type, so plain
// GETs (parallel, abortable) rather than server actions (which Next.js runs one at a time). Each
// handler goes through the same steps as an action: parse, session, role, rate limit, then read;
// answers are no-store and upstream errors become the same person-readable messages.
import { randomUUID } from 'node:crypto';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getCurrentUser, type ConsoleUser } from '@/lib/auth/session';
import { withDeadline } from '@/lib/influx/deadline';
import { InfluxError } from '@/lib/influx/errors';
import { describeInfluxError } from '@/lib/influx/messages';
import { isDatabaseUnreachable } from '@/lib/storage/unreachable';
import { answeringDatabaseDown } from './database-unreachable';
import { logger } from '@/lib/log/logger';
import { consolePolicy } from '@/lib/policy/console-policy';
import { decide, type Operation } from '@/lib/policy/operations';
import { rateLimit } from '@/lib/security/rate-limit';

const NO_STORE = { 'Cache-Control': 'no-store' };

export interface ReadRouteOptions<S extends z.ZodType> {
  name: string;
  /** The policy operation this read serves (lib/policy decides the role, per request). */
  operation: Operation;
  /** Parses the path params and query string together (strings in, typed values out). */
  input: S;
  doing: string;
  perMinute?: number;
}

export interface ReadResult<T> {
  data: T;
  /** Server-Timing entries (name -> ms), so clients and the benchmark can see server time. */
  timing?: Record<string, number>;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function defineReadRoute<S extends z.ZodType, T>(
  options: ReadRouteOptions<S>,
  handler: (input: z.output<S>, ctx: { user: ConsoleUser; requestId: string }) => Promise<ReadResult<T>>,
) {
  // The session, the rate limit and the handler may all need the database: one answer when it is down.
  return answeringDatabaseDown(options.name, async function GET(request: Request, route: RouteContext): Promise<NextResponse> {
    const requestId = randomUUID();
    const error = (status: number, code: string, message: string) =>
      NextResponse.json({ error: { code, message, requestId } }, { status, headers: NO_STORE });

    // Session and role first: a caller without them learns nothing about the input's shape.
    const user = await getCurrentUser();
    if (!user) return error(401, 'unauthenticated', 'Your session has ended. Sign in again.');
    const decision = decide(user.role, options.operation, consolePolicy());
    if (!decision.allowed) return error(403, 'forbidden', decision.message);

    const params = await route.params;
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const parsed = options.input.safeParse({ ...query, ...params });
    if (!parsed.success) return error(400, 'invalid-input', z.prettifyError(parsed.error));

    const limit = await rateLimit(`route:${user.id}:${options.name}`, options.perMinute ?? 600, 60_000);
    if (!limit.allowed) {
      const res = error(429, 'rate-limited', `Too many requests. Wait ${limit.retryAfterSeconds} s.`);
      res.headers.set('Retry-After', String(limit.retryAfterSeconds));
      return res;
    }

    try {
      // One deadline for all the handler's InfluxDB calls, as for pages and actions (lib/influx/deadline.ts).
      const { data, timing } = await withDeadline(() => handler(parsed.data, { user, requestId }));
      const headers = new Headers(NO_STORE);
      if (timing) {
        headers.set(
          'Server-Timing',
          Object.entries(timing)
            .map(([k, v]) => `${k};dur=${v.toFixed(2)}`)
            .join(', '),
        );
      }
      return NextResponse.json(data, { headers });
    } catch (e) {
      if (e instanceof InfluxError) {
        logger.warn('influxdb refused', { route: options.name, requestId, kind: e.kind, status: e.status, upstream: e.upstreamMessage });
        return error(
          e.kind === 'timeout' || e.kind === 'unreachable' ? 504 : 502,
          'upstream',
          describeInfluxError(e, { doing: options.doing }),
        );
      }
      if (isDatabaseUnreachable(e)) throw e;
      logger.error('route failed', { route: options.name, requestId, error: String(e) });
      return error(500, 'internal', `Something went wrong while trying to ${options.doing}. Reference: ${requestId}.`);
    }
  });
}
