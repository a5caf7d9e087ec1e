// The token page's "Minted by" line and history, from the audit trail. Server component.
import Link from 'next/link';
import type { TokenHistory } from '@/lib/audit/token-history';
import { AuditTable } from './audit-table';

export function TokenHistorySection({ id, history }: { id: string; history: TokenHistory }) {
  const m = history.mintedBy;
  return (
    <section className="space-y-2" aria-labelledby="token-history-heading">
      <h2 id="token-history-heading" className="text-lg font-semibold">
        History
      </h2>
      <p className="text-sm" data-testid="minted-by">
        Minted by{' '}
        {m ? (
          <>
            <strong>{m.actorName}</strong> <span className="text-ink-muted">({m.actorId})</span> on {m.at.replace('T', ' ').slice(0, 19)}{' '}
            UTC
            {m.cloneOf && (
              <>
                , cloned from{' '}
                <Link className="font-mono text-brand-700 underline" href={`/tokens/${m.cloneOf}`}>
                  {m.cloneOf}
                </Link>
              </>
            )}
          </>
        ) : (
          <strong>outside the console</strong>
        )}
      </p>
      {history.rows.length === 0 ? (
        <p className="text-sm text-ink-muted">The audit trail holds nothing about this token.</p>
      ) : (
        <AuditTable rows={history.rows} />
      )}
      {history.more && (
        <Link className="text-sm text-brand-700 underline" href={`/audit?token=${id}`}>
          Its whole history on the Audit page
        </Link>
      )}
    </section>
  );
}
