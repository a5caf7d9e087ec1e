import type { Metadata } from 'next';
import { underDeadline } from '@/lib/influx/deadline';
import Link from 'next/link';
import { AuditFilterForm } from '@/components/audit/audit-filter-form';
import { AuditTable } from '@/components/audit/audit-table';
import { loadAuditPageData } from '@/lib/audit/page-data';
import { requirePageUser } from '@/lib/auth/page-guard';
import { connectionInfos } from '@/lib/connections/registry';
import { defaultOrgRef } from '@/lib/influx/server';
import { consolePolicy } from '@/lib/policy/console-policy';
import { decide } from '@/lib/policy/operations';

export const metadata: Metadata = { title: 'Audit' };

async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('tokens.view');
  const mayExport = decide(user.role, 'audit.export', consolePolicy()).allowed;
  const data = await loadAuditPageData(await searchParams);
  const filtered = Object.values(data.parsed.raw).some(Boolean);
  // The connection's org by name; the filter still works by id when InfluxDB cannot be reached.
  const org = await defaultOrgRef().catch(() => undefined);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Audit</h1>
        <p className="text-sm text-ink-muted">
          Every change, sign-in and refusal, newest first. Append-only and hash-chained (<code>npm run audit:verify</code>); token values
          and passwords are never recorded.
        </p>
      </div>
      <AuditFilterForm
        raw={data.parsed.raw}
        actions={data.actions}
        orgs={data.orgs}
        orgNames={org ? { [org.id]: org.name } : {}}
        connections={connectionInfos().map((c) => ({ id: c.id, label: c.label }))}
      />
      {data.parsed.problems.length > 0 && (
        <div
          role="alert"
          className="rounded-md border border-warn-600 bg-warn-50 p-3 text-sm text-warn-800"
          data-testid="audit-filter-problems"
        >
          <p className="font-medium">These filters cannot be used, so nothing is shown:</p>
          <ul className="list-disc pl-5">
            {data.parsed.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {data.rows.length === 0 ? (
        <p
          className="rounded-card border border-dashed border-gray-300 bg-surface p-8 text-center text-sm text-ink-muted"
          data-testid="audit-empty"
        >
          {filtered ? 'No entries match these filters.' : 'Nothing recorded yet.'}
        </p>
      ) : (
        <AuditTable rows={data.rows} />
      )}
      <nav aria-label="Audit pages" className="flex gap-3 text-sm">
        {mayExport && !data.parsed.problems.length && (
          <span className="mr-auto flex gap-3" data-testid="audit-export">
            Export these entries:
            {(['csv', 'jsonl'] as const).map((format) => (
              <a
                key={format}
                className="text-brand-700 underline"
                href={`/api/audit/export?${data.exportQuery ? `${data.exportQuery}&` : ''}format=${format}`}
                download
              >
                {format === 'csv' ? 'CSV' : 'JSON Lines'}
              </a>
            ))}
          </span>
        )}
        {data.newestHref && (
          <Link className="text-brand-700 underline" href={data.newestHref}>
            Newest
          </Link>
        )}
        {data.olderHref && (
          <Link className="text-brand-700 underline" href={data.olderHref}>
            Older entries
          </Link>
        )}
      </nav>
    </div>
  );
}

// One deadline for all the InfluxDB calls of a render (lib/influx/deadline.ts).
export default underDeadline(AuditPage);
