// Settings: the token lifetime policy (default and longest lifetime per role and grant class), the
// expiry notices (lead times, channels, a test notice for admins), expired tokens InfluxDB still
// accepts (the console keeps retrying), and notices a channel has not taken yet.
import { formatTime } from '@/lib/format/time';
import { GRANT_CLASSES } from '@/lib/lifetimes/grant-classes';
import { durationWords } from '@/lib/lifetimes/duration';
import { lifetimeLabel, type LifetimePolicy } from '@/lib/lifetimes/policy-rules';
import type { PendingExpiry } from '@/lib/lifetimes/expiry-store';
import type { NoticeRow } from '@/lib/notices/outbox';
import type { ActionResult } from '@/lib/actions/result';
import { TestNoticeButton, type TestNoticeOutcome } from './test-notice-button';

const CLASS_WORDS = { ordinary: 'Ordinary grants', sensitive: 'Sensitive grants', 'code-running': 'Grants that run code' } as const;

export interface NoticeChannelView {
  name: string;
  target: string;
  /** Who gets it, in words: "influx-ops@acme.com and the minter". */
  to: string;
}

export function LifetimesSettings({
  policy,
  leads,
  channels,
  stuck,
  undelivered,
  tokenHref,
  sendTestNotice,
}: {
  policy: LifetimePolicy;
  leads: number[];
  channels: NoticeChannelView[];
  stuck: PendingExpiry[];
  undelivered: NoticeRow[];
  tokenHref: (e: { authorizationID: string; connectionID: string; orgID: string }) => string;
  /** Absent: this person may not send one (admins may). */
  sendTestNotice?: (input: Record<string, never>) => Promise<ActionResult<{ results: TestNoticeOutcome[] }>>;
}) {
  const roles = Object.keys(policy) as (keyof LifetimePolicy)[];
  return (
    <section
      aria-labelledby="lifetimes"
      className="space-y-4 rounded-card border border-gray-200 bg-surface p-5"
      data-testid="lifetimes-settings"
    >
      <h2 id="lifetimes" className="text-lg font-medium">
        Token lifetimes
      </h2>
      <p className="text-sm text-ink-muted">
        InfluxDB cannot hold an expiry: at a token&apos;s expiry the console deactivates it (it is not deleted). Set in
        CONSOLE_LIFETIMES_FILE.
      </p>
      <table className="text-sm" data-testid="lifetime-policy">
        <thead>
          <tr className="text-left text-ink-muted">
            <th scope="col" className="pr-6 font-medium">
              Role
            </th>
            {GRANT_CLASSES.map((c) => (
              <th key={c} scope="col" className="pr-6 font-medium">
                {CLASS_WORDS[c]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {roles.map((role) => (
            <tr key={role}>
              <th scope="row" className="pr-6 text-left font-medium capitalize">
                {role}s
              </th>
              {GRANT_CLASSES.map((c) => {
                const rule = policy[role]?.[c];
                return (
                  <td key={c} className="pr-6">
                    {rule ? `${lifetimeLabel(rule.default)} proposed, at most ${lifetimeLabel(rule.max)}` : 'none'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>

      <div className="space-y-2 text-sm">
        <h3 className="font-medium">Expiry notices</h3>
        <p>
          {leads.length > 0 ? `${leads.map((l) => durationWords(l)).join(' and ')} before, and at expiry.` : 'At expiry only.'} Each notice
          links to the token&apos;s page, where Replace renews it; it never contains a token value.
        </p>
        {channels.length === 0 ? (
          <p className="text-ink-muted" data-testid="notice-channels-none">
            No channel: add notices.email (SMTP) or notices.webhook to CONSOLE_LIFETIMES_FILE to send notices.
          </p>
        ) : (
          <ul className="list-disc pl-5" data-testid="notice-channels">
            {channels.map((c) => (
              <li key={c.name}>
                <span className="font-medium">{c.name === 'email' ? 'E-mail' : 'Webhook'}</span>{' '}
                <span className="font-mono text-xs">{c.target}</span> to {c.to}
              </li>
            ))}
          </ul>
        )}
        {sendTestNotice && channels.length > 0 ? <TestNoticeButton send={sendTestNotice} /> : null}
      </div>

      <div className="space-y-1 text-sm" data-testid="stuck-expiries">
        <h3 className="font-medium">Expired, still active in InfluxDB</h3>
        {stuck.length === 0 ? (
          <p className="text-ink-muted">None: every expiry so far was carried out.</p>
        ) : (
          <ul className="divide-y divide-gray-100">
            {stuck.map((e) => (
              <li key={`${e.connectionID}/${e.authorizationID}`} className="py-1.5">
                <a className="text-brand-700 underline" href={tokenHref(e)}>
                  {e.description || e.authorizationID}
                </a>{' '}
                expired {formatTime(e.expiresAt.toISOString())};{' '}
                <span className="text-danger-700">
                  {e.state === 'failed' ? 'the console gave up' : `still retrying (${e.attempts} attempts)`}
                  {e.lastProblem ? `: ${e.lastProblem}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>

      {undelivered.length > 0 ? (
        <div className="space-y-1 text-sm" data-testid="undelivered-notices">
          <h3 className="font-medium">Notices waiting for their channel</h3>
          <ul className="divide-y divide-gray-100">
            {undelivered.map((n) => (
              <li key={n.id} className="py-1.5">
                {n.kind} notice for token <span className="font-mono text-xs">{n.tokenId}</span> by {n.channel}: {n.attempts} failed{' '}
                {n.attempts === 1 ? 'try' : 'tries'}, next at {formatTime(new Date(n.nextAttemptAt).toISOString())}
                {n.lastError ? <span className="text-danger-700"> ({n.lastError})</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
