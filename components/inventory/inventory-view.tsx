'use client';
// The token list. The URL is the view's only state: filters, sort and page are read from it and
// written to it. The first page arrives with the server render; every later page comes from the
// listTokens action through React Query (one page at a time, whatever the org's size).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import { queryKeys } from '@/components/query-keys';
import { Button } from '@/components/ui/button';
import { cx } from '@/components/ui/class-names';
import { formatTime } from '@/lib/format/time';
import { MAX_BULK } from '@/lib/inventory/action-limits';
import type { ItemResult } from '@/lib/inventory/operations';
import {
  inventoryQueryString,
  isFiltered,
  parseInventoryQuery,
  withChange,
  type InventoryQuery,
  type SortKey,
} from '@/lib/inventory/query';
import type { InventoryPage } from '@/lib/inventory/types';
import { InventoryHeading } from './inventory-heading';
import { ConnectionBadge } from '@/components/shell/connection-badge';
import type { ConnectionColour } from '@/lib/connections/model';
import { scopeQuery, withScope, type ScopeParams } from '@/lib/connections/scope';
import { useScopeRequest } from '@/components/shell/use-scope';
import { scopedActions } from './scoped-actions';
import { errorWords, unwrap } from './action-error';
import { BulkResultsDialog } from './bulk-results';
import { ExpiryDialog } from './expiry-dialog';
import { ConfirmDialog } from './confirm-dialog';
import { FilterBar } from './filter-bar';
import { describeToken } from './describe-token';
import type { InventoryActions } from './inventory-actions';
import { Pagination } from './pagination';
import { TokenActionDialogs } from './token-action-dialogs';
import { TokenTable } from './token-table';
import { useTokenActions, type Notice } from './use-token-actions';
import { useBulk } from './use-token-mutations';

const RELOAD_POLL_MS = 1_000;

