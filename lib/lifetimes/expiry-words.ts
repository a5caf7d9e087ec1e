// An expiry as the builder and the copy-once dialog say it: the date in the person's time zone and
// in UTC (expiry-status.ts formats both), and who enforces it (InfluxDB 2.x cannot hold an
// expiry). Pure: the zone is passed in.
import { expiryWords } from './expiry-status';

export const ENFORCED_BY = 'The console, not InfluxDB, will deactivate it then.';

/** "7 Dec 2026, 11:30 CET · 2026-12-07 10:30 UTC"; UTC alone when that is the zone; "no expiry" for null. */
export function expiryWhen(iso: string | null, timeZone: string): string {
  if (iso === null) return 'no expiry';
  const words = expiryWords(iso, new Date(), timeZone);
  return words.local ? `${words.local} · ${words.utc}` : words.utc;
}

/** The browser's zone; UTC where it cannot tell. */
export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
