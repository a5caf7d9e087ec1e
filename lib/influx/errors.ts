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

export type InfluxFlavour = 'OSS' | 'Cloud';

/** What the answer's headers said beyond the status, when they said it. */
export interface InfluxErrorDetails {
  /** Retry-After of a 429 (or 503), in whole seconds. */
  retryAfterSeconds?: number;
  /** Which InfluxDB answered (X-Influxdb-Build, else what the connection knows). */
  flavour?: InfluxFlavour;
  /** The call was never sent (the request's deadline had passed): nothing can have happened. */
  notSent?: boolean;
}

// Next bundles server code more than once (instrumentation.ts, each route): the inventory kept on
// globalThis is loaded by whichever bundle came first (the warm-up), and its errors are that
// bundle's InfluxError. A plain instanceof in another bundle would say no, and a page would show
// "Something went wrong" instead of the words for what InfluxDB did.
const BRAND = Symbol.for('influx-token-console.influx-error');

export class InfluxError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  readonly [BRAND] = true;
  readonly retryAfterSeconds?: number;
  readonly flavour?: InfluxFlavour;
  readonly notSent?: boolean;

  constructor(
    readonly kind: InfluxErrorKind,
    /** InfluxDB's own text, for logs only: may name ids, never a token value. */
    readonly upstreamMessage: string,
    readonly status?: number,
    readonly upstreamCode?: string,
    /** The call that failed, e.g. "POST /api/v2/authorizations". */
    readonly operation?: string,
    details: InfluxErrorDetails = {},
  ) {
    super(`${operation ?? 'InfluxDB call'} failed: ${kind}${status ? ` (${status})` : ''}`);
    this.name = 'InfluxError';
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
    if (details.flavour) this.flavour = details.flavour;
    if (details.notSent) this.notSent = true;
  }

  /** A write whose answer never came may still have happened upstream. */
  get outcomeUnknown(): boolean {
    return (this.kind === 'timeout' || this.kind === 'unreachable') && !this.notSent;
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

/**
 * Retry-After in whole seconds. The Cloud contract sends "a non-negative decimal integer
 * indicating the seconds to delay"; RFC 9110 also allows an HTTP date, read against `now`.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d{1,9}$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (Number.isNaN(at) || !/[a-z]/i.test(v)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** X-Influxdb-Build in words: "OSS" or "Cloud" (any case), else undefined. */
export function flavourOfBuild(build: string | undefined): InfluxFlavour | undefined {
  const b = build?.trim().toLowerCase();
  return b === 'oss' ? 'OSS' : b === 'cloud' ? 'Cloud' : undefined;
}
