// The audit trail as a table. Server component: rows arrive as stored (never a token value).
import Link from 'next/link';
import type { AuditRow } from '@/lib/storage/audit';

const ACTION_WORDS: Record<string, string> = {
  'token.activate': 'Activated token',
  'token.deactivate': 'Deactivated token',
  'token.describe': 'Changed description',
  'token.delete': 'Deleted token',
  'token.clone': 'Cloned token',
  'token.create': 'Created token',
  'token.replace': 'Replaced token',
  'schedule.cancel': 'Cancelled scheduled deactivation',
  'schedule.deactivate': 'Scheduled deactivation ran',
};

const OUTCOME_STYLE: Record<string, string> = {
  success: 'bg-ok-50 text-ok-700',
  failure: 'bg-danger-50 text-danger-700',
  refused: 'bg-warn-50 text-warn-800',
  unknown: 'bg-warn-50 text-warn-800',
};

function detailText(value: unknown): string {
  if (Array.isArray(value)) return value.map(detailText).join('; ');
  if (value && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  return (
    <div className="overflow-x-auto rounded-card border border-gray-200 bg-surface">
      <table className="w-full text-sm" data-testid="audit-table">
        <caption className="sr-only">Audit trail, newest first</caption>
        <thead className="border-b border-gray-200 bg-surface-sunken text-left text-xs text-ink-muted">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">When (UTC)</th>
            <th scope="col" className="px-3 py-2 font-medium">Who</th>
            <th scope="col" className="px-3 py-2 font-medium">What</th>
            <th scope="col" className="px-3 py-2 font-medium">Outcome</th>
            <th scope="col" className="px-3 py-2 font-medium">Token</th>
            <th scope="col" className="px-3 py-2 font-medium">Details</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-gray-100 align-top last:border-0" data-testid="audit-row">
              <td className="whitespace-nowrap px-3 py-2 text-xs">{r.at.replace('T', ' ').slice(0, 19)}</td>
              <td className="px-3 py-2">
                {r.actorName ?? r.actorId}
                <span className="ml-1 rounded-full bg-gray-100 px-1.5 text-xs text-ink-muted">{r.actorRole}</span>
                {r.actorEmail && <div className="text-xs text-ink-muted">{r.actorEmail}</div>}
              </td>
              <td className="px-3 py-2">{ACTION_WORDS[r.action] ?? r.action}</td>
              <td className="px-3 py-2">
                <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${OUTCOME_STYLE[r.outcome] ?? 'bg-gray-100'}`}>{r.outcome}</span>
              </td>
              <td className="px-3 py-2 font-mono text-xs">
                {r.authorizationId ? (
                  <Link className="text-brand-700 hover:underline" href={`/audit?token=${r.authorizationId}`}>
                    {r.authorizationId}
                  </Link>
                ) : (
                  '—'
                )}
              </td>
              <td className="max-w-[28rem] px-3 py-2 text-xs text-ink-muted">
                <dl className="grid grid-cols-[auto_1fr] gap-x-2">
                  {Object.entries(r.detail).map(([k, v]) => (
                    <div key={k} className="contents">
                      <dt className="font-medium">{k}</dt>
                      <dd className="break-words">{detailText(v)}</dd>
                    </div>
                  ))}
                </dl>
                <div className="mt-1 font-mono text-[10px] text-ink-faint">request {r.requestId}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
