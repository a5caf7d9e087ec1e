import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditTable } from '@/components/audit/audit-table';
import { requirePageUser } from '@/lib/auth/page-guard';
import { influxIdSchema } from '@/lib/permissions/model';
import { listAuditPage } from '@/lib/storage/audit-query';

export const metadata: Metadata = { title: 'Audit' };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser('tokens.view');
  const params = await searchParams;
  const token = influxIdSchema.safeParse(first(params.token));
  const before = Number(first(params.before));
  const page = listAuditPage({
    limit: 50,
    ...(Number.isInteger(before) && before > 0 ? { before } : {}),
    ...(token.success ? { authorizationID: token.data } : {}),
  });
  const tokenQuery = token.success ? `token=${token.data}&` : '';
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Audit</h1>
        <p className="text-sm text-ink-muted">
          Every change made through the console, newest first. Append-only; token values are never recorded.
          {token.success && (
            <>
              {' '}
              Showing token <span className="font-mono">{token.data}</span> only.{' '}
              <Link className="text-brand-700 underline" href="/audit">
                Show everything
              </Link>
            </>
          )}
        </p>
      </div>
      {page.rows.length === 0 ? (
        <p className="rounded-card border border-dashed border-gray-300 bg-surface p-8 text-center text-sm text-ink-muted">Nothing recorded yet.</p>
      ) : (
        <AuditTable rows={page.rows} />
      )}
      <nav aria-label="Audit pages" className="flex gap-3 text-sm">
        {before > 0 && (
          <Link className="text-brand-700 underline" href={`/audit${token.success ? `?token=${token.data}` : ''}`}>
            Newest
          </Link>
        )}
        {page.nextBefore && (
          <Link className="text-brand-700 underline" href={`/audit?${tokenQuery}before=${page.nextBefore}`}>
            Older entries
          </Link>
        )}
      </nav>
    </div>
  );
}
