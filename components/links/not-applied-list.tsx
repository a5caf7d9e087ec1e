// What a link or template asked for that could not be used, with the reason for each part.
// Shown, never dropped: the person reads it and decides. Server-safe (no hooks).
import type { NotApplied } from '@/lib/links/prefill';

export function NotAppliedList({ items, title = 'Not applied' }: { items: readonly NotApplied[]; title?: string }) {
  if (items.length === 0) return null;
  const headingId = `not-applied-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section aria-labelledby={headingId} className="rounded-card border border-warn-600/40 bg-warn-50 p-4" data-testid="not-applied">
      <h2 id={headingId} className="text-sm font-semibold text-warn-800">
        {title} ({items.length})
      </h2>
      <p className="mt-1 text-xs text-warn-800">These parts were left out of the form. Add them yourself only if they are right.</p>
      <ul className="mt-2 space-y-1 text-sm">
        {items.map((n, i) => (
          <li key={`${i}-${n.part}`} data-testid="not-applied-item">
            <code className="break-all rounded bg-white/70 px-1 font-mono text-xs">{n.part}</code>{' '}
            <span className="text-ink">{n.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
