'use client';
import { PAGE_SIZES, type InventoryQuery } from '@/lib/inventory/query';
import { btn, cx, field } from './styles';

export function Pagination({
  page,
  pageCount,
  total,
  size,
  shown,
  onChange,
}: {
  page: number;
  pageCount: number;
  total: number;
  size: number;
  shown: number;
  onChange: (change: Partial<InventoryQuery>) => void;
}) {
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  const last = total === 0 ? 0 : first + shown - 1;
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p aria-live="polite" data-testid="page-status">
        {total === 0 ? 'No tokens' : `${first.toLocaleString('en')}–${last.toLocaleString('en')} of ${total.toLocaleString('en')}`}
      </p>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-1 text-ink-muted">
          Per page
          <select className={field} value={size} onChange={(e) => onChange({ size: Number(e.target.value) })}>
            {PAGE_SIZES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className={cx(btn.base, btn.secondary, btn.small)} disabled={page <= 1} onClick={() => onChange({ page: 1 })}>
          First
        </button>
        <button type="button" className={cx(btn.base, btn.secondary, btn.small)} disabled={page <= 1} onClick={() => onChange({ page: page - 1 })}>
          Previous
        </button>
        <span className="text-ink-muted">
          Page {page} of {pageCount}
        </span>
        <button type="button" className={cx(btn.base, btn.secondary, btn.small)} disabled={page >= pageCount} onClick={() => onChange({ page: page + 1 })}>
          Next
        </button>
        <button type="button" className={cx(btn.base, btn.secondary, btn.small)} disabled={page >= pageCount} onClick={() => onChange({ page: pageCount })}>
          Last
        </button>
      </div>
    </nav>
  );
}
