'use client';
// The inventory's changes as React Query mutations. Each one patches every cached list page and
// the token's detail at once (optimistic), puts them back if the action fails, and then refetches
// (invalidate) so the view shows what InfluxDB really holds. Mutations are never retried.
// Clone and replace hand the whole result to `onCreated` (the copy-once dialog) and return the rest:
// the value never enters the React Query cache.
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { queryKeys } from '@/components/query-keys';
import type { ItemResult } from '@/lib/inventory/operations';
import type { TokenDetailData } from '@/lib/inventory/server';
import type { NewTokenResult, ReplaceTokenResult } from '@/lib/inventory/token-changes';
import type { InventoryPage, InventoryRow } from '@/lib/inventory/types';
import { unwrap } from './action-error';
import type { InventoryActions } from './inventory-actions';

export type ClientRow = InventoryRow & { pending?: boolean };
type ListData = Omit<InventoryPage, 'rows'> & { rows: ClientRow[] };

interface Patch {
  row?: (row: ClientRow) => ClientRow | null;
  page?: (page: ListData) => ListData;
  detail?: (detail: TokenDetailData) => TokenDetailData;
}

type Snapshot = [QueryKey, unknown][];

function useOptimistic() {
  const client = useQueryClient();
  const apply = async (ids: readonly string[] | 'none', patch: Patch): Promise<Snapshot> => {
    await client.cancelQueries({ queryKey: queryKeys.inventory.all });
    const snapshot = client.getQueriesData({ queryKey: queryKeys.inventory.all });
    const targets = ids === 'none' ? new Set<string>() : new Set(ids);
    client.setQueriesData<ListData>({ queryKey: queryKeys.inventory.lists }, (old) => {
      if (!old) return old;
      let next = old;
      if (patch.row) {
        let removed = 0;
        const rows: ClientRow[] = [];
        for (const r of old.rows) {
          if (!targets.has(r.id)) rows.push(r);
          else {
            const changed = patch.row(r);
            if (changed) rows.push(changed);
            else removed++;
          }
        }
        next = { ...old, rows, total: old.total - removed, inventoryTotal: old.inventoryTotal - removed };
      }
      return patch.page ? patch.page(next) : next;
    });
    if (patch.detail) {
      for (const id of targets)
        client.setQueryData<TokenDetailData>(queryKeys.inventory.token(id), (old) => (old ? patch.detail!(old) : old));
    }
    return snapshot;
  };
  const rollback = (snapshot: Snapshot | undefined) => {
    for (const [key, data] of snapshot ?? []) client.setQueryData(key, data);
  };
  const settle = () => client.invalidateQueries({ queryKey: queryKeys.inventory.all });
  return { apply, rollback, settle };
}

export function useSetStatus(actions: InventoryActions) {
  const o = useOptimistic();
  return useMutation({
    mutationFn: async (v: { id: string; status: 'active' | 'inactive'; description: string }) =>
      unwrap(await actions.setTokenStatus({ id: v.id, status: v.status })),
    onMutate: (v) => o.apply([v.id], { row: (r) => ({ ...r, status: v.status }), detail: (d) => ({ ...d, status: v.status }) }),
    onError: (_e, _v, snapshot) => o.rollback(snapshot),
    onSettled: o.settle,
  });
}

export function useEditDescription(actions: InventoryActions) {
  const o = useOptimistic();
  return useMutation({
    mutationFn: async (v: { id: string; description: string }) => unwrap(await actions.editDescription(v)),
    onMutate: (v) =>
      o.apply([v.id], { row: (r) => ({ ...r, description: v.description }), detail: (d) => ({ ...d, description: v.description }) }),
    onError: (_e, _v, snapshot) => o.rollback(snapshot),
    onSettled: o.settle,
  });
}

export function useDeleteToken(actions: InventoryActions) {
  const o = useOptimistic();
  return useMutation({
    mutationFn: async (v: { id: string; description: string }) => unwrap(await actions.deleteToken({ id: v.id })),
    onMutate: (v) => o.apply([v.id], { row: () => null }),
    onError: (_e, _v, snapshot) => o.rollback(snapshot),
    onSettled: o.settle,
  });
}

