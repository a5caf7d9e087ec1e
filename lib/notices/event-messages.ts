// The words of event notices: the steps of an access request (issue 15) and a failed secret-store
// rotation (issue 17), for e-mail and webhooks alike. Pure.
//
// As with expiry notices, what a notice may say is fixed by its facts: which request or path, who,
// the state, the reviewer's reason, the link. No field can carry a token value (a request never has
// one, a rotation's problem is words), and every text a person typed is scrubbed of token-shaped
// runs (clean(), lib/log/redact.ts) in case one was pasted there.
import { clean } from './message';

export type RequestNoticeKind = 'request.created' | 'request.approved' | 'request.narrowed' | 'request.denied' | 'request.expired';
export type EventNoticeKind = RequestNoticeKind | 'rotation.failed';

/** Who is told: the team (team addresses), or one person by their address (absent: unknown). */
export type Audience = { kind: 'team' } | { kind: 'person'; email?: string };

export interface EventMessage {
  subject: string;
  text: string;
  /** The webhook body: Slack-compatible `text`, and the facts for machines. */
  json: { text: string; event: { kind: EventNoticeKind; url: string } & Record<string, string | null> };
}

/** One notice to record: `key` names the event, so recording it again changes nothing. */
export interface EventNotice {
  key: string;
  kind: EventNoticeKind;
  audience: Audience;
  message: EventMessage;
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

export function requestPageUrl(consoleUrl: string, requestId: string): string {
  return new URL(`requests/${encodeURIComponent(requestId)}`, withSlash(consoleUrl)).toString();
}

export function settingsPageUrl(consoleUrl: string): string {
  return new URL('settings', withSlash(consoleUrl)).toString();
}

export interface RequestNoticeFacts {
  kind: RequestNoticeKind;
  requestId: string;
  /** Changes with every step: a request approved, changed and approved again is told twice. */
  version: number;
  description: string;
  requester: { name?: string; id: string; email?: string };
  reviewer?: { name?: string; id: string };
  /** The deny reason or the narrowing note. */
  note?: string;
  /** For an expiry: what expired (a request nobody reviewed, or an approval nobody used). */
  expiredFrom?: string;
  consoleUrl: string;
}

const who = (p: { name?: string; id: string }) => clean(p.name ?? '') || clean(p.id);

export function requestNotice(f: RequestNoticeFacts): EventNotice {
  const description = clean(f.description) || '(no description)';
  const url = requestPageUrl(f.consoleUrl, f.requestId);
  const requester = who(f.requester);
  const reviewer = f.reviewer ? who(f.reviewer) : 'an admin';
  const note = f.note ? clean(f.note) : '';
  let subject: string;
  let headline: string;
  let action: string;
  switch (f.kind) {
    case 'request.created':
      subject = `Token request "${description}" from ${requester} waits for review`;
      headline = `${requester} requests the InfluxDB token "${description}".`;
      action = 'Review it (approve, narrow or deny) on its page:';
      break;
    case 'request.approved':
      subject = `Your token request "${description}" was approved`;
      headline = `${reviewer} approved your request for the InfluxDB token "${description}".`;
      action = 'Create the token (once, within the mint window) on its page:';
      break;
    case 'request.narrowed':
      subject = `Your token request "${description}" was approved with changes`;
      headline = `${reviewer} approved your request for the InfluxDB token "${description}" with changes${note ? `: ${note}` : ''}.`;
      action = 'See what was approved and create the token (once, within the mint window) on its page:';
      break;
    case 'request.denied':
      subject = `Your token request "${description}" was denied`;
      headline = `${reviewer} denied your request for the InfluxDB token "${description}"${note ? `: ${note}` : ''}.`;
      action = 'See the request, or send a new one, on its page:';
      break;
    case 'request.expired':
      subject = `Your token request "${description}" has expired`;
      headline =
        f.expiredFrom === 'pending'
          ? `Your request for the InfluxDB token "${description}" expired: nobody reviewed it in time.`
          : `Your approved request for the InfluxDB token "${description}" expired: the token was not created within the mint window.`;
      action = 'Send it again from its page if you still need the token:';
      break;
  }
  const audience: Audience =
    f.kind === 'request.created' ? { kind: 'team' } : { kind: 'person', ...(f.requester.email ? { email: f.requester.email } : {}) };
  return {
    key: `request:${f.requestId}:${f.version}:${f.kind}`,
    kind: f.kind,
    audience,
    message: {
      subject,
      text: `${headline}\n\n${action}\n${url}\n`,
      json: {
        text: `${headline} ${action.replace(/:$/, '')}: <${url}|open the request>`,
        event: {
          kind: f.kind,
          url,
          request: f.requestId,
          description,
          requester,
          reviewer: f.reviewer ? reviewer : null,
          note: note || null,
        },
      },
    },
  };
}

export interface RotationFailureFacts {
  /** The rotation's id (store and path). */
  rotationId: string;
  storeId: string;
  path: string;
  /** What went wrong, in words (never a value). */
  problem: string;
  /** When it failed (epoch ms): one notice per failure. */
  failedAt: number;
  consoleUrl: string;
}

export function rotationFailedNotice(f: RotationFailureFacts): EventNotice {
  const url = settingsPageUrl(f.consoleUrl);
  const path = clean(f.path);
  const store = clean(f.storeId);
  const problem = clean(f.problem);
  const headline = `The rotation of the secret at ${path} (store ${store}) failed: ${problem}. The old token is untouched and still active.`;
  const action = 'Settings shows the failed rotation; fix the cause, then rotate it again there:';
  return {
    key: `rotation:${f.rotationId}:${f.failedAt}`,
    kind: 'rotation.failed',
    audience: { kind: 'team' },
    message: {
      subject: `Token rotation failed for ${path}`,
      text: `${headline}\n\n${action}\n${url}\n`,
      json: {
        text: `${headline} ${action.replace(/:$/, '')}: <${url}|open Settings>`,
        event: { kind: 'rotation.failed', url, store, path, problem },
      },
    },
  };
}
