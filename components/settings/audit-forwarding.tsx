// Settings, admins: where the audit trail is forwarded and whether each sink keeps up. A sink that
// is down shows its backlog (nothing is lost: the entries wait in the outbox) and the last error.
import { ageWords } from '@/lib/audit/forwarding/age-words';
import type { SinkStatus } from '@/lib/audit/forwarding/outbox';
import { formatTime } from '@/lib/format/time';

const KIND: Record<string, string> = { syslog: 'Syslog (RFC 5424)', webhook: 'Webhook (JSON POST)' };

export function AuditForwarding({ sinks, now }: { sinks: SinkStatus[]; now: Date }) {
  if (sinks.length === 0) {
    return (
      <p className="text-sm text-ink-muted" data-testid="forwarding-none">
        Not forwarded: set CONSOLE_AUDIT_SYSLOG (tcp://host:port or udp://host:port) or CONSOLE_AUDIT_WEBHOOK_URL to send every new audit
        row to a syslog receiver or a webhook.
      </p>
    );
  }
  return (
    <ul className="divide-y divide-gray-100 text-sm">
      {sinks.map((s) => (
        <li key={s.sink} className="py-2" data-testid={`forwarding-${s.sink}`} data-backlog={s.backlog}>
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <span>
              <span className="font-medium">{KIND[s.sink] ?? s.sink}</span> <span className="font-mono text-xs">{s.target}</span>
            </span>
            <span className={s.failing ? 'text-danger-700' : 'text-ok-700'}>{s.failing ? 'Failing, retrying' : 'Delivering'}</span>
          </div>
          <p className="text-ink-muted">
            {s.backlog === 0
              ? 'Nothing waiting.'
              : `${s.backlog} ${s.backlog === 1 ? 'row' : 'rows'} waiting${s.oldestPendingAt ? `, the oldest for ${ageWords(s.oldestPendingAt, now)}` : ''}.`}{' '}
            Last delivery: {formatTime(s.lastSentAt, true)}.
            {s.failing && s.nextAttemptAt ? ` Next attempt: ${formatTime(s.nextAttemptAt, true)}.` : ''}
          </p>
          {s.failing && s.lastError ? (
            <p className="text-danger-700" data-testid={`forwarding-${s.sink}-error`}>
              Last error ({formatTime(s.lastErrorAt, true)}): {s.lastError}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
