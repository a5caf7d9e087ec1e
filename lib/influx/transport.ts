// One place that talks HTTP to InfluxDB, through the official client's transport: an explicit
// timeout on every call, bounded retries for reads only, and every failure turned into an
// InfluxError. A create that times out is never retried: it may have minted a token whose value
// would then be lost.
import { HttpError, InfluxDB, RequestTimedOutError, setLogger } from '@influxdata/influxdb-client';
import { InfluxError, kindForStatus } from './errors';

// The client logs some failures itself (with response bodies). Silence it: our logger decides.
setLogger({ error: () => {}, warn: () => {} });

export interface Connection {
  url: string;
  token: string;
  timeoutMs: number;
  /** Read retries after the first attempt (default 2). */
  getRetries?: number;
}

export function createClient(conn: Connection): InfluxDB {
  return new InfluxDB({ url: conn.url, token: conn.token, timeout: conn.timeoutMs });
}

const RETRYABLE = new Set(['unavailable', 'timeout', 'unreachable', 'rate-limited']);

export function toInfluxError(error: unknown, operation: string): InfluxError {
  if (error instanceof InfluxError) return error;
  if (error instanceof HttpError) {
    const json = error.json as { code?: string; message?: string } | undefined;
    return new InfluxError(
      kindForStatus(error.statusCode),
      json?.message ?? error.statusMessage ?? '',
      error.statusCode,
      json?.code ?? error.code,
      operation,
    );
  }
  if (error instanceof RequestTimedOutError) return new InfluxError('timeout', 'request timed out', undefined, undefined, operation);
  const code = (error as { code?: string })?.code ?? '';
  return new InfluxError('unreachable', code || 'connection failed', undefined, undefined, operation);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs one upstream call. `method` decides the retry policy: only GET is retried, with capped,
 * jittered backoff (150 ms, 300 ms, ... up to 1 s).
 */
export async function call<T>(
  conn: Connection,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  operation: string,
  fn: () => Promise<T>,
): Promise<T> {
  const attempts = method === 'GET' ? 1 + (conn.getRetries ?? 2) : 1;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const failure = toInfluxError(error, `${method} ${operation}`);
      if (!RETRYABLE.has(failure.kind) || attempt >= attempts - 1) throw failure;
      const base = Math.min(1000, 150 * 2 ** attempt);
      await sleep(base / 2 + Math.random() * (base / 2));
    }
  }
}
