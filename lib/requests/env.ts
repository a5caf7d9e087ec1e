// The request settings as environment variables; lib/config/env-schema.ts spreads this shape into
// its object. Lengths of time are written like everywhere else in the console: "24h", "7d".
import { z } from 'zod';
import type { GrantPolicy } from '@/lib/policy/grant-policy';
import { parseDuration } from '@/lib/lifetimes/duration';
import type { RequestSettings } from './settings';

const MINUTE = 60_000;
const DAY = 86_400_000;

const lengthOfTime = (name: string, fallback: string, min: number, max: number, minText: string, maxText: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a length of time such as ${fallback} (a whole number and s, m, h or d)` });
        return z.NEVER;
      }
      if (ms < min || ms > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be between ${minText} and ${maxText}` });
        return z.NEVER;
      }
      return ms;
    });

export const requestEnvShape = {
  /** How long after approval the requester may mint. */
  CONSOLE_REQUEST_MINT_WINDOW: lengthOfTime('CONSOLE_REQUEST_MINT_WINDOW', '24h', 5 * MINUTE, 30 * DAY, '5m', '30d'),
  /** How long a request nobody acted on waits before it expires. */
  CONSOLE_REQUEST_EXPIRES_AFTER: lengthOfTime('CONSOLE_REQUEST_EXPIRES_AFTER', '7d', 1 * 3_600_000, 90 * DAY, '1h', '90d'),
  /** Four eyes: admins' own sensitive tokens need another admin's approval too. */
  CONSOLE_REQUEST_FOUR_EYES: z
    .enum(['true', 'false'], { error: 'CONSOLE_REQUEST_FOUR_EYES must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
};

export const requestEnvSchema = z.object(requestEnvShape);
export type RequestEnv = z.output<typeof requestEnvSchema>;

export function requestSettingsFrom(env: RequestEnv, grantPolicy: GrantPolicy, resourceTypes: readonly string[]): RequestSettings {
  return {
    grantPolicy,
    resourceTypes,
    mintWindowMs: env.CONSOLE_REQUEST_MINT_WINDOW,
    pendingTtlMs: env.CONSOLE_REQUEST_EXPIRES_AFTER,
    fourEyes: env.CONSOLE_REQUEST_FOUR_EYES,
  };
}
