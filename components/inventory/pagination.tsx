'use client';
import { Button } from '@/components/ui/button';
import { fieldClass } from '@/components/ui/field';
import { PAGE_SIZES, type InventoryQuery } from '@/lib/inventory/query';

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
          <select className={fieldClass} value={size} onChange={(e) => onChange({ size: Number(e.target.value) })}>
            {PAGE_SIZES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <Button size="sm" disabled={page <= 1} onClick={() => onChange({ page: 1 })}>
          First
        </Button>
        <Button size="sm" disabled={page <= 1} onClick={() => onChange({ page: page - 1 })}>
          Previous
        </Button>
        <span className="text-ink-muted">
          Page {page} of {pageCount}
        </span>
        <Button size="sm" disabled={page >= pageCount} onClick={() => onChange({ page: page + 1 })}>
          Next
        </Button>
        <Button size="sm" disabled={page >= pageCount} onClick={() => onChange({ page: pageCount })}>
          Last
        </Button>
      </div>
    </nav>
  );
}
