// Lengths of time as people write them in configuration and links: "90d", "12h", "15m", "10s".
// Whole units only, so a value read back prints the way it was written. Pure.

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export type DurationUnit = keyof typeof UNIT_MS;

/** Ten years: longer than any token should live with an expiry, short enough to stay a valid Date. */
export const MAX_DURATION_MS = 3_650 * UNIT_MS.d;

const PATTERN = /^([1-9][0-9]{0,6})([smhd])$/;

/** Milliseconds of "90d", or undefined when it is not a positive whole number and one unit. */
export function parseDuration(text: string): number | undefined {
  const m = PATTERN.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[m[2] as DurationUnit];
  return ms <= MAX_DURATION_MS ? ms : undefined;
}

/** The shortest exact spelling: 86_400_000 → "1d", 90 s → "90s". */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  throw new RangeError(`not a whole number of seconds: ${ms} ms`);
}

/** "90 days", "1 day", "12 hours", "10 seconds": for messages. */
export function durationWords(ms: number): string {
  const text = formatDuration(ms);
  const n = Number(text.slice(0, -1));
  const word = { d: 'day', h: 'hour', m: 'minute', s: 'second' }[text.at(-1) as DurationUnit];
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
