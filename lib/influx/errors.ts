// Typed errors for everything that can go wrong talking to InfluxDB. The upstream message is kept
// for the server log only; what a person sees is chosen in messages.ts.

export type InfluxErrorKind =
  | 'invalid' // 400: the request was wrong
  | 'unauthorized' // 401: the console's credential is missing a permission or was revoked
  | 'forbidden' // 403: escalation check (credential lacks a requested permission)
  | 'not-found' // 404
  | 'conflict' // 409/422
  | 'rate-limited' // 429
  | 'unavailable' // 5xx / 503
  | 'timeout' // no answer within the deadline (outcome unknown for writes)
  | 'unreachable'; // connection refused / reset / DNS

export class InfluxError extends Error {
  constructor(
    readonly kind: InfluxErrorKind,
    /** InfluxDB's own text, for logs only: may name ids, never a token value. */
    readonly upstreamMessage: string,
    readonly status?: number,
    readonly upstreamCode?: string,
    /** The call that failed, e.g. "POST /api/v2/authorizations". */
    readonly operation?: string,
  ) {
    super(`${operation ?? 'InfluxDB call'} failed: ${kind}${status ? ` (${status})` : ''}`);
    this.name = 'InfluxError';
  }

  /** A write whose answer never came may still have happened upstream. */
  get outcomeUnknown(): boolean {
    return this.kind === 'timeout' || this.kind === 'unreachable';
  }
}

export function kindForStatus(status: number): InfluxErrorKind {
  if (status === 400) return 'invalid';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409 || status === 422) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'unavailable';
  return 'invalid';
}

/**
 * Pulls the permission string out of InfluxDB's escalation errors, e.g.
 * "permission write:orgs/0a/buckets/0b is not allowed: ..." -> "write:orgs/0a/buckets/0b",
 * and "write:orgs/0a/authorizations is unauthorized" -> "write:orgs/0a/authorizations".
 */
export function permissionInMessage(message: string): string | undefined {
  const match = /((?:read|write):[A-Za-z0-9/_-]+)/.exec(message);
  return match?.[1];
}
