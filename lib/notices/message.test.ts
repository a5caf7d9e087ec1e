import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildNotice, timeLeftWords, tokenPageUrl, type NoticeFacts } from './message';
import { signBody, verifySignature } from './signature';

const now = new Date('2026-11-28T08:00:00.000Z');
// Shaped like an InfluxDB token: 64 random bytes in base64.
const VALUE = 'q1W2e3R4t5Y6u7I8o9P0a1S2d3F4g5H6j7K8l9Z0x1C2v3B4n5M6q7W8e9R0t1Y2u3I4o5P6a7S8d9F0g1H2jA==';

const facts: NoticeFacts = {
  kind: 'before-3d',
  tokenId: '0a1b2c3d4e5f6a7b',
  description: 'telegraf on web-01',
  orgName: 'acme',
  connectionName: 'production',
  expiresAt: '2026-12-01T08:00:00.000Z',
  tokenUrl: tokenPageUrl('https://tokens.acme.com', '0a1b2c3d4e5f6a7b'),
  creator: { name: 'Ana', email: 'ana@acme.com' },
};

describe('expiry notice words', () => {
  it('says which token, where, when in UTC, and links to its page', () => {
    const m = buildNotice(facts, now);
    expect(m.subject).toBe('InfluxDB token "telegraf on web-01" expires in 3 days (2026-12-01 08:00 UTC)');
    expect(m.text).toBe(
      'The InfluxDB token "telegraf on web-01" (org acme on production, id 0a1b2c3d4e5f6a7b) expires in 3 days, at 2026-12-01 08:00 UTC. Then the console deactivates it in InfluxDB.\n\n' +
        'To keep the service running, replace it with the same permissions and a new lifetime on its page:\nhttps://tokens.acme.com/tokens/0a1b2c3d4e5f6a7b\n',
    );
    expect(m.json.text).toContain('<https://tokens.acme.com/tokens/0a1b2c3d4e5f6a7b|open the token>');
    expect(m.json.notice).toEqual({
      kind: 'before-3d',
      tokenId: '0a1b2c3d4e5f6a7b',
      description: 'telegraf on web-01',
      org: 'acme',
      connection: 'production',
      expiresAt: '2026-12-01T08:00:00.000Z',
      url: 'https://tokens.acme.com/tokens/0a1b2c3d4e5f6a7b',
    });
    const expired = buildNotice({ ...facts, kind: 'expired', connectionName: undefined }, new Date('2026-12-01T08:00:05Z'));
    expect(expired.subject).toBe('InfluxDB token "telegraf on web-01" has expired (2026-12-01 08:00 UTC)');
    expect(expired.text).toContain('(org acme, id 0a1b2c3d4e5f6a7b) expired at 2026-12-01 08:00 UTC');
  });

  it('has no place for a token value, and scrubs one pasted into the description', () => {
    // @ts-expect-error: NoticeFacts has no field for a token value.
    buildNotice({ ...facts, token: VALUE }, now);
    const withValue = { ...facts, token: VALUE, value: VALUE };
    const m = buildNotice(withValue, now);
    expect(JSON.stringify(m)).not.toContain(VALUE);
    const pasted = buildNotice({ ...facts, description: `telegraf ${VALUE}` }, now);
    expect(JSON.stringify(pasted)).not.toContain(VALUE);
    expect(pasted.subject).toContain('telegraf [redacted]');
  });

  it('for any description: one line, no token-shaped run', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ minLength: 0, maxLength: 20 }), (before, after) => {
        const m = buildNotice({ ...facts, description: `${before}${VALUE}${after}` }, now);
        expect(JSON.stringify(m)).not.toContain(VALUE.slice(0, 40));
        expect(m.subject).not.toMatch(/[\r\n]/);
      }),
    );
  });

  it('time left in words', () => {
    expect(timeLeftWords(14 * 86_400_000)).toBe('in 14 days');
    expect(timeLeftWords(86_400_000)).toBe('in 1 day');
    expect(timeLeftWords(5 * 3_600_000)).toBe('in 5 hours');
    expect(timeLeftWords(90_000)).toBe('in 2 minutes');
    expect(timeLeftWords(10_000)).toBe('in less than a minute');
  });
});

describe('webhook signature', () => {
  it('verifies with the secret, fails with another secret, a changed body or an old time', () => {
    const body = JSON.stringify(buildNotice(facts, now).json);
    const header = signBody('a-long-enough-secret', body, now);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature('a-long-enough-secret', body, header, now)).toBe(true);
    expect(verifySignature('another-long-secret!', body, header, now)).toBe(false);
    expect(verifySignature('a-long-enough-secret', `${body} `, header, now)).toBe(false);
    expect(verifySignature('a-long-enough-secret', body, header, new Date(now.getTime() + 301_000))).toBe(false);
    expect(verifySignature('a-long-enough-secret', body, 'garbage', now)).toBe(false);
  });
});

describe('notice secrets from the environment', () => {
  it('are optional; a short webhook secret is refused without echoing it', async () => {
    const { noticeSecretsSchema } = await import('./secrets');
    expect(noticeSecretsSchema.parse({})).toEqual({ CONSOLE_NOTICE_SMTP_PASSWORD: undefined, CONSOLE_NOTICE_WEBHOOK_SECRET: undefined });
    const short = noticeSecretsSchema.safeParse({ CONSOLE_NOTICE_WEBHOOK_SECRET: 'tiny-secret' });
    expect(short.success).toBe(false);
    expect(JSON.stringify(short.error?.issues)).not.toContain('tiny-secret');
  });
});
