'use client';
// The "all connections" token list: every token the console can see on every connection and org,
// with the list's filters, each row naming its connection and org. Read-only: a token's own page
// (on its connection and org) offers the actions. The URL is the state; the server renders it.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { ConnectionBadge } from '@/components/shell/connection-badge';
import { formatTime } from '@/lib/format/time';
import type { AllConnectionsPage } from '@/lib/inventory/all-connections';
import { withScope } from '@/lib/connections/scope';
import { inventoryQueryString, isFiltered, withChange, type InventoryQuery } from '@/lib/inventory/query';
import { describeToken } from './describe-token';
import { FilterBar } from './filter-bar';
import { Pagination } from './pagination';
import { PermissionChips } from './permission-chips';
import { StatusBadge } from './status-badge';

export function AllConnectionsView({ page, query }: { page: AllConnectionsPage; query: InventoryQuery }) {
  const router = useRouter();
  const setQuery = (change: Partial<InventoryQuery>) => {
    const next = inventoryQueryString(withChange(query, change));
    router.push(`/tokens?connection=all${next ? `&${next}` : ''}`);
  };
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Tokens on all connections</h1>
        <p className="text-sm text-ink-muted" data-testid="inventory-meta">
          {page.inventoryTotal.toLocaleString('en')} tokens on every connection and organisation the console can see
        </p>
      </div>
      {page.down.length > 0 && (
        <div
          role="alert"
          className="rounded-md border border-danger-600 bg-danger-50 p-2 text-sm text-danger-700"
          data-testid="down-connections"
        >
          <p>Not in this list, because they could not be read:</p>
          <ul className="mt-1 flex flex-wrap gap-2">
            {page.down.map((d) => (
              <li key={`${d.id}/${d.org ?? ''}`}>
                <ConnectionBadge label={d.label} colour={d.colour} down />
                {d.org ? ` org ${d.org}` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      <FilterBar query={query} facets={page.facets} onChange={setQuery} />
      {page.rows.length > 0 ? (
        <div className="overflow-x-auto rounded-card border border-gray-200 bg-surface">
          <table className="w-full text-sm" data-testid="all-token-table">
            <caption className="sr-only">Tokens on all connections, one page</caption>
            <thead className="border-b border-gray-200 bg-surface-sunken text-left text-xs text-ink-muted">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Connection
                </th>
                <th scope="col" className="px-3 py-2">
                  Org
                </th>
                <th scope="col" className="px-3 py-2">
                  Description
                </th>
                <th scope="col" className="px-3 py-2">
                  Status
                </th>
                <th scope="col" className="px-3 py-2">
                  Owner
                </th>
                <th scope="col" className="px-3 py-2">
                  Permissions
                </th>
                <th scope="col" className="px-3 py-2">
                  Created
                </th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row) => (
                <tr key={`${row.where.connection.id}/${row.where.org.id}/${row.id}`} className="border-b border-gray-100 align-top">
                  <td className="px-3 py-2" data-testid="row-connection">
                    <ConnectionBadge label={row.where.connection.label} colour={row.where.connection.colour} />
                  </td>
                  <td className="px-3 py-2" data-testid="row-org">
                    {row.where.org.name}
                  </td>
                  <th scope="row" className="px-3 py-2 text-left font-normal">
                    <Link
                      className="font-medium text-brand-700 hover:underline break-words"
                      href={withScope(`/tokens/${row.id}`, { connection: row.where.connection.id, org: row.where.org.name })}
                    >
                      {describeToken(row.description)}
                    </Link>
                  </th>
                  <td className="px-3 py-2">
                    <StatusBadge status={row.status} />
                  </td>
                  <td className="px-3 py-2">{row.ownerName ?? row.ownerID ?? ''}</td>
                  <td className="px-3 py-2">
                    <PermissionChips summary={row.summary} sensitive={row.sensitive} codeRunning={row.codeRunning} />
                  </td>
                  <td className="px-3 py-2 text-xs text-ink-muted">{row.createdAt ? formatTime(row.createdAt) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div
          className="rounded-card border border-dashed border-gray-300 bg-surface p-8 text-center text-sm text-ink-muted"
          data-testid="inventory-empty"
        >
          {isFiltered(query) ? 'No token matches this view.' : 'No tokens on any connection.'}
        </div>
      )}
      <Pagination
        page={page.page}
        pageCount={page.pageCount}
        total={page.total}
        size={query.size}
        shown={page.rows.length}
        onChange={setQuery}
      />
    </div>
  );
}
