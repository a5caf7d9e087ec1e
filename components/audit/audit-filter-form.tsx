// The Audit page's filters: a plain GET form, so every filter lives in the URL (shareable,
// back-button friendly) and works without JavaScript.
import Link from 'next/link';
import { actionWords } from '@/lib/audit/actions';
import { OUTCOMES, type FilterKey } from '@/lib/audit/filters';

const field = 'mt-1 block w-full rounded-md border border-gray-300 bg-surface px-2 py-1 text-sm';

/** `orgs`: ids in the trail; `orgNames`: the names the console knows (the connection's org). */
export function AuditFilterForm({
  raw,
  actions,
  orgs = [],
  orgNames = {},
  connections = [],
}: {
  raw: Record<FilterKey, string>;
  actions: string[];
  orgs?: string[];
  orgNames?: Record<string, string>;
  /** The console's connections (the filter is offered when there are several). */
  connections?: { id: string; label: string }[];
}) {
  // A value from the URL that is not in the list stays selected, so the page can say what is wrong with it.
  const actionOptions = raw.action && !actions.includes(raw.action) ? [raw.action, ...actions] : actions;
  const orgOptions = raw.org && !orgs.includes(raw.org) ? [raw.org, ...orgs] : orgs;
  const outcomeOptions = raw.outcome && !(OUTCOMES as readonly string[]).includes(raw.outcome) ? [raw.outcome, ...OUTCOMES] : OUTCOMES;
  return (
    <form
      method="get"
      action="/audit"
      className="grid grid-cols-2 gap-3 rounded-card border border-gray-200 bg-surface p-3 text-xs md:grid-cols-8"
      aria-label="Filter the audit trail"
    >
      <label className="md:col-span-2">
        Person (id, name or email)
        <input name="person" defaultValue={raw.person} className={field} />
      </label>
      <label>
        Action
        <select name="action" defaultValue={raw.action} className={field}>
          <option value="">Any</option>
          {actionOptions.map((a) => (
            <option key={a} value={a}>
              {actionWords(a)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Outcome
        <select name="outcome" defaultValue={raw.outcome} className={field}>
          <option value="">Any</option>
          {outcomeOptions.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      {connections.length > 1 && (
        <label>
          Connection
          <select name="connection" defaultValue={raw.connection} className={field}>
            <option value="">Any</option>
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Organisation
        <select name="org" defaultValue={raw.org} className={field}>
          <option value="">Any</option>
          {orgOptions.map((o) => (
            <option key={o} value={o}>
              {orgNames[o] ? `${orgNames[o]} (${o})` : o}
            </option>
          ))}
        </select>
      </label>
      <label>
        Token id
        <input name="token" defaultValue={raw.token} className={`${field} font-mono`} placeholder="16 hex digits" />
      </label>
      <label>
        From (UTC)
        <input name="from" defaultValue={raw.from} className={field} placeholder="YYYY-MM-DD" />
      </label>
      <label>
        To (UTC)
        <input name="to" defaultValue={raw.to} className={field} placeholder="YYYY-MM-DD" />
      </label>
      <div className="col-span-2 flex items-center gap-3 md:col-span-8">
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
          Filter
        </button>
        <Link href="/audit" className="text-sm text-brand-700 underline">
          Clear filters
        </Link>
      </div>
    </form>
  );
}
