import 'server-only';
// The two ways a notice leaves the console: e-mail over SMTP (nodemailer) and a webhook (one JSON
// POST, Slack-compatible `text`). A channel delivers or throws a NoticeChannelError whose message
// says what went wrong in words a person can act on, without a secret in it; the outbox records it
// and tries again later.
import nodemailer from 'nodemailer';
import { describeSocketError } from '@/lib/audit/forwarding/sinks';
import type { EmailChannelConfig, WebhookChannelConfig } from '@/lib/lifetimes/config-file';
import type { NoticeFacts, NoticeMessage } from './message';
import { SIGNATURE_HEADER, signBody } from './signature';

export type ChannelName = 'email' | 'webhook';

/** What a channel sends: an expiry notice, or an event notice (lib/notices/event-messages.ts). */
export type OutgoingNotice = Pick<NoticeMessage, 'subject' | 'text'> & { json: object };

export interface NoticeChannel {
  name: ChannelName;
  /** What Settings shows: the address, never a secret. */
  target: string;
  /** Who gets this notice on this channel; empty: the channel has no one to tell. */
  recipients(facts: NoticeFacts): string[];
  send(message: OutgoingNotice, recipients: readonly string[]): Promise<void>;
}

export class NoticeChannelError extends Error {
  override name = 'NoticeChannelError';
}

const TIMEOUT_MS = 10_000;

/** nodemailer's failures in words; the password never appears in them. */
function describeSmtpError(error: unknown, where: string, user: string | undefined): string {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const errno = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EPIPE|EHOSTUNREACH|ENETUNREACH)\b/.exec(e.message ?? '')?.[1];
  if (errno) return describeSocketError({ code: errno }, where);
  switch (e.code) {
    case 'EAUTH':
      return `${where} refused the sign-in${user ? ` of "${user}"` : ''} (check notices.email.user and CONSOLE_NOTICE_SMTP_PASSWORD)`;
    case 'ETIMEDOUT':
      return `${where} did not answer in time`;
    case 'EENVELOPE':
    case 'EMESSAGE':
      return `${where} refused the message${e.response ? `: ${e.response}` : ''}`;
    default:
      return `${where}: ${e.response ?? e.message ?? String(error)}`;
  }
}

export function emailChannel(config: EmailChannelConfig, password: string | undefined): NoticeChannel {
  const url = new URL(config.smtp);
  const secure = url.protocol === 'smtps:';
  const port = Number(url.port) || (secure ? 465 : 587);
  const target = `${url.protocol}//${url.hostname}:${port}`;
  const where = `the SMTP server at ${target}`;
  // Plain smtp:// still upgrades with STARTTLS whenever the server offers it (nodemailer's default).
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port,
    secure,
    auth: config.user ? { user: config.user, pass: password ?? '' } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  return {
    name: 'email',
    target,
    recipients: (facts) => {
      const to = new Set(config.team.map((a) => a.toLowerCase()));
      if (config.toCreator && facts.creator?.email) to.add(facts.creator.email.toLowerCase());
      return [...to].sort();
    },
    send: async (message, recipients) => {
      try {
        await transport.sendMail({ from: config.from, to: [...recipients], subject: message.subject, text: message.text });
      } catch (error) {
        throw new NoticeChannelError(describeSmtpError(error, where, config.user));
      }
    },
  };
}

export function webhookChannel(config: WebhookChannelConfig, secret: string | undefined, fetchImpl: typeof fetch = fetch): NoticeChannel {
  const shown = new URL(config.url);
  shown.username = '';
  shown.password = '';
  shown.search = '';
  const target = shown.toString();
  const where = `the notice webhook at ${target}`;
  return {
    name: 'webhook',
    target,
    recipients: () => [target],
    send: async (message) => {
      const body = JSON.stringify(message.json);
      let response: Response;
      try {
        response = await fetchImpl(config.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(secret ? { [SIGNATURE_HEADER]: signBody(secret, body, new Date()) } : {}) },
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
          redirect: 'error',
        });
      } catch (error) {
        if ((error as Error)?.name === 'TimeoutError')
          throw new NoticeChannelError(`${where} did not answer within ${TIMEOUT_MS / 1000} s`);
        throw new NoticeChannelError(describeSocketError((error as { cause?: unknown }).cause ?? error, where));
      }
      await response.body?.cancel();
      if (!response.ok) {
        const auth = response.status === 401 || response.status === 403 ? ' (check CONSOLE_NOTICE_WEBHOOK_SECRET)' : '';
        throw new NoticeChannelError(`${where} answered ${response.status} ${response.statusText}${auth}`.trim());
      }
    },
  };
}
