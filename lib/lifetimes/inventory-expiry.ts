// A token's expiry as the inventory and the token page show it, from the console's stored expiry
// and the token's status in InfluxDB. Pure. "Expired, still active in InfluxDB" is the state an
// admin must see: the time has passed and InfluxDB still accepts the token (the deactivation is
// being retried, or was given up).
import { formatTime } from '@/lib/format/time';

export type ExpiryState = 'scheduled' | 'expired' | 'still-active';

export interface ExpiryView {
  expiresAt: string;
  state: ExpiryState;
  /** Why the deactivation has not happened yet (InfluxDB's refusal in words). */
  problem?: string;
}

export interface StoredExpiry {
  expiresAt: string;
  state: 'pending' | 'running' | 'done' | 'failed' | 'cancelled';
  lastProblem: string | null;
}

/** null: no expiry. */
export function expiryView(stored: StoredExpiry | undefined, status: 'active' | 'inactive', now: Date): ExpiryView | null {
  if (!stored || stored.state === 'cancelled') return null;
  if (Date.parse(stored.expiresAt) > now.getTime()) return { expiresAt: stored.expiresAt, state: 'scheduled' };
  if (stored.state === 'done' || status === 'inactive') return { expiresAt: stored.expiresAt, state: 'expired' };
  return { expiresAt: stored.expiresAt, state: 'still-active', ...(stored.lastProblem ? { problem: stored.lastProblem } : {}) };
}

/** "2026-12-07 10:00 UTC", "expired 2026-12-07 10:00 UTC", "expired, still active in InfluxDB", "no expiry". */
export function expiryLabel(view: ExpiryView | null | undefined): string {
  if (!view) return 'no expiry';
  switch (view.state) {
    case 'scheduled':
      return formatTime(view.expiresAt);
    case 'expired':
      return `expired ${formatTime(view.expiresAt)}`;
    case 'still-active':
      return 'expired, still active in InfluxDB';
  }
}
