// The lifetime a mint may give, decided on the server from what the page sent (never trusted):
// the policy's answer for this role and the grant classes of the form, then the configured
// shortest lifetime (CONSOLE_MIN_LIFETIME_SECONDS), which only tests set to seconds. Pure.
import type { Role } from '@/lib/auth/roles';
import { durationWords } from './duration';
import { checkLifetimeField } from './decide-lifetime';
import type { GrantClass } from './grant-classes';
import type { LifetimePolicy } from './policy-rules';

export interface MintLifetimes {
  policy: LifetimePolicy;
  /** Milliseconds: an expiry closer than this to now is refused. */
  minLifetimeMs: number;
}

export type MintLifetimeCheck = { ok: true; expiresAt: Date | null } | { ok: false; fieldError: string };

export function checkMintLifetime(
  input: string | undefined,
  role: Role,
  classes: readonly GrantClass[],
  now: Date,
  lifetimes: MintLifetimes,
): MintLifetimeCheck {
  const field = checkLifetimeField(input, role, classes, now, lifetimes.policy);
  if (!field.ok) return field;
  if (field.expiresAt !== null && field.expiresAt.getTime() - now.getTime() < lifetimes.minLifetimeMs) {
    return { ok: false, fieldError: `A token must live at least ${durationWords(lifetimes.minLifetimeMs)}: choose a later expiry.` };
  }
  return { ok: true, expiresAt: field.expiresAt };
}
