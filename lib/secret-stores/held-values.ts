// A token value the console must keep for a moment: the store write failed after InfluxDB created
// the token, and the person chooses between writing again, seeing the value once, or deleting the
// token. The value stays in this process's memory only (never the database, a log, a cookie or
// the page), bound to the person who minted it, for a few minutes, and is dropped as soon as it is
// written, shown or the token deleted. A restart, another console process or the time running out
// loses it; the offer then narrows to "delete the token" (delivery-outcome.ts says so).
//
// Kept on globalThis: Next.js may load this module once per server bundle, and every action must
// see the same map.

export const HOLD_MS = 10 * 60_000;
/**
 * What the choice needs besides the value (which token, where) outlives it, so "delete the token"
 * still works after the value is gone.
 */
export const KEEP_CONTEXT_MS = 60 * 60_000;
/** A bound on memory: beyond it the oldest entries are dropped (their person can still delete). */
export const MAX_HELD = 200;

export interface Held<C> {
  operationId: string;
  userId: string;
  /** null once the value was dropped (time ran out); the context stays for "delete the token". */
  value: string | null;
  heldUntil: number;
  keptUntil: number;
  attempts: number;
  context: C;
}

const KEY = Symbol.for('influx-token-console.held-values');
type Registry = Map<string, Held<unknown>>;
const registry = (): Registry => {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (g[KEY] ??= new Map<string, Held<unknown>>());
};

function sweep(now: number) {
  const map = registry();
  for (const [id, h] of map) {
    if (h.keptUntil <= now) map.delete(id);
    else if (h.heldUntil <= now) h.value = null;
  }
  while (map.size >= MAX_HELD) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
}

export function holdValue<C>(entry: Omit<Held<C>, 'heldUntil' | 'keptUntil'>, now = Date.now()): Held<C> {
  sweep(now);
  const held = { ...entry, heldUntil: now + HOLD_MS, keptUntil: now + KEEP_CONTEXT_MS };
  registry().set(entry.operationId, held);
  return held;
}

/** The held entry, for this person only; undefined when gone, expired, or someone else's. */
export function peekHeld<C>(operationId: string, userId: string, now = Date.now()): Held<C> | undefined {
  const h = registry().get(operationId);
  if (!h) return undefined;
  if (h.keptUntil <= now) {
    registry().delete(operationId);
    return undefined;
  }
  if (h.heldUntil <= now) h.value = null;
  return h.userId === userId ? (h as Held<C>) : undefined;
}

/** Takes the entry out: the value (if still held) leaves the console's memory with this call. */
export function takeHeld<C>(operationId: string, userId: string, now = Date.now()): Held<C> | undefined {
  const h = peekHeld<C>(operationId, userId, now);
  if (h) registry().delete(operationId);
  return h;
}

/** Drops the value but keeps the context (after it was shown once: the token may still be deleted). */
export function dropValue(operationId: string) {
  const h = registry().get(operationId);
  if (h) h.value = null;
}

export function countAttempt(operationId: string) {
  const h = registry().get(operationId);
  if (h) h.attempts += 1;
}

/** For tests: how many values are held. */
export const heldCount = () => registry().size;
