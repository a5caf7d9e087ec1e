// The audit trail as a table. Server component: rows arrive as stored (never a token value).
// Permissions read as in the review step; the stored JSON stays one click away, not in the way.
import Link from 'next/link';
import { actionWords } from '@/lib/audit/actions';
import { rowPermissionWords } from '@/lib/audit/permission-words';
import type { AuditRow } from '@/lib/storage/audit';

const OUTCOME_STYLE: Record<string, string> = {
  success: 'bg-ok-50 text-ok-700',
  failure: 'bg-danger-50 text-danger-700',
  refused: 'bg-warn-50 text-warn-800',
  unknown: 'bg-warn-50 text-warn-800',
};

function Permissions({ detail }: { detail: Record<string, unknown> }) {
  const perms = rowPermissionWords(detail);
  if (!perms?.length) return null;
  return (
    <ul className="list-disc pl-4" data-testid="audit-permissions">
      {perms.map((p, i) => (
        <li key={i} className={p.words ? '' : 'font-mono'}>
          {p.words ?? p.raw}
        </li>
      ))}
    </ul>
  );
}

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  return (
    <div className="overflow-x-auto rounded-card border border-gray-200 bg-surface">
      <table className="w-full table-fixed text-sm" data-testid="audit-table">
        <caption className="sr-only">Audit trail, newest first</caption>
        <thead className="border-b border-gray-200 bg-surface-sunken text-left text-xs text-ink-muted">
          <tr>
            <th scope="col" className="w-40 px-3 py-2 font-medium">
              When (UTC)
            </th>
            <th scope="col" className="w-44 px-3 py-2 font-medium">
              Who
            </th>
            <th scope="col" className="w-44 px-3 py-2 font-medium">
              What
            </th>
            <th scope="col" className="w-24 px-3 py-2 font-medium">
              Outcome
            </th>
            <th scope="col" className="w-44 px-3 py-2 font-medium">
              Token
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Details
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-gray-100 align-top last:border-0" data-testid="audit-row">
              <td className="whitespace-nowrap px-3 py-2 text-xs">{r.at.replace('T', ' ').slice(0, 19)}</td>
              <td className="break-words px-3 py-2">
                {r.actorName ?? r.actorId}
                <span className="ml-1 rounded-full bg-gray-100 px-1.5 text-xs text-ink-muted">{r.actorRole}</span>
                {r.actorEmail && <div className="text-xs text-ink-muted">{r.actorEmail}</div>}
              </td>
              <td className="px-3 py-2">{actionWords(r.action)}</td>
              <td className="px-3 py-2">
                <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${OUTCOME_STYLE[r.outcome] ?? 'bg-gray-100'}`}>
                  {r.outcome}
                </span>
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
              <td className="px-3 py-2 text-xs text-ink-muted">
                <Permissions detail={r.detail} />
                <details className="mt-1">
                  <summary className="cursor-pointer text-brand-700">Recorded details</summary>
                  <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-surface-sunken p-2 font-mono text-[11px]">
                    {JSON.stringify(r.detail, null, 2)}
                  </pre>
                  <div className="mt-1 font-mono text-[10px] text-ink-faint">request {r.requestId}</div>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
