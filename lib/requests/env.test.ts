import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@/lib/policy/grant-policy';
import { requestEnvSchema, requestSettingsFrom } from './env';
import { DEFAULT_REQUEST_SETTINGS } from './settings';

describe('request settings from the environment', () => {
  it('unset means the defaults: a 24-hour window, 7 days pending, four eyes off', () => {
    const env = requestEnvSchema.parse({});
    expect(requestSettingsFrom(env, DEFAULT_POLICY, ['buckets'])).toEqual({ ...DEFAULT_REQUEST_SETTINGS, resourceTypes: ['buckets'] });
  });

  it('reads lengths of time and the four-eyes switch', () => {
    expect(
      requestEnvSchema.parse({
        CONSOLE_REQUEST_MINT_WINDOW: '2h',
        CONSOLE_REQUEST_EXPIRES_AFTER: '14d',
        CONSOLE_REQUEST_FOUR_EYES: 'true',
      }),
    ).toEqual({
      CONSOLE_REQUEST_MINT_WINDOW: 2 * 3_600_000,
      CONSOLE_REQUEST_EXPIRES_AFTER: 14 * 86_400_000,
      CONSOLE_REQUEST_FOUR_EYES: true,
    });
  });

  it('refuses what it cannot read, naming the variable', () => {
    const r = requestEnvSchema.safeParse({
      CONSOLE_REQUEST_MINT_WINDOW: '24 hours',
      CONSOLE_REQUEST_EXPIRES_AFTER: '1s',
      CONSOLE_REQUEST_FOUR_EYES: 'yes',
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual([
      'CONSOLE_REQUEST_MINT_WINDOW must be a length of time such as 24h (a whole number and s, m, h or d)',
      'CONSOLE_REQUEST_EXPIRES_AFTER must be between 1h and 90d',
      'CONSOLE_REQUEST_FOUR_EYES must be true or false',
    ]);
  });
});
