'use client';
// Search and filters of the inventory. Every change goes into the URL (the view can be shared);
// typing replaces the history entry, choosing a filter adds one (Back undoes it).
import { useEffect, useId, useRef, useState } from 'react';
import { typeLabel } from '@/lib/permissions/describe';
import { isFiltered, looksLikeTokenValue, type InventoryQuery } from '@/lib/inventory/query';
import type { InventoryFacets } from '@/lib/inventory/types';
import { btn, cx, field, label } from './styles';

export type ChangeQuery = (change: Partial<InventoryQuery>, mode?: 'push' | 'replace') => void;

export function FilterBar({ query, facets, onChange }: { query: InventoryQuery; facets: InventoryFacets; onChange: ChangeQuery }) {
  const id = useId();
  const [text, setText] = useState(query.q);
  const [tokenWarning, setTokenWarning] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => setText(query.q), [query.q]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const onSearch = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    if (looksLikeTokenValue(value)) {
      // A pasted token value must not reach the URL (history, logs, Referer), nor the server.
      setTokenWarning(true);
      return;
    }
    setTokenWarning(false);
    timer.current = setTimeout(() => onChange({ q: value.trim() }, 'replace'), 250);
  };

  const select = (key: keyof InventoryQuery) => (e: React.ChangeEvent<HTMLSelectElement>) =>
    onChange({ [key]: e.target.value || undefined } as Partial<InventoryQuery>);

  return (
    <form role="search" aria-label="Find tokens" className="rounded-card border border-gray-200 bg-surface p-3" onSubmit={(e) => e.preventDefault()}>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-7">
        <div className="col-span-2">
          <label htmlFor={`${id}-q`} className={label}>
            Search description or owner
          </label>
          <input
            id={`${id}-q`}
            type="search"
            className={cx(field, 'w-full')}
            placeholder="e.g. telegraf, ana"
            value={text}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => onSearch(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={`${id}-status`} className={label}>
            Status
          </label>
          <select id={`${id}-status`} className={cx(field, 'w-full')} value={query.status} onChange={(e) => onChange({ status: e.target.value as InventoryQuery['status'] })}>
            <option value="any">Any</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-owner`} className={label}>
            Owner
          </label>
          <select id={`${id}-owner`} className={cx(field, 'w-full')} value={query.owner ?? ''} onChange={select('owner')}>
            <option value="">Anyone</option>
            {facets.owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-type`} className={label}>
            Has permissions on
          </label>
          <select id={`${id}-type`} className={cx(field, 'w-full')} value={query.type ?? ''} onChange={select('type')}>
            <option value="">Any resource</option>
            {facets.types.map((t) => (
              <option key={t} value={t}>
                {typeLabel(t, true)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-write`} className={label}>
            Can write to bucket
          </label>
          <select id={`${id}-write`} className={cx(field, 'w-full')} value={query.canWrite ?? ''} onChange={select('canWrite')}>
            <option value="">Any</option>
            {facets.buckets.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-read`} className={label}>
            Can read bucket
          </label>
          <select id={`${id}-read`} className={cx(field, 'w-full')} value={query.canRead ?? ''} onChange={select('canRead')}>
            <option value="">Any</option>
            {facets.buckets.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-4 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={query.sensitive} onChange={(e) => onChange({ sensitive: e.target.checked })} />
          Only tokens with sensitive grants (mint tokens, manage users or the org, secrets, all access)
        </label>
        {isFiltered(query) && (
          <button
            type="button"
            className={cx(btn.base, btn.ghost, btn.small)}
            onClick={() => {
              setText('');
              onChange({ q: '', status: 'any', owner: undefined, type: undefined, canWrite: undefined, canRead: undefined, sensitive: false });
            }}
          >
            Clear filters
          </button>
        )}
      </div>
      {tokenWarning && (
        <p role="alert" className="mt-2 rounded bg-warn-50 p-2 text-sm text-warn-800">
          That looks like a token value. The console never searches by value (it would end up in the address bar and logs). Search by description or
          owner instead.
        </p>
      )}
    </form>
  );
}
