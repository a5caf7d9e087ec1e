'use client';
// One page of tokens. Sorting is by column header (aria-sort says which); each row links to the
// token's detail page and offers the actions the person's role allows.
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ExpiryText } from './expiry-text';
import { cx } from '@/components/ui/class-names';
import { formatTime } from '@/lib/format/time';
import type { InventoryQuery, SortKey } from '@/lib/inventory/query';
import { describeToken } from './describe-token';
import { PermissionChips } from './permission-chips';
import { StatusBadge } from './status-badge';
import type { TokenRef } from './use-token-actions';
import type { ClientRow } from './use-token-mutations';

export interface RowActions {
  can: (t: TokenRef) => { status: boolean; describe: boolean; clone: boolean; delete: boolean; replace: boolean };
  toggleStatus: (t: TokenRef) => void;
  open: (kind: 'delete' | 'clone' | 'replace' | 'describe', t: TokenRef) => void;
}

function SortHeader({
  label,
  sortKey,
  query,
  onSort,
  className,
}: {
  label: string;
  sortKey: SortKey;
  query: InventoryQuery;
  onSort: (k: SortKey) => void;
  className?: string;
}) {
  const active = query.sort === sortKey;
  return (
    <th
      scope="col"
      aria-sort={active ? (query.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      className={cx('px-3 py-2 text-left font-medium', className)}
    >
      <button type="button" className="inline-flex items-center gap-1 hover:text-ink" onClick={() => onSort(sortKey)}>
        {label}
        <span aria-hidden className={active ? 'text-ink' : 'text-ink-faint'}>
          {active ? (query.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

function MoreMenu({ row, actions }: { row: ClientRow; actions: RowActions }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDoc = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        ref.current?.querySelector('button')?.focus();
      }
    };
    document.addEventListener('mousedown', onDoc);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDoc);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  const items = [
    actions.can(row).describe && { key: 'describe' as const, label: 'Edit description…' },
    actions.can(row).clone && { key: 'clone' as const, label: 'Clone…' },
    actions.can(row).replace && { key: 'replace' as const, label: 'Replace…' },
    actions.can(row).delete && { key: 'delete' as const, label: 'Delete…', danger: true },
  ].filter(Boolean) as { key: 'describe' | 'clone' | 'replace' | 'delete'; label: string; danger?: boolean }[];
  if (items.length === 0) return null;
  return (
    <div className="relative" ref={ref}>
      <Button
        variant="ghost"
        size="sm"
        className="whitespace-nowrap"
        aria-expanded={open}
        aria-label={`More actions for "${describeToken(row.description)}"`}
        onClick={() => setOpen((o) => !o)}
      >
        More ▾
      </Button>
      {open && (
        <ul className="absolute right-0 z-20 mt-1 w-44 rounded-md border border-gray-200 bg-surface py-1 shadow-lg">
          {items.map((item) => (
            <li key={item.key}>
              <button
                type="button"
                className={cx('block w-full px-3 py-1.5 text-left text-sm hover:bg-gray-100', item.danger ? 'text-danger-700' : 'text-ink')}
                onClick={() => {
                  setOpen(false);
                  actions.open(item.key, row);
                }}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function TokenTable({
  rows,
  query,
  onSort,
  selectable,
  selected,
  onSelect,
  actions,
  tokenHref = (id) => `/tokens/${id}`,
}: {
  rows: ClientRow[];
  query: InventoryQuery;
  onSort: (k: SortKey) => void;
  selectable: boolean;
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], on: boolean) => void;
  actions: RowActions;
  /** Where a token's page is (it carries the connection and org). */
  tokenHref?: (id: string) => string;
}) {
  const selectableRows = rows.filter((r) => !r.pending && !r.isConsoleCredential);
  const allSelected = selectableRows.length > 0 && selectableRows.every((r) => selected.has(r.id));
  return (
    <div className="overflow-x-auto rounded-card border border-gray-200 bg-surface">
      <table className="w-full text-sm" data-testid="token-table">
        <caption className="sr-only">Tokens, one page</caption>
        <thead className="border-b border-gray-200 bg-surface-sunken text-xs text-ink-muted">
          <tr>
            {selectable && (
              <th scope="col" className="w-8 px-3 py-2">
                <input
                  type="checkbox"
                  aria-label="Select every token on this page"
                  checked={allSelected}
                  onChange={(e) =>
                    onSelect(
                      selectableRows.map((r) => r.id),
                      e.target.checked,
                    )
                  }
                />
              </th>
            )}
            <SortHeader label="Description" sortKey="description" query={query} onSort={onSort} />
            <SortHeader label="Status" sortKey="status" query={query} onSort={onSort} />
            <SortHeader label="Owner" sortKey="owner" query={query} onSort={onSort} />
            <th scope="col" className="px-3 py-2 text-left font-medium">
              Minted by
            </th>
            <th scope="col" className="px-3 py-2 text-left font-medium">
              Permissions
            </th>
            <SortHeader label="Created" sortKey="created" query={query} onSort={onSort} className="whitespace-nowrap" />
            <SortHeader label="Updated" sortKey="updated" query={query} onSort={onSort} className="whitespace-nowrap" />
            <SortHeader label="Expires" sortKey="expires" query={query} onSort={onSort} className="whitespace-nowrap" />
            <th scope="col" className="px-3 py-2 text-right font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.id}
              className={cx('border-b border-gray-100 align-top last:border-0', row.pending && 'opacity-60')}
              data-testid="token-row"
              data-token-id={row.id}
            >
              {selectable && (
                <td className="px-3 py-2">
                  {!row.pending && !row.isConsoleCredential && (
                    <input
                      type="checkbox"
                      aria-label={`Select "${describeToken(row.description)}"`}
                      checked={selected.has(row.id)}
                      onChange={(e) => onSelect([row.id], e.target.checked)}
                    />
                  )}
                </td>
              )}
              <td className="max-w-[16rem] px-3 py-2">
                {row.pending ? (
                  <span className="italic">{describeToken(row.description)} (creating…)</span>
                ) : (
                  <Link href={tokenHref(row.id)} className="font-medium text-brand-700 hover:underline break-words">
                    {describeToken(row.description)}
                  </Link>
                )}
                <div className="mt-0.5 flex flex-wrap gap-1">
                  {row.isConsoleCredential && <span className="rounded bg-brand-50 px-1.5 text-xs text-brand-700">console credential</span>}
                  {row.scheduledDeactivation && (
                    <span className="rounded bg-warn-50 px-1.5 text-xs text-warn-800" title="Scheduled by a replace with a grace period">
                      deactivates {formatTime(row.scheduledDeactivation.dueAt)}
                    </span>
                  )}
                </div>
              </td>
              <td className="px-3 py-2">
                <StatusBadge status={row.status} />
              </td>
              <td className="px-3 py-2">{row.ownerName ?? <span className="text-ink-muted">unknown</span>}</td>
              <td className="px-3 py-2" data-testid="row-minted-by">
                {row.mintedBy ? (
                  row.mintedBy.name
                ) : row.mintedBy === null ? (
                  <span className="text-ink-muted">outside the console</span>
                ) : null}
              </td>
              <td className="max-w-[20rem] px-3 py-2">
                <PermissionChips summary={row.summary} sensitive={row.sensitive} codeRunning={row.codeRunning} />
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-xs text-ink-muted">{formatTime(row.createdAt)}</td>
              <td className="whitespace-nowrap px-3 py-2 text-xs text-ink-muted">{formatTime(row.updatedAt)}</td>
              <td className="whitespace-nowrap px-3 py-2 text-xs" data-testid="row-expires">
                <ExpiryText expiry={row.expiry} />
              </td>
              <td className="px-3 py-2">
                {!row.pending && (
                  <div className="flex items-center justify-end gap-1">
                    {actions.can(row).status && (
                      <Button
                        size="sm"
                        aria-label={`${row.status === 'active' ? 'Deactivate' : 'Activate'} "${describeToken(row.description)}"`}
                        onClick={() => actions.toggleStatus(row)}
                      >
                        {row.status === 'active' ? 'Deactivate' : 'Activate'}
                      </Button>
                    )}
                    <MoreMenu row={row} actions={actions} />
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
