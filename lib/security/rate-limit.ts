// A fixed-window counter per key, in process memory. Enough for one console instance; the
// README says so. Pure apart from the clock, which tests can pass in.
const windows = new Map<string, { start: number; count: number }>();

export function rateLimit(
  key: string,
  limit: number,
  windowMs: number,
  now: number = Date.now(),
): { allowed: boolean; retryAfterSeconds: number } {
  const w = windows.get(key);
  if (!w || now - w.start >= windowMs) {
    windows.set(key, { start: now, count: 1 });
    if (windows.size > 10_000) pruneOld(now, windowMs);
    return { allowed: true, retryAfterSeconds: 0 };
  }
  w.count += 1;
  if (w.count <= limit) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.ceil((w.start + windowMs - now) / 1000) };
}

function pruneOld(now: number, windowMs: number) {
  for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
}