export function InventoryView({
  actions: unscoped,
  scope,
  connection,
  initialPage,
  initialQs,
  allowed,
  orgName,
  minGraceSeconds,
  influxUrl,
}: {
  actions: InventoryActions;
  /** The connection and org this list shows; every action names them. */
  scope: ScopeParams;
  connection: { label: string; colour: ConnectionColour };
  initialPage: InventoryPage;
  initialQs: string;
  /** What the policy lets this person do on this page (decided on the server). */
  allowed: { mint: boolean; bulk: boolean };
  orgName: string;
  minGraceSeconds: number;
  /** For the copy-once dialog's .env file and test command. */
  influxUrl: string;
}) {
  const server = useMemo(() => scopedActions(unscoped, scope), [unscoped, scope]);
  const scopeQs = scopeQuery(scope);
  // Links keep the scope when the URL names one; on the plain default page they stay plain.
  const linkScope = useScopeRequest().connection ? scope : undefined;
  const searchParams = useSearchParams();
  // Next applies history.pushState to useSearchParams in a transition; until it lands, the view
  // shows the state just asked for, so controls answer at once.
  const [asked, setAsked] = useState<{ qs: string; from: string } | null>(null);
  const current = searchParams.toString();
  const effective = asked && asked.from === current ? asked.qs : current;
  // Once the URL moves (our change landed, or Back/Forward), the URL alone is the state again.
  const [askedFor, setAskedFor] = useState(current);
  if (askedFor !== current) {
    setAskedFor(current);
    setAsked(null);
  }
  const query = useMemo(() => parseInventoryQuery(new URLSearchParams(effective)), [effective]);
  const qs = inventoryQueryString(query);
  const client = useQueryClient();
  // The same filters on another connection or org are another list.
  const key = `${scopeQs}|${qs}`;
  const list = useQuery({
    queryKey: queryKeys.inventory.list(key),
    queryFn: async () => unwrap(await server.listTokens({ ...query, refresh: false })),
    initialData: qs === initialQs ? initialPage : undefined,
    placeholderData: keepPreviousData,
    // While the server reloads the list in the background, ask again until the new list is in.
    refetchInterval: (q) => (q.state.data?.refreshing ? RELOAD_POLL_MS : false),
  });
  const page = list.data;

  const [notice, setNotice] = useState<Notice | null>(null);
  const [selected, setSelected] = useState<Map<string, string>>(new Map());
  const [bulkConfirm, setBulkConfirm] = useState<'deactivate' | 'delete' | null>(null);
  const [bulkResults, setBulkResults] = useState<{
    verb: 'deactivated' | 'deleted' | 'given the new expiry';
    results: ItemResult[];
  } | null>(null);
  const [bulkExpiry, setBulkExpiry] = useState<{ error?: string } | null>(null);
  const bulkChangeExpiry = useMutation({
    mutationFn: async (expiry: string) => {
      const r = await server.bulkChangeExpiry({ ids: [...selected.keys()], expiry });
      if (!r.ok && r.fieldErrors?.expiry?.[0]) return { fieldError: r.fieldErrors.expiry[0] };
      return { results: unwrap(r).results };
    },
    onSuccess: (r) => {
      if ('fieldError' in r) return setBulkExpiry({ error: r.fieldError });
      setBulkExpiry(null);
      setBulkResults({ verb: 'given the new expiry', results: r.results });
      setSelected(new Map());
      void client.invalidateQueries({ queryKey: queryKeys.inventory.all });
    },
    onError: (e) => {
      setBulkExpiry(null);
      setNotice({ kind: 'error', text: errorWords(e, 'change the expiries') });
    },
  });
  const [refreshing, setRefreshing] = useState(false);
  const bulkDeactivate = useBulk('deactivate', server);
  const bulkDelete = useBulk('delete', server);
  const actions = useTokenActions({
    actions: server,
    notify: setNotice,
    onDeleted: (id) => setSelected((s) => (s.has(id) ? new Map([...s].filter(([k]) => k !== id)) : s)),
  });
  const admin = allowed.bulk;

  const setQuery = useCallback(
    (change: Partial<InventoryQuery>, mode: 'push' | 'replace' = 'push') => {
      const next = inventoryQueryString(withChange(query, change));
      setAsked({ qs: next, from: current });
      const url = withScope(next ? `/tokens?${next}` : '/tokens', linkScope);
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    },
    [query, current, linkScope],
  );

  const onSort = (key: SortKey) =>
    setQuery({
      sort: key,
      dir:
        query.sort === key
          ? query.dir === 'asc'
            ? 'desc'
            : 'asc'
          : key === 'description' || key === 'owner' || key === 'expires'
            ? 'asc'
            : 'desc',
    });

  const onSelect = (ids: string[], on: boolean) =>
    setSelected((prev) => {
      const next = new Map(prev);
      for (const id of ids) {
        if (on && next.size < MAX_BULK) next.set(id, page?.rows.find((r) => r.id === id)?.description ?? id);
        else if (!on) next.delete(id);
      }
      return next;
    });

  const refresh = async () => {
    setRefreshing(true);
    try {
      const fresh = unwrap(await server.listTokens({ ...query, refresh: true }));
      client.setQueryData(queryKeys.inventory.list(key), fresh);
      if (fresh.reloadRefused) setNotice({ kind: 'error', text: fresh.reloadRefused });
      await client.invalidateQueries({ queryKey: queryKeys.inventory.lists, predicate: (q) => q.queryKey[2] !== key });
    } catch (e) {
      setNotice({ kind: 'error', text: errorWords(e, 'reload the list') });
    } finally {
      setRefreshing(false);
    }
  };

  const runBulk = () => {
    const kind = bulkConfirm;
    if (!kind) return;
    const mutation = kind === 'delete' ? bulkDelete : bulkDeactivate;
    mutation.mutate(
      { ids: [...selected.keys()] },
      {
        onSuccess: (results) => {
          setBulkResults({ verb: kind === 'delete' ? 'deleted' : 'deactivated', results });
          setSelected(new Map());
        },
        onError: (e) => setNotice({ kind: 'error', text: errorWords(e, `${kind} the tokens`) }),
        onSettled: () => setBulkConfirm(null),
      },
    );
  };

  const selectedNames = [...selected.values()];

  return (
    <div className="space-y-4">
      <InventoryHeading
        meta={
          <>
            {page ? `${page.inventoryTotal.toLocaleString('en')} tokens in org ${orgName}` : `Org ${orgName}`} on{' '}
            <ConnectionBadge label={connection.label} colour={connection.colour} />
            {page && <> · list as of {formatTime(page.asOf, true)}</>}
            {page?.refreshing && (
              <span data-testid="inventory-refreshing">
                {' '}
                · reloading from InfluxDB in the background
                {page.refreshingSince && <> since {formatTime(page.refreshingSince, true)}</>}
                {page.readMs !== undefined && page.readMs >= 2000 && <> (the last read took {Math.round(page.readMs / 1000)} s)</>}…
              </span>
            )}{' '}
            <button
              type="button"
              className="text-brand-700 underline disabled:opacity-50"
              onClick={() => void refresh()}
              disabled={refreshing}
            >
              {refreshing ? 'Reloading…' : 'Reload from InfluxDB'}
            </button>
          </>
        }
        newTokenHref={allowed.mint ? withScope('/tokens/new', linkScope) : undefined}
      />

      <FilterBar query={query} facets={page?.facets ?? initialPage.facets} onChange={setQuery} />

      <div aria-live="polite" role="status" className="min-h-0">
        {notice?.kind === 'success' && <p className="rounded-md bg-ok-50 p-2 text-sm text-ok-700">{notice.text}</p>}
      </div>
      {notice?.kind === 'error' && (
        <div
          role="alert"
          className="flex items-start justify-between gap-2 rounded-md border border-danger-600 bg-danger-50 p-2 text-sm text-danger-700"
        >
          <p>{notice.text}</p>
          <button type="button" className="text-xs underline" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
      {list.isError && (
        <p role="alert" className="rounded-md bg-danger-50 p-2 text-sm text-danger-700">
          {errorWords(list.error, 'list tokens')}
        </p>
      )}

      {admin && selected.size > 0 && (
        <div
          className="flex flex-wrap items-center gap-2 rounded-md border border-brand-100 bg-brand-50 p-2 text-sm"
          data-testid="bulk-bar"
        >
          <span className="font-medium">{selected.size} selected</span>
          <Button size="sm" onClick={() => setBulkConfirm('deactivate')}>
            Deactivate selected…
          </Button>
          <Button variant="dangerOutline" size="sm" onClick={() => setBulkConfirm('delete')}>
            Delete selected…
          </Button>
          <Button size="sm" onClick={() => setBulkExpiry({})}>
            Set expiry…
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setSelected(new Map())}>
            Clear selection
          </Button>
        </div>
      )}

      {page && page.rows.length > 0 ? (
        <div aria-busy={list.isFetching} className={cx('transition-opacity', list.isPlaceholderData && 'opacity-70')}>
          <TokenTable
            rows={page.rows}
            query={query}
            onSort={onSort}
            selectable={admin}
            selected={new Set(selected.keys())}
            onSelect={onSelect}
            actions={actions}
            tokenHref={(id) => withScope(`/tokens/${id}`, linkScope)}
          />
        </div>
      ) : page ? (
        <div
          className="rounded-card border border-dashed border-gray-300 bg-surface p-8 text-center text-sm text-ink-muted"
          data-testid="inventory-empty"
        >
          {isFiltered(query) ? 'No token matches this view.' : 'This org has no tokens yet.'}
        </div>
      ) : null}

      {page && (
        <Pagination
          page={page.page}
          pageCount={page.pageCount}
          total={page.total}
          size={query.size}
          shown={page.rows.length}
          onChange={setQuery}
        />
      )}

      <TokenActionDialogs
        state={actions.dialogs}
        actions={server}
        minGraceSeconds={minGraceSeconds}
        influxUrl={influxUrl}
        notify={setNotice}
      />

      <ConfirmDialog
        open={bulkConfirm !== null}
        onOpenChange={(o) => !o && setBulkConfirm(null)}
        title={`${bulkConfirm === 'delete' ? 'Delete' : 'Deactivate'} ${selected.size} token${selected.size === 1 ? '' : 's'}?`}
        confirmLabel={bulkConfirm === 'delete' ? `Delete ${selected.size}` : `Deactivate ${selected.size}`}
        danger
        pending={bulkDeactivate.isPending || bulkDelete.isPending}
        onConfirm={runBulk}
      >
        <p>
          {bulkConfirm === 'delete'
            ? 'InfluxDB will refuse these tokens for good. This cannot be undone.'
            : 'InfluxDB will refuse these tokens until someone activates them again.'}
        </p>
        <ul className="list-disc pl-5 text-ink">
          {selectedNames.slice(0, 10).map((d, i) => (
            <li key={i}>{describeToken(d)}</li>
          ))}
        </ul>
        {selectedNames.length > 10 && <p>and {selectedNames.length - 10} more.</p>}
      </ConfirmDialog>

      {bulkExpiry && (
        <ExpiryDialog
          title={`Set the expiry of ${selected.size} token${selected.size === 1 ? '' : 's'}`}
          subject={selected.size === 1 ? 'this token' : 'these tokens'}
          hasExpiry
          pending={bulkChangeExpiry.isPending}
          error={bulkExpiry.error}
          onCancel={() => setBulkExpiry(null)}
          onSave={(expiry) => bulkChangeExpiry.mutate(expiry)}
        />
      )}

      <BulkResultsDialog
        verb={bulkResults?.verb ?? 'deactivated'}
        results={bulkResults?.results ?? null}
        onClose={() => setBulkResults(null)}
      />
    </div>
  );
}
