'use client';
// The permission matrix: one row per resource type InfluxDB reports, Read and Write columns, a
// filter, select-all per column, and per row "every <type> in this org" or "specific items"
// (buckets and Telegraf configurations). Sensitive cells are flagged; cells the person's role may
// not grant are disabled and say why (the server enforces the same policy).
import { useMemo, useState } from 'react';
import { queryKeys } from '@/components/query-keys';
import { TriCheckbox } from '@/components/ui/tri-checkbox';
import type { Role } from '@/lib/auth/roles';
import { typeLabel } from '@/lib/permissions/describe';
import {
  addItem,
  columnState,
  isItemPickable,
  removeItem,
  rowHas,
  setItemAction,
  setMode,
  setRowAction,
  setRowWide,
  type MatrixRow,
  type MatrixState,
} from '@/lib/permissions/matrix-state';
import type { Action } from '@/lib/permissions/model';
import { sensitiveFlags } from '@/lib/permissions/sensitivity';
import { mayGrant, type GrantPolicy } from '@/lib/policy/grant-policy';
import { useScopeRequest } from '@/components/shell/use-scope';
import { fetchJson, ItemPicker, type PickerResult } from './item-picker';

const ACTIONS: Action[] = ['read', 'write'];

function sensitiveReason(type: string, action: Action): string | undefined {
  return sensitiveFlags([{ type, action, scope: type === 'users' ? { kind: 'owner' } : { kind: 'all' } }])[0]?.reason;
}

const titleCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function PermissionMatrix({
  types,
  state,
  onChange,
  orgID,
  orgName,
  ownerName,
  role,
  policy,
  error,
}: {
  types: string[];
  state: MatrixState;
  onChange: (next: MatrixState) => void;
  orgID: string;
  orgName: string;
  ownerName: string;
  role: Role;
  policy: GrantPolicy;
  error?: string;
}) {
  const [filter, setFilter] = useState('');
  const visible = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return f ? types.filter((t) => t.toLowerCase().includes(f) || typeLabel(t, true).toLowerCase().includes(f)) : types;
  }, [filter, types]);

  const allowed = (type: string, action: Action) => mayGrant(role, type, action, policy);

  function selectAll(action: Action, on: boolean) {
    let next = state;
    for (const t of visible) if (allowed(t, action)) next = setRowAction(next, t, action, on);
    onChange(next);
  }
  const skipped = (action: Action) => visible.filter((t) => !allowed(t, action)).length;

  return (
    <fieldset className="rounded-card border border-gray-200 bg-surface p-4" aria-describedby="matrix-hint">
      <legend className="px-1 text-base font-medium">Permissions</legend>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <p id="matrix-hint" className="max-w-prose text-sm text-ink-muted">
          <strong className="font-medium text-ink">Write does not include read.</strong> A token that must read and write a bucket needs
          both ticks. Everything here is limited to organisation <strong className="font-medium text-ink">{orgName}</strong>.
        </p>
        <label className="text-sm">
          <span className="sr-only">Filter resource types</span>
          <input
            type="search"
            placeholder="Filter resource types"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className="w-56 rounded-md border border-gray-300 px-3 py-1.5 text-sm"
          />
        </label>
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-danger-700">
          {error}
        </p>
      ) : null}

      <table className="mt-3 w-full border-collapse text-sm">
        <thead>
          <tr className="border-b border-gray-200 text-left text-ink-muted">
            <th scope="col" className="py-2 pr-2 font-medium">
              Resource
            </th>
            {ACTIONS.map((a) => (
              <th key={a} scope="col" className="w-28 px-2 py-2 font-medium">
                <label className="flex items-center gap-2">
                  <TriCheckbox
                    state={columnState(
                      state,
                      visible.filter((t) => allowed(t, a)),
                      a,
                    )}
                    onChange={(e) => selectAll(a, e.target.checked)}
                    aria-label={`${titleCase(a)}: select all shown${skipped(a) ? ` (${skipped(a)} your role may not grant are skipped)` : ''}`}
                  />
                  {titleCase(a)}
                </label>
              </th>
            ))}
            <th scope="col" className="py-2 pl-2 font-medium">
              Scope
            </th>
          </tr>
        </thead>
        <tbody>
          {visible.length === 0 ? (
            <tr>
              <td colSpan={4} className="py-4 text-center text-ink-muted">
                No resource type matches “{filter}”.
              </td>
            </tr>
          ) : null}
          {visible.map((type) => (
            <MatrixRowView
              key={type}
              type={type}
              row={state[type]!}
              state={state}
              onChange={onChange}
              allowed={allowed}
              orgID={orgID}
              orgName={orgName}
              ownerName={ownerName}
              sensitiveRole={policy.sensitiveRole}
            />
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}

function MatrixRowView({
  type,
  row,
  state,
  onChange,
  allowed,
  orgID,
  orgName,
  ownerName,
  sensitiveRole,
}: {
  type: string;
  row: MatrixRow;
  state: MatrixState;
  onChange: (next: MatrixState) => void;
  allowed: (type: string, action: Action) => boolean;
  orgID: string;
  orgName: string;
  ownerName: string;
  sensitiveRole: Role;
}) {
  const plural = typeLabel(type, true);
  const pickable = isItemPickable(type);
  const items = row.mode === 'items';
  const rowId = `row-${type}`;

  return (
    <>
      <tr className="border-b border-gray-100 align-top" data-testid={rowId}>
        <th scope="row" className="py-2 pr-2 text-left font-normal">
          <span className="font-medium">{titleCase(plural)}</span> <span className="font-mono text-xs text-ink-faint">{type}</span>
        </th>
        {ACTIONS.map((action) => {
          const reason = sensitiveReason(type, action);
          const may = allowed(type, action);
          const label = items ? `${titleCase(action)} every ${typeLabel(type)} in ${orgName}` : `${titleCase(action)} ${plural}`;
          return (
            <td key={action} className="px-2 py-2">
              <div className="flex items-center gap-1.5">
                <input
                  type="checkbox"
                  className="size-4 accent-brand-600"
                  aria-label={label}
                  title={items ? `every ${typeLabel(type)}, not only the items below` : undefined}
                  checked={items ? row[action] : rowHas(row, action)}
                  disabled={!may}
                  onChange={(e) =>
                    onChange(
                      items ? setRowWide(state, type, action, e.target.checked) : setRowAction(state, type, action, e.target.checked),
                    )
                  }
                />
                {items ? <span className="text-xs text-ink-muted">every</span> : null}
                {reason ? (
                  <span
                    className={`rounded px-1 text-xs ${may ? 'bg-warn-50 text-warn-800' : 'bg-gray-100 text-ink-muted'}`}
                    title={reason}
                  >
                    {may ? 'sensitive' : `${sensitiveRole}s only`}
                    <span className="sr-only">: {reason}</span>
                  </span>
                ) : null}
              </div>
            </td>
          );
        })}
        <td className="py-2 pl-2">
          {type === 'orgs' ? (
            <span className="text-ink-muted">This organisation ({orgName}) only</span>
          ) : type === 'users' ? (
            <span className="text-ink-muted">Only the token’s own user ({ownerName})</span>
          ) : pickable ? (
            <div role="radiogroup" aria-label={`Scope of ${plural}`} className="flex flex-wrap gap-x-4 gap-y-1">
              <label className="flex items-center gap-1.5">
                <input type="radio" name={`scope-${type}`} checked={!items} onChange={() => onChange(setMode(state, type, 'all'))} />
                All {plural} in {orgName}
              </label>
              <label className="flex items-center gap-1.5">
                <input type="radio" name={`scope-${type}`} checked={items} onChange={() => onChange(setMode(state, type, 'items'))} />
                Specific {plural}
              </label>
            </div>
          ) : (
            <span className="text-ink-muted">
              All {plural} in {orgName}
            </span>
          )}
        </td>
      </tr>
      {items ? (
        <tr className="border-b border-gray-100 bg-surface-sunken/60">
          <td colSpan={4} className="px-3 py-3">
            <ItemsEditor type={type} row={row} state={state} onChange={onChange} allowed={allowed} orgID={orgID} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function ItemsEditor({
  type,
  row,
  state,
  onChange,
  allowed,
  orgID,
}: {
  type: string;
  row: MatrixRow;
  state: MatrixState;
  onChange: (next: MatrixState) => void;
  allowed: (type: string, action: Action) => boolean;
  orgID: string;
}) {
  const one = typeLabel(type);
  // The page's connection (from its URL): the org's items live on that server.
  const { connection } = useScopeRequest();
  const on = connection ? `&connection=${encodeURIComponent(connection)}` : '';
  const picked = useMemo(() => new Set(row.items.map((i) => i.id)), [row.items]);
  const search =
    type === 'buckets'
      ? (q: string, signal: AbortSignal) =>
          fetchJson<PickerResult>(`/api/orgs/${orgID}/buckets?q=${encodeURIComponent(q)}&limit=20${on}`, signal)
      : async (q: string, signal: AbortSignal): Promise<PickerResult> => {
          const all = await fetchJson<PickerResult>(`/api/orgs/${orgID}/telegrafs${on.replace('&', '?')}`, signal);
          const f = q.toLowerCase();
          const hits = all.items.filter((i) => i.name.toLowerCase().includes(f));
          return { items: hits.slice(0, 50), total: hits.length };
        };

  return (
    <div className="space-y-2">
      <ItemPicker
        label={`Find a ${one}`}
        placeholder={`Find a ${one} by name…`}
        queryKey={(q) => queryKeys.orgItems(type, `${connection ?? ''}/${orgID}`, q)}
        search={search}
        picked={picked}
        onPick={(o) => onChange(addItem(state, type, { id: o.id, name: o.name, ...(o.system ? { system: true } : {}) }, 'read'))}
      />
      {row.items.length === 0 ? (
        <p className="text-xs text-ink-muted">No {typeLabel(type, true)} chosen yet. Added ones start with Read ticked.</p>
      ) : (
        <ul
          className="divide-y divide-gray-200 rounded-md border border-gray-200 bg-surface"
          aria-label={`Chosen ${typeLabel(type, true)}`}
        >
          {row.items.map((item) => (
            <li key={item.id} className="flex flex-wrap items-center gap-3 px-3 py-1.5 text-sm">
              <span className="min-w-40 flex-1 truncate">
                {item.name}
                {item.system ? <span className="ml-2 rounded bg-gray-100 px-1.5 py-0.5 text-xs text-ink-muted">system</span> : null}
                <span className="ml-2 font-mono text-xs text-ink-faint">{item.id}</span>
              </span>
              {ACTIONS.map((action) => (
                <label key={action} className="flex items-center gap-1.5">
                  <input
                    type="checkbox"
                    className="size-4 accent-brand-600"
                    aria-label={`${titleCase(action)} ${one} ${item.name}`}
                    checked={item[action] || row[action]}
                    disabled={row[action] || !allowed(type, action)}
                    onChange={(e) => onChange(setItemAction(state, type, item.id, action, e.target.checked))}
                  />
                  {titleCase(action)}
                </label>
              ))}
              <button
                type="button"
                className="rounded px-2 py-0.5 text-xs text-ink-muted hover:bg-gray-100"
                aria-label={`Remove ${one} ${item.name}`}
                onClick={() => onChange(removeItem(state, type, item.id))}
              >
                Remove
              </button>
              {!item.read && !item.write && !row.read && !row.write ? (
                <span className="w-full text-xs text-warn-800">Tick Read or Write, or remove it: it grants nothing now.</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
