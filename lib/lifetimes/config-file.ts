// CONSOLE_LIFETIMES_FILE: the lifetime policy and the expiry notices, one JSON file an ops engineer
// reads top to bottom and reviews in git. Everything is optional; a missing file means the built-in
// policy and no notice channel. Secrets are not in it: the SMTP password and the webhook's signing
// secret come from the environment (lib/notices/secrets.ts). Pure: the text is read elsewhere.
//
// {
//   "lifetimes": { "creator": { "ordinary": { "default": "30d", "max": "180d" } } },
//   "notices": {
//     "before": ["14d", "3d"],
//     "email": { "smtp": "smtp://mail.acme.internal:587", "user": "tokens", "from": "Token Console <tokens@acme.com>",
//                "team": ["influx-ops@acme.com"], "toCreator": true },
//     "webhook": { "url": "https://chat.acme.internal/hooks/influx" }
//   }
// }
import { z } from 'zod';
import { parseDuration } from './duration';
import { resolvePolicy, type LifetimePolicy } from './policy';

const duration = z
  .string()
  .refine((v) => parseDuration(v) !== undefined, { error: 'must be a whole number with one unit: 14d, 12h, 30m, 10s' });

const emailSchema = z
  .object({
    // nodemailer's URL form: smtp:// (STARTTLS when the server offers it) or smtps:// (TLS from the start).
    smtp: z.url({ error: 'must be an smtp:// or smtps:// URL' }).refine((v) => /^smtps?:\/\/[^/@]+(:\d+)?\/?$/.test(v), {
      error:
        'must be smtp://host:port or smtps://host:port, without a user or password (put the user in "user", the password in CONSOLE_NOTICE_SMTP_PASSWORD)',
    }),
    user: z.string().trim().min(1).optional(),
    from: z.string().trim().min(3, { error: 'must be a sender address, e.g. "Token Console <tokens@acme.com>"' }),
    team: z.array(z.email({ error: 'must be e-mail addresses' })).default([]),
    /** Also write to the person who minted the token, when the console knows their address. */
    toCreator: z.boolean().default(true),
  })
  .strict();

const webhookSchema = z
  .object({
    url: z
      .url({ error: 'must be an absolute http(s) URL' })
      .refine((v) => /^https?:\/\//.test(v), { error: 'must start with http:// or https://' }),
  })
  .strict();

export const lifetimesFileSchema = z
  .object({
    lifetimes: z.unknown().optional(),
    notices: z
      .object({
        before: z.array(duration).max(10).default(['14d', '3d']),
        email: emailSchema.optional(),
        webhook: webhookSchema.optional(),
      })
      .strict()
      .default({ before: ['14d', '3d'] }),
  })
  .strict();

export type EmailChannelConfig = z.infer<typeof emailSchema>;
export type WebhookChannelConfig = z.infer<typeof webhookSchema>;

export interface LifetimesConfig {
  policy: LifetimePolicy;
  notices: { leads: number[]; email?: EmailChannelConfig; webhook?: WebhookChannelConfig };
}

/** The file's text, checked: the configuration, or one problem per line naming where it is. */
export function parseLifetimesFile(text: string | undefined): { ok: true; config: LifetimesConfig } | { ok: false; problems: string[] } {
  let json: unknown = {};
  if (text !== undefined) {
    try {
      json = JSON.parse(text);
    } catch (error) {
      return { ok: false, problems: [`not valid JSON: ${(error as Error).message}`] };
    }
  }
  const parsed = lifetimesFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`) };
  const policy = resolvePolicy(parsed.data.lifetimes);
  if (!policy.ok) return policy;
  const { before, email, webhook } = parsed.data.notices;
  return {
    ok: true,
    config: { policy: policy.policy, notices: { leads: [...new Set(before.map((b) => parseDuration(b)!))], email, webhook } },
  };
}
