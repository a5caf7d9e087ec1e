'use client';
// Search and filters of the inventory. Every change goes into the URL (the view can be shared);
// typing replaces the history entry, choosing a filter adds one (Back undoes it).
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { cx } from '@/components/ui/class-names';
import { fieldClass, labelClass } from '@/components/ui/field';
import { typeLabel } from '@/lib/permissions/describe';
import { isFiltered, looksLikeTokenValue, type InventoryQuery } from '@/lib/inventory/query';
import type { InventoryFacets } from '@/lib/inventory/types';
import { MOST_BUCKET_CHOICES } from '@/lib/inventory/facet-choices';
import { OUTSIDE_THE_CONSOLE } from '@/lib/inventory/minted-by-filter';
import { EXPIRY_FILTERS, EXPIRY_FILTER_LABELS } from '@/lib/lifetimes/expiry-status';

export type ChangeQuery = (change: Partial<InventoryQuery>, mode?: 'push' | 'replace') => void;

export function FilterBar({ query, facets, onChange }: { query: InventoryQuery; facets: InventoryFacets; onChange: ChangeQuery }) {
  const id = useId();
  const [text, setText] = useState(query.q);
  const [tokenWarning, setTokenWarning] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // The URL's search text wins when it changes from outside (Back/Forward, a shared link).
  const [textFor, setTextFor] = useState(query.q);
  if (textFor !== query.q) {
    setTextFor(query.q);
    setText(query.q);
  }
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

  const bucketOptions = facets.buckets.map((b) => ({ value: b.id, label: b.name }));
  const bucketsLeftOut =
    facets.bucketsLeftOut &&
    `…and ${facets.bucketsLeftOut.toLocaleString('en')} more, not listed (the first ${MOST_BUCKET_CHOICES.toLocaleString('en')} by name are)`;

  return (
    <form
      role="search"
      aria-label="Find tokens"
      className="rounded-card border border-gray-200 bg-surface p-3"
      onSubmit={(e) => e.preventDefault()}
    >
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-8">
        <div className="col-span-2">
          <label htmlFor={`${id}-q`} className={labelClass}>
            Search description or owner
          </label>
          <input
            id={`${id}-q`}
            type="search"
            className={cx(fieldClass, 'w-full')}
            placeholder="e.g. telegraf, ana"
            value={text}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => onSearch(e.target.value)}
          />
        </div>
        <FacetSelect
          id={`${id}-status`}
          label="Status"
          value={query.status}
          onChange={(v) => onChange({ status: (v || 'any') as InventoryQuery['status'] })}
          options={[
            { value: 'any', label: 'Any' },
            { value: 'active', label: 'Active' },
            { value: 'inactive', label: 'Inactive' },
          ]}
        />
        <FacetSelect
          id={`${id}-owner`}
          label="Owner"
          anyLabel="Anyone"
          value={query.owner}
          onChange={(v) => onChange({ owner: v || undefined })}
          options={facets.owners.map((o) => ({ value: o.id, label: o.name }))}
          leftOut={facets.ownersLeftOut && `…and ${facets.ownersLeftOut.toLocaleString('en')} more: search by name above`}
        />
        <FacetSelect
          id={`${id}-minted`}
          label="Minted by"
          anyLabel="Anyone"
          value={query.mintedBy}
          onChange={(v) => onChange({ mintedBy: v || undefined })}
          options={[{ value: OUTSIDE_THE_CONSOLE, label: 'Outside the console' }, ...mintedByOptions(facets.minters ?? [], query.mintedBy)]}
        />
        <FacetSelect
          id={`${id}-expires`}
          label="Expires"
          anyLabel="Any time"
          value={query.expiry}
          onChange={(v) => onChange({ expiry: (v || undefined) as InventoryQuery['expiry'] })}
          options={EXPIRY_FILTERS.map((f) => ({ value: f, label: EXPIRY_FILTER_LABELS[f] }))}
        />
        <FacetSelect
          id={`${id}-type`}
          label="Has permissions on"
          anyLabel="Any resource"
          value={query.type}
          onChange={(v) => onChange({ type: v || undefined })}
          options={facets.types.map((t) => ({ value: t, label: typeLabel(t, true) }))}
        />
        <FacetSelect
          id={`${id}-write`}
          label="Can write to bucket"
          anyLabel="Any"
          value={query.canWrite}
          onChange={(v) => onChange({ canWrite: v || undefined })}
          options={bucketOptions}
          leftOut={bucketsLeftOut}
        />
        <FacetSelect
          id={`${id}-read`}
          label="Can read bucket"
          anyLabel="Any"
          value={query.canRead}
          onChange={(v) => onChange({ canRead: v || undefined })}
          options={bucketOptions}
          leftOut={bucketsLeftOut}
        />
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-4 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={query.sensitive} onChange={(e) => onChange({ sensitive: e.target.checked })} />
          Only tokens with sensitive or code-running grants (mint tokens, manage users or the org, secrets, all access, tasks and checks)
        </label>
        {isFiltered(query) && (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              setText('');
              onChange({
                q: '',
                status: 'any',
                owner: undefined,
                type: undefined,
                canWrite: undefined,
                canRead: undefined,
                sensitive: false,
                mintedBy: undefined,
                expiry: undefined,
              });
            }}
          >
            Clear filters
          </Button>
        )}
      </div>
      {tokenWarning && (
        <p role="alert" className="mt-2 rounded bg-warn-50 p-2 text-sm text-warn-800">
          That looks like a token value. The console never searches by value (it would end up in the address bar and logs). Search by
          description or owner instead.
        </p>
      )}
    </form>
  );
}

/** A shared link may name someone with no token left to list: keep the choice visible. */
function mintedByOptions(minters: { id: string; name: string }[], current: string | undefined) {
  const options = minters.map((m) => ({ value: m.id, label: m.name }));
  if (current && current !== OUTSIDE_THE_CONSOLE && !minters.some((m) => m.id === current))
    options.push({ value: current, label: current });
  return options;
}

/**
 * One labelled filter select; `anyLabel` adds the empty "no filter" choice first, `leftOut` a last
 * line that cannot be chosen, saying how many choices the page left out (facet-choices.ts).
 */
function FacetSelect(props: {
  id: string;
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  anyLabel?: string;
  leftOut?: string | 0 | undefined;
}) {
  return (
    <div>
      <label htmlFor={props.id} className={labelClass}>
        {props.label}
      </label>
      <select id={props.id} className={cx(fieldClass, 'w-full')} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value)}>
        {props.anyLabel !== undefined && <option value="">{props.anyLabel}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {props.leftOut && <option disabled>{props.leftOut}</option>}
      </select>
    </div>
  );
}
