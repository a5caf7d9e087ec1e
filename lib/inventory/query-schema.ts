// The inventory view state as the list action parses it (zod). The browser reads the same state with
// normaliseInventoryQuery (query.ts, no zod); query.test.ts checks that both agree.
import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, EXPIRY_FILTERS, PAGE_SIZES, SORT_KEYS, STATUS_FILTERS, looksLikeTokenValue } from './query';

const hexId = /^[0-9a-f]{16}$/;
const idParam = z.string().regex(hexId).optional().catch(undefined);

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
  expiry: z.enum(EXPIRY_FILTERS).optional().catch(undefined),
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
