import 'server-only';
// What the Audit page shows for a URL: the parsed filters, any problem with them (then no rows,
// never an unfiltered list), one page of 50 rows and the link to the next.
import { actionsInTrail, listAuditPage, orgsInTrail } from '@/lib/storage/audit-query';
import type { AuditRow } from '@/lib/storage/audit';
import { storedIdOfKnown } from '@/lib/connections/registry';
import { storage } from '@/lib/storage/db';
import type { Sql } from '@/lib/storage/sql';
import { knownActions } from './actions';
import { filterQuery, parseAuditFilter, type ParsedFilter } from './filters';

export const AUDIT_PAGE_SIZE = 50;

export interface AuditPageData {
  parsed: ParsedFilter;
  actions: string[];
  /** Organisation ids the trail has rows about (the org filter's choices). */
  orgs: string[];
  rows: AuditRow[];
  /** Link to the next (older) page, filters kept. */
  olderHref?: string;
  /** Link to the first page, filters kept, when not on it. */
  newestHref?: string;
  /** The export's query string for these filters (without format). */
  exportQuery: string;
}

export async function loadAuditPageData(
  params: Record<string, string | string[] | undefined>,
  sql: Sql = storage(),
): Promise<AuditPageData> {
  const actions = [...knownActions(await actionsInTrail(sql))].sort();
  const parsed = parseAuditFilter(params, new Set(actions), storedIdOfKnown);
  const orgs = await orgsInTrail(sql);
  const beforeText = Array.isArray(params.before) ? params.before[0] : params.before;
  const before = Number(beforeText);
  const validBefore = Number.isSafeInteger(before) && before > 0 ? before : undefined;
  const exportQuery = filterQuery(parsed.raw);
  if (parsed.problems.length) return { parsed, actions, orgs, rows: [], exportQuery };
  const page = await listAuditPage({ limit: AUDIT_PAGE_SIZE, filter: parsed.filter, ...(validBefore ? { before: validBefore } : {}) }, sql);
  const q = (extra: Record<string, number> = {}) => {
    const s = filterQuery(parsed.raw, extra);
    return s ? `/audit?${s}` : '/audit';
  };
  return {
    parsed,
    actions,
    orgs,
    rows: page.rows,
    exportQuery,
    ...(page.nextBefore ? { olderHref: q({ before: page.nextBefore }) } : {}),
    ...(validBefore ? { newestHref: q() } : {}),
  };
}
