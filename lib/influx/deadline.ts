// One deadline for everything a request asks of InfluxDB (issue 16). Each call has its own
// timeout and reads are retried, so without it an action or page that makes three calls to a
// server that stopped answering waits three timeouts and their retries (30 s at the default
// 10 s). The action wrapper and page loaders run their work inside withDeadline; every call in it
// (lib/influx/transport.ts) then stops at the same instant: the connection's timeout after the
// request began, unless the caller named a budget. Carried by AsyncLocalStorage, so nothing has
// to pass it down, and work outside any request (the scheduler, background reloads) has none.
import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestDeadline {
  startedAt: number;
  /** Absent: each connection's own timeout, counted from startedAt. */
  budgetMs?: number;
}

// One store per process, even should the module be loaded twice (Next bundles server code per route).
const KEY = Symbol.for('influx-token-console.influx-deadline');
type Holder = { [KEY]?: AsyncLocalStorage<RequestDeadline | undefined> };
const storage = ((globalThis as Holder)[KEY] ??= new AsyncLocalStorage<RequestDeadline | undefined>());

/**
 * Runs `work` with one deadline for all its InfluxDB calls. Nested inside another, the outer one
 * stands: a page or action cannot be lengthened by what it calls.
 */
export function withDeadline<T>(work: () => Promise<T>, budgetMs?: number): Promise<T> {
  if (storage.getStore()) return work();
  return storage.run({ startedAt: Date.now(), ...(budgetMs !== undefined ? { budgetMs } : {}) }, work);
}

/**
 * Runs `work` with a new deadline from now, whatever was set before: `budgetMs`, or the
 * connection's timeout when undefined. For a last look after the request's own deadline has
 * passed (after a create that timed out, whether it made a token), and for each item of a batch.
 */
export function withFreshDeadline<T>(budgetMs: number | undefined, work: () => Promise<T>): Promise<T> {
  return storage.run({ startedAt: Date.now(), ...(budgetMs !== undefined ? { budgetMs } : {}) }, work);
}

/** Runs `work` (e.g. a reload that outlives the page that started it) with no request deadline. */
export function withoutDeadline<T>(work: () => T): T {
  return storage.run(undefined, work);
}

/** The instant (ms) by which a call on a connection with this timeout must have answered, if any. */
export function requestDeadline(timeoutMs: number): number | undefined {
  const d = storage.getStore();
  return d ? d.startedAt + (d.budgetMs ?? timeoutMs) : undefined;
}

/** A page loader whose InfluxDB calls share one deadline per render: `export default underDeadline(Page)`. */
export function underDeadline<A extends unknown[], R>(load: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) => withDeadline(() => load(...args));
}
