// How an expiry reads on the inventory, the token page, the review and the copy-once dialog, and
// what the inventory filters and sorts by. Pure: the local time is formatted where the person's
// time zone is known (the browser), the UTC time everywhere, so the two can sit side by side.
import { formatTime } from '@/lib/format/time';

export const EXPIRY_FILTERS = ['expired', 'within-7d', 'within-30d', 'none'] as const;
export type ExpiryFilter = (typeof EXPIRY_FILTERS)[number];

export const EXPIRY_FILTER_LABELS: Record<ExpiryFilter, string> = {
  expired: 'Expired',
  'within-7d': 'Expiring within 7 days',
  'within-30d': 'Expiring within 30 days',
  none: 'No expiry',
};

const DAY = 86_400_000;

/** Whether a token with this expiry (ISO, or null for none) is in the filter's set at `now`. */
export function matchesExpiryFilter(filter: ExpiryFilter, expiresAt: string | null, now: Date): boolean {
  if (expiresAt === null) return filter === 'none';
  const left = Date.parse(expiresAt) - now.getTime();
  switch (filter) {
    case 'expired':
      return left <= 0;
    case 'within-7d':
      return left > 0 && left <= 7 * DAY;
    case 'within-30d':
      return left > 0 && left <= 30 * DAY;
    case 'none':
      return false;
  }
}

/** Soonest first, tokens without an expiry last (ascending); reverse the result for descending. */
export function compareExpiry(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return Date.parse(a) - Date.parse(b);
}

/** "in 3 days", "in 5 hours", "2 days ago", "no expiry". */
export function expiryRelative(expiresAt: string | null, now: Date): string {
  if (expiresAt === null) return 'no expiry';
  const ms = Date.parse(expiresAt) - now.getTime();
  const abs = Math.abs(ms);
  const [n, unit] =
    abs >= DAY
      ? [Math.round(abs / DAY), 'day']
      : abs >= 3_600_000
        ? [Math.round(abs / 3_600_000), 'hour']
        : [Math.round(abs / 60_000), 'minute'];
  if (n < 1) return ms > 0 ? 'in less than a minute' : 'just now';
  const amount = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return ms > 0 ? `in ${amount}` : `${amount} ago`;
}

/** "1 Dec 2026, 09:00 CET" in the given IANA time zone; undefined when the zone is unknown. */
export function expiryInZone(expiresAt: string, timeZone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).format(new Date(expiresAt));
  } catch {
    return undefined;
  }
}

export interface ExpiryWords {
  /** "2026-12-01 08:00 UTC" or "never". */
  utc: string;
  /** In the person's zone when given and known. */
  local?: string;
  relative: string;
  /** Shown beside it: InfluxDB itself has no expiry, the console enforces it. */
  enforcedBy: string;
}

export function expiryWords(expiresAt: string | null, now: Date, timeZone?: string): ExpiryWords {
  if (expiresAt === null) {
    return { utc: 'never', relative: 'no expiry', enforcedBy: 'The token stays valid until someone deactivates or deletes it.' };
  }
  const local = timeZone && timeZone !== 'UTC' ? expiryInZone(expiresAt, timeZone) : undefined;
  return {
    utc: formatTime(expiresAt),
    ...(local ? { local } : {}),
    relative: expiryRelative(expiresAt, now),
    enforcedBy: 'InfluxDB cannot hold an expiry: at that time the console deactivates the token (it is not deleted).',
  };
}