export function useBulk(kind: 'deactivate' | 'delete', actions: InventoryActions) {
  const o = useOptimistic();
  const patchFor = (): Patch =>
    kind === 'delete' ? { row: () => null } : { row: (r) => ({ ...r, status: 'inactive' }), detail: (d) => ({ ...d, status: 'inactive' }) };
  return useMutation({
    mutationFn: async (v: { ids: string[] }) =>
      unwrap(await (kind === 'delete' ? actions.bulkDelete(v) : actions.bulkDeactivate(v))).results,
    onMutate: (v) => o.apply(v.ids, patchFor()),
    // Some items may fail: put everything back, then re-apply only what succeeded.
    onSuccess: async (results: ItemResult[], _v, snapshot) => {
      o.rollback(snapshot);
      await o.apply(
        results.filter((r) => r.ok).map((r) => r.id),
        patchFor(),
      );
    },
    onError: (_e, _v, snapshot) => o.rollback(snapshot),
    onSettled: o.settle,
  });
}

export function useCancelSchedule(actions: InventoryActions) {
  const o = useOptimistic();
  return useMutation({
    mutationFn: async (v: { scheduleId: number; tokenID: string }) =>
      unwrap(await actions.cancelScheduledDeactivation({ scheduleId: v.scheduleId })),
    onMutate: (v) =>
      o.apply([v.tokenID], {
        row: ({ scheduledDeactivation: _s, ...r }) => r,
        detail: (d) => ({ ...d, schedules: d.schedules.map((s) => (s.id === v.scheduleId ? { ...s, state: 'cancelled' as const } : s)) }),
      }),
    onError: (_e, _v, snapshot) => o.rollback(snapshot),
    onSettled: o.settle,
  });
}

/** A stand-in row for the token being created, shown until the list is refetched. */
function placeholderFor(source: ClientRow | undefined, description: string): ClientRow | null {
  if (!source) return null;
  return {
    ...source,
    id: `pending-${source.id}`,
    description,
    status: 'active',
    pending: true,
    scheduledDeactivation: undefined,
    isConsoleCredential: undefined,
  };
}

function withPlaceholder(sourceID: string, description: string) {
  return (page: ListData): ListData => {
    const source = page.rows.find((r) => r.id === sourceID);
    const placeholder = placeholderFor(source, description);
    return placeholder
      ? { ...page, rows: [placeholder, ...page.rows], total: page.total + 1, inventoryTotal: page.inventoryTotal + 1 }
      : page;
  };
}

export type NewTokenInfo = Omit<NewTokenResult, 'token'>;

export function useCloneToken(actions: InventoryActions, onCreated: (created: NewTokenResult) => void) {
  const o = useOptimistic();
  return useMutation({
    mutationFn: async (v: { id: string; description: string; formKey: string }): Promise<NewTokenInfo> => {
      const created = unwrap(await actions.cloneToken({ id: v.id, formKey: v.formKey }));
      onCreated(created);
      const { token: _token, ...rest } = created;
      return rest;
    },
    onMutate: (v) => o.apply('none', { page: withPlaceholder(v.id, `${v.description} (clone)`) }),
    onError: (_e, _v, snapshot) => o.rollback(snapshot),
    onSettled: o.settle,
  });
}

export type ReplaceInfo = Omit<ReplaceTokenResult, 'token'>;

export function useReplaceToken(actions: InventoryActions, onCreated: (created: ReplaceTokenResult) => void) {
  const o = useOptimistic();
  return useMutation({
    mutationFn: async (v: {
      id: string;
      graceSeconds: number;
      description: string;
      formKey: string;
      lifetime?: string;
    }): Promise<ReplaceInfo> => {
      const created = unwrap(
        await actions.replaceToken({
          id: v.id,
          graceSeconds: v.graceSeconds,
          formKey: v.formKey,
          ...(v.lifetime ? { lifetime: v.lifetime } : {}),
        }),
      );
      onCreated(created);
      const { token: _token, ...rest } = created;
      return rest;
    },
    onMutate: (v) =>
      o.apply(v.graceSeconds === 0 ? [v.id] : 'none', {
        page: withPlaceholder(v.id, `${v.description} (replacement)`),
        ...(v.graceSeconds === 0
          ? {
              row: (r: ClientRow) => ({ ...r, status: 'inactive' as const }),
              detail: (d: TokenDetailData) => ({ ...d, status: 'inactive' as const }),
            }
          : {}),
      }),
    onError: (_e, _v, snapshot) => o.rollback(snapshot),
    onSettled: o.settle,
  });
}
