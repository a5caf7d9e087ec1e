// The inventory's view state (search, filters, sort, page) as it lives in the URL, so a filtered
// view can be shared. Pure and shared by the page, the list action and the browser. Parsing is
// tolerant: a hand-edited or outdated link falls back to defaults instead of failing.
import { z } from 'zod';

export const SORT_KEYS = ['created', 'updated', 'description', 'owner', 'status'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;
export const STATUS_FILTERS = ['any', 'active', 'inactive'] as const;

const hexId = /^[0-9a-f]{16}$/;
const idParam = z.string().regex(hexId).optional().catch(undefined);

/**
 * A pasted token value must never end up in a URL (history, logs, Referer). Token values are
 * long base64 runs; descriptions and names practically never are.
 */
export function looksLikeTokenValue(text: string): boolean {
  return /[A-Za-z0-9+/_-]{40,}={0,2}/.test(text);
}

const searchParam = z
  .string()
  .max(200)
  .transform((s) => s.trim())
  .transform((s) => (looksLikeTokenValue(s) ? '' : s))
  .catch('');

export const inventoryQuerySchema = z.object({
  q: searchParam.default(''),
  status: z.enum(STATUS_FILTERS).catch('any').default('any'),
  owner: idParam,
  type: z
    .string()
    .regex(/^[a-zA-Z]{2,40}$/)
    .optional()
    .catch(undefined),
  canWrite: idParam,
  canRead: idParam,
  sensitive: z.boolean().catch(false).default(false),
  // Issue 14: a console person's id (from the audit trail, e.g. "local:ada") or "outside".
  mintedBy: z
    .string()
    .regex(/^\S{1,200}$/)
    .optional()
    .catch(undefined),
  sort: z.enum(SORT_KEYS).catch('created').default('created'),
  dir: z.enum(['asc', 'desc']).catch('desc').default('desc'),
  page: z.number().int().min(1).max(100_000).catch(1).default(1),
  size: z
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(DEFAULT_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE),
});
export type InventoryQuery = z.output<typeof inventoryQuerySchema>;

export const DEFAULT_QUERY: InventoryQuery = inventoryQuerySchema.parse({});

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
  sort: 'sort',
  dir: 'dir',
  page: 'page',
  size: 'size',
} as const;

export function parseInventoryQuery(source: ParamSource): InventoryQuery {
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
  return inventoryQuerySchema.parse({
    q: read(source, KEYS.q),
    status: read(source, KEYS.status),
    owner: read(source, KEYS.owner),
    type: read(source, KEYS.type),
    canWrite: read(source, KEYS.canWrite),
    canRead: read(source, KEYS.canRead),
    sensitive: read(source, KEYS.sensitive) === '1' ? true : undefined,
    mintedBy: read(source, KEYS.mintedBy),
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
    query.q || query.status !== 'any' || query.owner || query.type || query.canWrite || query.canRead || query.sensitive || query.mintedBy,
  );
}

/** A change to anything but the page sends the person back to page 1. */
export function withChange(query: InventoryQuery, change: Partial<InventoryQuery>): InventoryQuery {
  const next = { ...query, ...change };
  if (!('page' in change)) next.page = 1;
  return inventoryQuerySchema.parse(next);
}
