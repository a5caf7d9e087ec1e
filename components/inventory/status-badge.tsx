export function StatusBadge({ status }: { status: 'active' | 'inactive' }) {
  return status === 'active' ? (
    <span className="inline-flex items-center gap-1 rounded-full bg-ok-50 px-2 py-0.5 text-xs font-medium text-ok-700">
      <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-ok-600" />
      Active
    </span>
  ) : (
    <span className="inline-flex items-center gap-1 rounded-full bg-gray-100 px-2 py-0.5 text-xs font-medium text-ink-muted">
      <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-ink-faint" />
      Inactive
    </span>
  );
}
