// The inventory's view state (search, filters, sort, page) as it lives in the URL, so a filtered
// view can be shared. Pure and shared by the page, the list action and the browser. Parsing is
// tolerant: a hand-edited or outdated link falls back to defaults instead of failing.

import { EXPIRY_FILTERS, type ExpiryFilter } from '@/lib/lifetimes/expiry-status';

export const SORT_KEYS = ['created', 'updated', 'description', 'owner', 'status', 'expires'] as const;
export { EXPIRY_FILTERS };
export type SortKey = (typeof SORT_KEYS)[number];
export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;
export const STATUS_FILTERS = ['any', 'active', 'inactive'] as const;

/**
 * A pasted token value must never end up in a URL (history, logs, Referer). Token values are
 * long base64 runs; descriptions and names practically never are.
 */
export function looksLikeTokenValue(text: string): boolean {
  return /[A-Za-z0-9+/_-]{40,}={0,2}/.test(text);
}

const HEX_ID = /^[0-9a-f]{16}$/;

export interface InventoryQuery {
  q: string;
  status: (typeof STATUS_FILTERS)[number];
  owner?: string | undefined;
  type?: string | undefined;
  canWrite?: string | undefined;
  canRead?: string | undefined;
  sensitive: boolean;
  mintedBy?: string | undefined;
  expiry?: ExpiryFilter | undefined;
  sort: SortKey;
  dir: 'asc' | 'desc';
  page: number;
  size: number;
}

const oneOf = <T extends string>(options: readonly T[], v: unknown, fallback: T): T =>
  typeof v === 'string' && (options as readonly string[]).includes(v) ? (v as T) : fallback;
const matching = (re: RegExp, v: unknown) => (typeof v === 'string' && re.test(v) ? v : undefined);

/**
 * Tolerant reading of a view state: anything unusable falls back to its default. The same rules as
 * inventoryQuerySchema (query-schema.ts, which the list action parses with; query.test.ts checks
 * both agree), written without zod so the browser does not load it.
 */
export function normaliseInventoryQuery(raw: Readonly<Record<string, unknown>>): InventoryQuery {
  const q = typeof raw.q === 'string' && raw.q.length <= 200 ? raw.q.trim() : '';
  const query: InventoryQuery = {
    q: looksLikeTokenValue(q) ? '' : q,
    status: oneOf(STATUS_FILTERS, raw.status, 'any'),
    sensitive: typeof raw.sensitive === 'boolean' ? raw.sensitive : false,
    sort: oneOf(SORT_KEYS, raw.sort, 'created'),
    dir: oneOf(['asc', 'desc'] as const, raw.dir, 'desc'),
    page: Number.isSafeInteger(raw.page) && (raw.page as number) >= 1 && (raw.page as number) <= 100_000 ? (raw.page as number) : 1,
    size:
      Number.isSafeInteger(raw.size) && (PAGE_SIZES as readonly number[]).includes(raw.size as number)
        ? (raw.size as number)
        : DEFAULT_PAGE_SIZE,
  };
  const optional = {
    owner: matching(HEX_ID, raw.owner),
    type: matching(/^[a-zA-Z]{2,40}$/, raw.type),
    canWrite: matching(HEX_ID, raw.canWrite),
    canRead: matching(HEX_ID, raw.canRead),
    mintedBy: matching(/^\S{1,200}$/, raw.mintedBy),
    expiry: typeof raw.expiry === 'string' && (EXPIRY_FILTERS as readonly string[]).includes(raw.expiry) ? raw.expiry : undefined,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(query, { [k]: v });
  return query;
}

export const DEFAULT_QUERY: InventoryQuery = normaliseInventoryQuery({});

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function read(source: ParamSource, key: string): string | undefined {
  if (source instanceof URLSearchParams) return source.get(key) ?? undefined;
  const v = source[key];
  return Array.isArray(v) ? v[0] : v;
}

/** URL parameter names: short, stable, documented in the README. */
const KEYS = {
  q: 'q',
  status: 'status',
  owner: 'owner',
  type: 'type',
  canWrite: 'write',
  canRead: 'read',
  sensitive: 'sensitive',
  mintedBy: 'minted',
  expiry: 'expires',
  sort: 'sort',
  dir: 'dir',
  page: 'page',
  size: 'size',
} as const;

export function parseInventoryQuery(source: ParamSource): InventoryQuery {
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
  return normaliseInventoryQuery({
    q: read(source, KEYS.q),
    status: read(source, KEYS.status),
    owner: read(source, KEYS.owner),
    type: read(source, KEYS.type),
    canWrite: read(source, KEYS.canWrite),
    canRead: read(source, KEYS.canRead),
    sensitive: read(source, KEYS.sensitive) === '1' ? true : undefined,
    mintedBy: read(source, KEYS.mintedBy),
    expiry: read(source, KEYS.expiry),
    sort: read(source, KEYS.sort),
    dir: read(source, KEYS.dir),
    page: num(read(source, KEYS.page)),
    size: num(read(source, KEYS.size)),
  });
}

/** Canonical form: defaults left out, fixed key order, so equal views give equal strings. */
export function inventoryQueryToParams(query: InventoryQuery): URLSearchParams {
  const p = new URLSearchParams();
  const d = DEFAULT_QUERY;
  if (query.q && !looksLikeTokenValue(query.q)) p.set(KEYS.q, query.q);
  if (query.status !== d.status) p.set(KEYS.status, query.status);
  if (query.owner) p.set(KEYS.owner, query.owner);
  if (query.type) p.set(KEYS.type, query.type);
  if (query.canWrite) p.set(KEYS.canWrite, query.canWrite);
  if (query.canRead) p.set(KEYS.canRead, query.canRead);
  if (query.sensitive) p.set(KEYS.sensitive, '1');
  if (query.mintedBy) p.set(KEYS.mintedBy, query.mintedBy);
  if (query.expiry) p.set(KEYS.expiry, query.expiry);
  if (query.sort !== d.sort) p.set(KEYS.sort, query.sort);
  if (query.dir !== d.dir) p.set(KEYS.dir, query.dir);
  if (query.page !== d.page) p.set(KEYS.page, String(query.page));
  if (query.size !== d.size) p.set(KEYS.size, String(query.size));
  return p;
}

export function inventoryQueryString(query: InventoryQuery): string {
  return inventoryQueryToParams(query).toString();
}

/** True when the view narrows the list (used to word "no tokens" versus "no matches"). */
export function isFiltered(query: InventoryQuery): boolean {
  return Boolean(
    query.q ||
    query.status !== 'any' ||
    query.owner ||
    query.type ||
    query.canWrite ||
    query.canRead ||
    query.sensitive ||
    query.mintedBy ||
    query.expiry,
  );
}

/** A change to anything but the page sends the person back to page 1. */
export function withChange(query: InventoryQuery, change: Partial<InventoryQuery>): InventoryQuery {
  const next = { ...query, ...change };
  if (!('page' in change)) next.page = 1;
  return normaliseInventoryQuery(next);
}
