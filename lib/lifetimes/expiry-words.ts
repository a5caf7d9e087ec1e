// An expiry as the builder and the copy-once dialog say it: the date in the person's time zone and
// in UTC, and who enforces it (InfluxDB 2.x cannot hold an expiry). Pure: the zone is passed in.
import { formatTime } from '@/lib/format/time';

export const ENFORCED_BY = 'The console, not InfluxDB, will deactivate it then.';

/** "2026-12-07 11:30 (Europe/Paris) · 2026-12-07 10:30 UTC"; "no expiry" for null. */
export function expiryWhen(iso: string | null, timeZone: string): string {
  if (iso === null) return 'no expiry';
  const d = new Date(iso);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  const local = `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
  return timeZone === 'UTC' ? formatTime(iso) : `${local} (${timeZone}) · ${formatTime(iso)}`;
}

/** The browser's zone; UTC where it cannot tell. */
export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
