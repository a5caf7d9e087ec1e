// The words of an expiry notice, for e-mail and webhooks alike. Pure.
//
// What a notice may say is fixed by NoticeFacts: which token (id, description), where (org,
// connection), when, and the link to the token's page. There is no field for a token value, so no
// caller can pass one; and the description, which a person typed, is scrubbed of anything shaped
// like a token (lib/log/redact.ts) in case one was pasted there by mistake.
import { formatTime } from '@/lib/format/time';
import type { NoticeKind } from '@/lib/lifetimes/notice-schedule';
import { redactString } from '@/lib/log/redact';

export interface NoticeFacts {
  kind: NoticeKind;
  /** The InfluxDB authorization id (16 hex digits). */
  tokenId: string;
  description: string;
  orgName: string;
  /** The InfluxDB connection's name, when the console has more than one. */
  connectionName?: string;
  /** ISO instant. */
  expiresAt: string;
  /** The token's page in the console, where "Replace" renews it. */
  tokenUrl: string;
  /** Who minted it through the console, when known. */
  creator?: { name?: string; email?: string };
}

export interface NoticeMessage {
  subject: string;
  text: string;
  /** The webhook body: Slack-compatible `text`, and the facts for machines. */
  json: {
    text: string;
    /** Only on the test notice Settings sends. */
    test?: true;
    notice: {
      kind: NoticeKind;
      tokenId: string;
      description: string;
      org: string;
      connection: string | null;
      expiresAt: string;
      url: string;
    };
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "in 3 days", "in 5 hours", "in 12 minutes", "in less than a minute". */
export function timeLeftWords(ms: number): string {
  const [n, unit] =
    ms >= DAY ? [Math.round(ms / DAY), 'day'] : ms >= HOUR ? [Math.round(ms / HOUR), 'hour'] : [Math.round(ms / MINUTE), 'minute'];
  return n < 1 ? 'in less than a minute' : `in ${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** The token's page, from the console's public URL (AUTH_URL). */
export function tokenPageUrl(consoleUrl: string, tokenId: string): string {
  return new URL(`tokens/${encodeURIComponent(tokenId)}`, consoleUrl.endsWith('/') ? consoleUrl : `${consoleUrl}/`).toString();
}

/** One line, no control characters, no token-shaped runs, at most 200 characters. */
export function clean(text: string): string {
  // Control characters would let a description add lines (or headers) to the message.
  const line = [...redactString(text)]
    .map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

export function buildNotice(facts: NoticeFacts, now: Date): NoticeMessage {
  const description = clean(facts.description) || '(no description)';
  const org = clean(facts.orgName);
  const connection = facts.connectionName ? clean(facts.connectionName) : null;
  const where = connection ? `org ${org} on ${connection}` : `org ${org}`;
  const when = formatTime(facts.expiresAt);
  const expired = facts.kind === 'expired';
  const left = timeLeftWords(Date.parse(facts.expiresAt) - now.getTime());
  const subject = expired
    ? `InfluxDB token "${description}" has expired (${when})`
    : `InfluxDB token "${description}" expires ${left} (${when})`;
  const headline = expired
    ? `The InfluxDB token "${description}" (${where}, id ${facts.tokenId}) expired at ${when}. The console deactivates it in InfluxDB; it is not deleted.`
    : `The InfluxDB token "${description}" (${where}, id ${facts.tokenId}) expires ${left}, at ${when}. Then the console deactivates it in InfluxDB.`;
  const action = expired
    ? `If a service still needs it, replace it with the same permissions and a new lifetime on its page:`
    : `To keep the service running, replace it with the same permissions and a new lifetime on its page:`;
  const text = `${headline}\n\n${action}\n${facts.tokenUrl}\n`;
  return {
    subject,
    text,
    json: {
      text: `${headline} ${action.replace(/:$/, '')}: <${facts.tokenUrl}|open the token>`,
      notice: {
        kind: facts.kind,
        tokenId: facts.tokenId,
        description,
        org,
        connection,
        expiresAt: facts.expiresAt,
        url: facts.tokenUrl,
      },
    },
  };
}

/**
 * What Settings' "send a test notice" sends: a made-up token, marked as a test in the subject,
 * the text and the JSON, so nobody takes it for a real expiry.
 */
export function buildTestNotice(consoleUrl: string, now: Date): NoticeMessage {
  const sample = buildNotice(
    {
      kind: 'before-3d',
      tokenId: '0000000000000000',
      description: 'example token',
      orgName: 'example-org',
      expiresAt: new Date(now.getTime() + 3 * DAY).toISOString(),
      tokenUrl: new URL('tokens', consoleUrl.endsWith('/') ? consoleUrl : `${consoleUrl}/`).toString(),
    },
    now,
  );
  const note = 'This is a test notice from the Influx Token Console: no token expires. Real notices look like this:';
  return {
    subject: `[test] ${sample.subject}`,
    text: `${note}\n\n${sample.text}`,
    json: { ...sample.json, text: `${note} ${sample.json.text}`, test: true },
  };
}
