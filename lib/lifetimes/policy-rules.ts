// The lifetime policy: for each console role and grant class, the lifetime the builder proposes
// (default) and the longest one allowed (max); "never" means no expiry and is allowed only where
// the max says so. Pure and free of zod, so the builder's first load can use it; the configuration
// file's schema is in policy.ts.
import type { Role } from '@/lib/auth/roles';
import { durationWords, formatDuration } from './duration';
import type { GrantClass } from './grant-classes';

/** Milliseconds, or null for "never". */
export type Lifetime = number | null;

export interface LifetimeRule {
  default: Lifetime;
  max: Lifetime;
}

export type LifetimePolicy = Partial<Record<Role, Record<GrantClass, LifetimeRule>>>;

const DAY = 86_400_000;

/**
 * Ordinary grants: 90 days proposed, a year at most, no expiry for admins only. Sensitive and
 * code-running grants: 30 days at most for everyone (they mint tokens, read secrets or run code as
 * the owner). Viewers mint nothing, so they have no entry.
 */
export const BUILT_IN_POLICY: LifetimePolicy = {
  creator: {
    ordinary: { default: 90 * DAY, max: 365 * DAY },
    sensitive: { default: 30 * DAY, max: 30 * DAY },
    'code-running': { default: 30 * DAY, max: 30 * DAY },
  },
  admin: {
    ordinary: { default: 90 * DAY, max: null },
    sensitive: { default: 30 * DAY, max: 30 * DAY },
    'code-running': { default: 30 * DAY, max: 30 * DAY },
  },
};

/** Longer-than: null (never) is longer than any length. */
export const longer = (a: Lifetime, b: Lifetime) => (a === null ? b !== null : b !== null && a > b);

/** "90 days", "no expiry". */
export function lifetimeLabel(l: Lifetime): string {
  return l === null ? 'no expiry' : durationWords(l);
}

/** How the file spells it: "90d", "never". */
export function formatLifetime(l: Lifetime): string {
  return l === null ? 'never' : formatDuration(l);
}
