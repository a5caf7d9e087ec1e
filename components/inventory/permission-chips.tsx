import type { PermissionSummary } from '@/lib/inventory/types';

export function PermissionChips({
  summary,
  sensitive,
  codeRunning = [],
}: {
  summary: PermissionSummary;
  sensitive: string[];
  codeRunning?: string[];
}) {
  return (
    <div className="flex flex-wrap items-center gap-1">
      {summary.chips.map((chip) => (
        <span
          key={chip}
          className={`rounded px-1.5 py-0.5 text-xs ${summary.allAccess && chip === 'all access' ? 'bg-warn-50 font-medium text-warn-800' : 'bg-gray-100 text-ink'}`}
        >
          {chip}
        </span>
      ))}
      {summary.more > 0 && <span className="text-xs text-ink-muted">+{summary.more} more</span>}
      {summary.chips.length === 0 && <span className="text-xs text-ink-muted">no permissions</span>}
      {sensitive.length > 0 && (
        <span
          className="rounded bg-danger-50 px-1.5 py-0.5 text-xs font-medium text-danger-700"
          title={`Sensitive: ${sensitive.join(', ')}`}
        >
          <span aria-hidden>⚠ </span>
          <span className="sr-only">Sensitive: </span>
          {sensitive.join(', ')}
        </span>
      )}
      {codeRunning.length > 0 && (
        <span
          className="rounded bg-warn-50 px-1.5 py-0.5 text-xs font-medium text-warn-800"
          title={`Runs queries with its owner's rights: ${codeRunning.join(', ')}`}
        >
          <span aria-hidden>⚙ </span>
          <span className="sr-only">Runs queries with its owner&apos;s rights: </span>
          {codeRunning.join(', ')}
        </span>
      )}
    </div>
  );
}
