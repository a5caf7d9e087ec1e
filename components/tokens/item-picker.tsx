'use client';
// A searchable picker (ARIA combobox + listbox) for buckets and Telegraf configurations. Results
// come from the server as you type (debounced, earlier requests aborted); the server searches its
// cached list of the org's items, so this stays fast with 10,000 buckets.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchCombobox } from '@/components/ui/use-search-combobox';

export interface PickerOption {
  id: string;
  name: string;
  system?: boolean;
}

export interface PickerResult {
  items: PickerOption[];
  total: number;
}

export function ItemPicker({
  label,
  placeholder,
  queryKey,
  search,
  picked,
  onPick,
}: {
  label: string;
  placeholder: string;
  /** The React Query key of one search (from components/query-keys.ts). */
  queryKey: (q: string) => readonly unknown[];
  search: (q: string, signal: AbortSignal) => Promise<PickerResult>;
  picked: ReadonlySet<string>;
  onPick: (o: PickerOption) => void;
}) {
  const { q, open, active, setActive, inputId, listId, optionId, inputProps, reset } = useSearchCombobox();
  const result = useQuery({
    queryKey: queryKey(q),
    queryFn: ({ signal }) => search(q, signal),
    enabled: open,
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });
  const options = result.data?.items ?? [];

  const choose = (o: PickerOption | undefined) => {
    if (!o || picked.has(o.id)) return;
    onPick(o);
    reset();
  };

  return (
    <div className="relative">
      <label htmlFor={inputId} className="sr-only">
        {label}
      </label>
      <input
        {...inputProps(options.length, (i) => choose(options[i]))}
        placeholder={placeholder}
        className="w-full rounded-md border border-gray-300 px-3 py-1.5 text-sm"
      />
      {open ? (
        <div className="absolute z-20 mt-1 w-full rounded-md border border-gray-200 bg-surface shadow-lg">
          <ul id={listId} role="listbox" aria-label={label} className="max-h-64 overflow-y-auto py-1">
            {options.map((o, i) => {
              const already = picked.has(o.id);
              return (
                // The search box owns the keyboard (arrow keys, Enter, Escape, aria-activedescendant);
                // focus never moves to an option, so a key handler here could never run.
                // eslint-disable-next-line jsx-a11y/click-events-have-key-events
                <li
                  key={o.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  aria-disabled={already}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => choose(o)}
                  onMouseEnter={() => setActive(i)}
                  className={`flex cursor-pointer items-center justify-between gap-2 px-3 py-1.5 text-sm ${i === active ? 'bg-brand-50' : ''} ${already ? 'text-ink-faint' : ''}`}
                >
                  <span className="truncate">
                    {o.name}
                    {o.system ? <span className="ml-2 rounded bg-gray-100 px-1.5 py-0.5 text-xs text-ink-muted">system</span> : null}
                  </span>
                  <span className="shrink-0 font-mono text-xs text-ink-faint">{already ? 'added' : o.id}</span>
                </li>
              );
            })}
          </ul>
          <p className="border-t border-gray-100 px-3 py-1.5 text-xs text-ink-muted" aria-live="polite">
            {result.isError
              ? result.error.message
              : result.isFetching && !result.data
                ? 'Searching…'
                : result.data
                  ? result.data.total > options.length
                    ? `${options.length} of ${result.data.total} matches: type more to narrow.`
                    : `${result.data.total} ${result.data.total === 1 ? 'match' : 'matches'}`
                  : ''}
          </p>
        </div>
      ) : null}
    </div>
  );
}

/** GET a read route; its error body carries a person-readable message. */
export async function fetchJson<T>(url: string, signal: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, headers: { Accept: 'application/json' }, cache: 'no-store' });
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw new Error(errorMessage(body) ?? `The console answered ${res.status}.`);
  return body as T;
}

/** The message of a read route's error body ({ error: { message } }), if it has one. */
function errorMessage(body: unknown): string | undefined {
  const error = (body as { error?: { message?: unknown } | null } | null | undefined)?.error;
  return typeof error?.message === 'string' ? error.message : undefined;
}
