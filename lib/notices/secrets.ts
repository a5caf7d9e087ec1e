// The notice channels' secrets, from the environment (never from CONSOLE_LIFETIMES_FILE, which is
// reviewed in git). Pure: the record is passed in. To be folded into lib/config/env-schema.ts when
// the notices are wired.
import { z } from 'zod';

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const noticeSecretsSchema = z.object({
  /** The password of the SMTP user named in the file's notices.email.user. */
  CONSOLE_NOTICE_SMTP_PASSWORD: optional,
  /** Signs each webhook body (X-Token-Console-Signature), when set. */
  CONSOLE_NOTICE_WEBHOOK_SECRET: optional.refine((v) => v === undefined || v.length >= 16, {
    error: 'CONSOLE_NOTICE_WEBHOOK_SECRET must be at least 16 characters',
  }),
});
export type NoticeSecrets = z.infer<typeof noticeSecretsSchema>;
