// One place that talks HTTP to InfluxDB, through the official client's transport: an explicit
// timeout on every call, bounded retries for reads only, and every failure turned into an
// InfluxError. A create that times out is never retried: it may have minted a token whose value
// would then be lost. The same holds for a create refused with 429: it is handed back at once.
import { HttpError, InfluxDB, RequestTimedOutError, setLogger } from '@influxdata/influxdb-client';
import { requestDeadline } from './deadline';
import { flavourOfBuild, InfluxError, kindForStatus, parseRetryAfter, type InfluxFlavour } from './errors';

// The client logs some failures itself (with response bodies). Silence it: our logger decides.
setLogger({ error: () => {}, warn: () => {} });

export interface Connection {
  url: string;
  token: string;
  timeoutMs: number;
  /** Read retries after the first attempt (default 2). */
  getRetries?: number;
  /**
   * The whole of one call, waits included (default 3 × timeoutMs). A read refused with 429 is
   * tried once more after its Retry-After only when that retry can still end inside it.
   */
  deadlineMs?: number;
  /**
   * The whole of one token-list read (GET /api/v2/authorizations, one answer however many tokens
   * there are: InfluxDB takes about 13 s for 100,000). Default: the larger of 120 s and 10 × timeoutMs.
   */
  listBudgetMs?: number;
  /** What the configuration says this server is, when it says so. */
  flavour?: InfluxFlavour;
}

export function createClient(conn: Connection): InfluxDB {
  return new InfluxDB({ url: conn.url, token: conn.token, timeout: conn.timeoutMs });
}

export const listBudgetMs = (conn: Connection): number => conn.listBudgetMs ?? Math.max(120_000, 10 * conn.timeoutMs);

const RETRYABLE = new Set(['unavailable', 'timeout', 'unreachable']);

/** InfluxDB Cloud (TSM and Serverless) answers at https://<region>.<provider>.cloud2.influxdata.com. */
export function flavourOfURL(url: string): InfluxFlavour | undefined {
  try {
    return /(^|\.)cloud2\.influxdata\.com$/i.test(new URL(url).hostname) ? 'Cloud' : undefined;
  } catch {
    return undefined;
  }
}

const firstHeader = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function toInfluxError(error: unknown, operation: string, conn?: Pick<Connection, 'url' | 'flavour'>): InfluxError {
  if (error instanceof InfluxError) return error;
  const known = conn ? (conn.flavour ?? flavourOfURL(conn.url)) : undefined;
  if (error instanceof HttpError) {
    const json = error.json as { code?: string; message?: string } | undefined;
    const headers = error.headers ?? {};
    const retryAfterSeconds =
      error.statusCode === 429 || error.statusCode === 503 ? parseRetryAfter(firstHeader(headers['retry-after'])) : undefined;
    const flavour = flavourOfBuild(firstHeader(headers['x-influxdb-build'])) ?? known;
    return new InfluxError(
      kindForStatus(error.statusCode),
      json?.message ?? error.statusMessage ?? '',
      error.statusCode,
      json?.code ?? error.code,
      operation,
      { ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}), ...(flavour ? { flavour } : {}) },
    );
  }
  const details = known ? { flavour: known } : {};
  if (error instanceof RequestTimedOutError)
    return new InfluxError('timeout', 'request timed out', undefined, undefined, operation, details);
  const code = (error as { code?: string })?.code ?? '';
  return new InfluxError('unreachable', code || 'connection failed', undefined, undefined, operation, details);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function deadlinePassed(operation: string, conn: Pick<Connection, 'url' | 'flavour'>, notSent = false): InfluxError {
  const flavour = conn.flavour ?? flavourOfURL(conn.url);
  const words = notSent ? "not sent: the request's deadline had passed" : "no answer within the request's deadline";
  return new InfluxError('timeout', words, undefined, undefined, operation, {
    ...(flavour ? { flavour } : {}),
    ...(notSent ? { notSent } : {}),
  });
}

/** `work`, or a timeout error at `at` if it has not settled by then (the call itself runs on). */
function settleBy<T>(work: Promise<T>, at: number, failure: () => InfluxError): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(failure()), Math.max(0, at - Date.now()));
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/**
 * Runs one upstream call. `method` decides the retry policy: only GET is retried, with capped,
 * jittered backoff (150 ms, 300 ms, ... up to 1 s) after a server error, a timeout or a lost
 * connection, and at most once after a 429, waiting exactly the Retry-After the server named (no
 * header: no retry, since hammering a limiter only extends it).
 */
export async function call<T>(
  conn: Connection,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  operation: string,
  fn: () => Promise<T>,
): Promise<T> {
  // The request's deadline (deadline.ts), when it comes first, ends the call and its retries.
  const shared = requestDeadline(conn.timeoutMs);
  const deadline = Math.min(Date.now() + (conn.deadlineMs ?? 3 * conn.timeoutMs), shared ?? Infinity);
  const attempts = method === 'GET' ? 1 + (conn.getRetries ?? 2) : 1;
  let waitedForLimit = false;
  let lastFailure: InfluxError | undefined;
  for (let attempt = 0; ; attempt++) {
    // Past the deadline nothing more is sent: a retry reports the failure it was retrying.
    if (shared !== undefined && Date.now() >= shared) throw lastFailure ?? deadlinePassed(`${method} ${operation}`, conn, true);
    try {
      return await (shared === undefined ? fn() : settleBy(fn(), shared, () => deadlinePassed(`${method} ${operation}`, conn)));
    } catch (error) {
      const failure = (lastFailure = toInfluxError(error, `${method} ${operation}`, conn));
      if (method !== 'GET') throw failure;
      if (failure.kind === 'rate-limited') {
        const waitMs = failure.retryAfterSeconds === undefined ? undefined : failure.retryAfterSeconds * 1000;
        if (waitedForLimit || waitMs === undefined || Date.now() + waitMs + conn.timeoutMs > deadline) throw failure;
        waitedForLimit = true;
        await sleep(waitMs);
        continue;
      }
      if (!RETRYABLE.has(failure.kind) || attempt >= attempts - 1) throw failure;
      const base = Math.min(1000, 150 * 2 ** attempt);
      await sleep(base / 2 + Math.random() * (base / 2));
    }
  }
}
