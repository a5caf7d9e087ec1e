// The settings the request rules read. Pure; the console's come from the environment (env.ts,
// console-requests.ts).
import { DEFAULT_POLICY, type GrantPolicy } from '@/lib/policy/grant-policy';

const HOUR = 3_600_000;

export interface RequestSettings {
  /** Who may mint what directly (the approver must be able to mint what they approve). */
  grantPolicy: GrantPolicy;
  /** The server's resource types: what "all access" means for the sensitivity flags. */
  resourceTypes: readonly string[];
  /** How long after approval the requester may mint (default 24 hours). */
  mintWindowMs: number;
  /** How long a request nobody acted on stays pending (default 7 days). */
  pendingTtlMs: number;
  /** Four eyes: sensitive tokens for admins too go through a request another admin approves. */
  fourEyes: boolean;
}

export const DEFAULT_REQUEST_SETTINGS: Omit<RequestSettings, 'resourceTypes'> = {
  grantPolicy: DEFAULT_POLICY,
  mintWindowMs: 24 * HOUR,
  pendingTtlMs: 7 * 24 * HOUR,
  fourEyes: false,
};
