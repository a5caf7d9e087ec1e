// Audit filters as the URL carries them (?person=&action=&outcome=&org=&token=&from=&to=&before=), the
// same for the Audit page and the export. Pure: parsing never throws; a value that cannot be used
// becomes a problem the page shows, and the result is empty rather than silently unfiltered.
import { influxIdSchema } from '@/lib/permissions/model-schema';

export const OUTCOMES = ['success', 'failure', 'refused', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface AuditFilter {
  person?: string;
  action?: string;
  outcome?: Outcome;
  /** The organisation the row was about: its 16-hex-digit id. */
  org?: string;
  /** The connection (InfluxDB server) the row was about, as the console stores it ('default' before connections). */
  connection?: string;
  token?: string;
  /** Inclusive lower bound, ISO instant. */
  from?: string;
  /** Exclusive upper bound, ISO instant (a date `to` means the whole of that day). */
  toExclusive?: string;
}

export interface ParsedFilter {
  filter: AuditFilter;
  /** What the URL said, trimmed, for the form and for links (paging keeps the filters). */
  raw: Record<FilterKey, string>;
  problems: string[];
}

export const FILTER_KEYS = ['person', 'action', 'outcome', 'connection', 'org', 'token', 'from', 'to'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function param(params: Params, key: string): string {
  const v = params instanceof URLSearchParams ? params.get(key) : params[key];
  return (Array.isArray(v) ? v[0] : v)?.trim().slice(0, 200) ?? '';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** A date (UTC day) or an instant; undefined when malformed or not a real calendar date. */
export function parseInstant(text: string, endOfDay: boolean): string | undefined {
  if (DATE.test(text)) {
    const d = new Date(`${text}T00:00:00.000Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) return undefined;
    return endOfDay ? new Date(d.getTime() + 86_400_000).toISOString() : d.toISOString();
  }
  if (DATETIME.test(text)) {
    // Without a zone the page means UTC, as it shows every time in UTC.
    const d = new Date(/Z|[+-]\d{2}:\d{2}$/.test(text) ? text : `${text}Z`);
    if (Number.isNaN(d.getTime())) return undefined;
    return endOfDay ? new Date(d.getTime() + 1).toISOString() : d.toISOString();
  }
  return undefined;
}

/**
 * `storedConnection`: a connection id from the URL to the id its rows are stored under, or
 * undefined when the console has no such connection (the registry, on the server).
 */
export function parseAuditFilter(
  params: Params,
  knownActions: ReadonlySet<string>,
  storedConnection: (id: string) => string | undefined = (id) => id,
): ParsedFilter {
  const raw = Object.fromEntries(FILTER_KEYS.map((k) => [k, param(params, k)])) as Record<FilterKey, string>;
  const filter: AuditFilter = {};
  const problems: string[] = [];
  if (raw.person) filter.person = raw.person;
  if (raw.action) {
    if (knownActions.has(raw.action)) filter.action = raw.action;
    else problems.push(`“${raw.action}” is not an action the audit trail knows. Choose one from the list.`);
  }
  if (raw.outcome) {
    if ((OUTCOMES as readonly string[]).includes(raw.outcome)) filter.outcome = raw.outcome as Outcome;
    else problems.push(`“${raw.outcome}” is not an outcome: use success, failure, refused or unknown.`);
  }
  if (raw.connection) {
    const stored = storedConnection(raw.connection);
    if (stored) filter.connection = stored;
    else problems.push(`“${raw.connection}” is not a connection of this console.`);
  }
  if (raw.org) {
    if (influxIdSchema.safeParse(raw.org).success) filter.org = raw.org;
    else problems.push(`“${raw.org}” is not an organisation id: organisation ids are 16 hex digits.`);
  }
  if (raw.token) {
    if (influxIdSchema.safeParse(raw.token).success) filter.token = raw.token;
    else problems.push(`“${raw.token}” is not a token id: token ids are 16 hex digits.`);
  }
  for (const key of ['from', 'to'] as const) {
    if (!raw[key]) continue;
    const at = parseInstant(raw[key], key === 'to');
    if (!at) problems.push(`“${raw[key]}” is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC).`);
    else if (key === 'from') filter.from = at;
    else filter.toExclusive = at;
  }
  if (filter.from && filter.toExclusive && filter.from >= filter.toExclusive) {
    problems.push('The time range is empty: “from” is after “to”.');
  }
  return { filter, raw, problems };
}

/** The query string for these filters (only the ones set), e.g. for paging and export links. */
export function filterQuery(raw: Record<FilterKey, string>, extra: Record<string, string | number> = {}): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (raw[k]) q.set(k, raw[k]);
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  return q.toString();
}
