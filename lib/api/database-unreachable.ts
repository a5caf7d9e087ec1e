import 'server-only';
// What a JSON route answers when the console's database cannot be reached: 503 with the words the
// pages' error boundary and the actions use (lib/storage/unreachable.ts), not a bare 500, so the
// picker or the export link can say what is wrong and that trying again later is the way out.
// One wrapper for every route handler (defineReadRoute's, the audit export).
import { randomUUID } from 'node:crypto';
import { logger } from '@/lib/log/logger';
import { DATABASE_UNREACHABLE_WORDS, isDatabaseUnreachable } from '@/lib/storage/unreachable';

/** Long enough for a database restart to be under way; the words say "in a moment". */
const RETRY_AFTER_SECONDS = 5;

export function databaseDownResponse(route: string, error: unknown): Response {
  const requestId = randomUUID();
  logger.error('route failed: database unreachable', { route, requestId, error: String(error) });
  return Response.json(
    { error: { code: 'unavailable', message: DATABASE_UNREACHABLE_WORDS, requestId } },
    { status: 503, headers: { 'Cache-Control': 'no-store', 'Retry-After': String(RETRY_AFTER_SECONDS) } },
  );
}

/** The handler, answering 503 with the database's words when the database is down; any other error is not its business. */
export function answeringDatabaseDown<A extends unknown[], R extends Response>(
  route: string,
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R | Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (!isDatabaseUnreachable(error)) throw error;
      return databaseDownResponse(route, error);
    }
  };
}
