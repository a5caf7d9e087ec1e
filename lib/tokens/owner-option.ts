// Whether the builder offers "another InfluxDB user", and the words when it does not: the role
// policy first, then what the credential can do. The action refuses with the same words (see
// mint-token.ts), so what the page explains is what a direct post is told. Pure, client-safe.
import type { Role } from '@/lib/auth/roles';
import { otherOwnerAvailability, type CredentialCapabilities } from '@/lib/influx/judge-capabilities';
import { otherOwnerDecision, type GrantPolicy } from '@/lib/policy/grant-policy';

export type OtherOwnerOption =
  | { state: 'available'; /** Shown under the option when the credential could not be checked. */ note?: string }
  | { state: 'blocked'; reason: 'role' | 'credential'; message: string };

export function otherOwnerOption(
  role: Role,
  policy: GrantPolicy,
  caps: Pick<CredentialCapabilities, 'writeUsers' | 'mintForOthers'> | undefined,
): OtherOwnerOption {
  const who = otherOwnerDecision(role, policy);
  if (!who.allowed) return { state: 'blocked', reason: 'role', message: who.message };
  if (!caps) {
    return {
      state: 'available',
      note: 'The console could not check what its InfluxDB credential may do just now; if InfluxDB refuses, you will be told why.',
    };
  }
  const a = otherOwnerAvailability(caps);
  if (a.state === 'blocked') return { state: 'blocked', reason: 'credential', message: a.message };
  return a.state === 'unverified' ? { state: 'available', note: a.note } : { state: 'available' };
}
