'use client';
// Finds the InfluxDB user who will own the token (ARIA combobox + listbox), or offers to create a
// new one with the typed name. Results come from GET /api/influx-users as you type (debounced,
// earlier requests aborted). Inactive users are listed but cannot be chosen: InfluxDB refuses
// every token an inactive user owns.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/components/query-keys';
import { useSearchCombobox } from '@/components/ui/use-search-combobox';
import type { UserOption, UserSearchResult } from '@/lib/tokens/user-search';
import { useScopeRequest } from '@/components/shell/use-scope';
import { fetchJson } from './item-picker';

type Choice = { kind: 'existing'; user: UserOption } | { kind: 'new'; name: string };
type Row = { key: string; choice?: Choice; label: string; hint?: string; disabled?: boolean };

export function UserPicker({ onChoose, describedBy }: { onChoose: (c: Choice) => void; describedBy?: string }) {
  const { q, open, active, setActive, inputId, listId, optionId, inputProps, reset } = useSearchCombobox();

  // Users live on the page's connection (from its URL).
  const { connection } = useScopeRequest();
  const on = connection ? `&connection=${encodeURIComponent(connection)}` : '';
  const result = useQuery({
    queryKey: queryKeys.influxUsers(`${connection ?? ''}|${q}`),
    queryFn: ({ signal }) => fetchJson<UserSearchResult>(`/api/influx-users?q=${encodeURIComponent(q)}&limit=20${on}`, signal),
    enabled: open,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
  const data = result.data;
  const rows: Row[] = (data?.items ?? []).map((u) => ({
    key: u.id,
    label: u.name,
    ...(u.inactive
      ? { disabled: true, hint: 'inactive: InfluxDB refuses its tokens' }
      : u.console
        ? { hint: 'the console’s own user' }
        : { hint: u.id }),
    ...(u.inactive ? {} : { choice: { kind: 'existing' as const, user: u } }),
  }));
  if (data?.create && 'name' in data.create && data.create.name === q) {
    rows.push({
      key: `new:${q}`,
      label: `Create new user “${data.create.name}”`,
      hint: 'creates an InfluxDB user',
      choice: { kind: 'new', name: data.create.name },
    });
  }

  const choose = (row: Row | undefined) => {
    if (!row?.choice || row.disabled) return;
    onChoose(row.choice);
    reset();
  };
  const problem = data?.create && 'problem' in data.create && q ? data.create.problem : undefined;

  return (
    <div className="relative">
      <label htmlFor={inputId} className="sr-only">
        Find or create an InfluxDB user
      </label>
      <input
        {...inputProps(rows.length, (i) => choose(rows[i]))}
        aria-describedby={describedBy}
        placeholder="Find a user by name, or type a new name…"
        className="w-full rounded-md border border-gray-300 px-3 py-1.5 text-sm"
      />
      {open ? (
        <div className="absolute z-20 mt-1 w-full rounded-md border border-gray-200 bg-surface shadow-lg">
          <ul id={listId} role="listbox" aria-label="InfluxDB users" className="max-h-64 overflow-y-auto py-1">
            {rows.map((r, i) => (
              // The search box owns the keyboard (arrow keys, Enter, Escape, aria-activedescendant);
              // focus never moves to an option, so a key handler here could never run.
              // eslint-disable-next-line jsx-a11y/click-events-have-key-events
              <li
                key={r.key}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                aria-disabled={r.disabled || undefined}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(r)}
                onMouseEnter={() => setActive(i)}
                className={`flex cursor-pointer items-center justify-between gap-2 px-3 py-1.5 text-sm ${i === active ? 'bg-brand-50' : ''} ${r.disabled ? 'cursor-not-allowed text-ink-faint' : ''} ${r.key.startsWith('new:') ? 'border-t border-gray-100 font-medium text-brand-700' : ''}`}
              >
                <span className="truncate">{r.label}</span>
                {r.hint ? <span className={`shrink-0 text-xs text-ink-faint ${r.hint === r.key ? 'font-mono' : ''}`}>{r.hint}</span> : null}
              </li>
            ))}
          </ul>
          <p className="border-t border-gray-100 px-3 py-1.5 text-xs text-ink-muted" aria-live="polite">
            {result.isError
              ? result.error.message
              : result.isFetching && !data
                ? 'Searching…'
                : data
                  ? [
                      data.total > data.items.length
                        ? `${data.items.length} of ${data.total} users: type more to narrow.`
                        : `${data.total} ${data.total === 1 ? 'user' : 'users'}`,
                      problem ? `Cannot create “${q}”: ${problem}` : '',
                      data.partial ? 'The console’s credential may not see every user.' : '',
                    ]
                      .filter(Boolean)
                      .join(' ')
                  : ''}
          </p>
        </div>
      ) : null}
    </div>
  );
}
