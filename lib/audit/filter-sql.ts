// The SQL for an audit filter, shared by the page and the export. Every condition has an index
// (migration 6), so a filtered page reads only the rows it shows.
import type { Dialect } from '@/lib/storage/sql';
import type { AuditFilter } from './filters';

/**
 * The row's connection: rows from before connections name none, so they are the 'default'
 * connection's. The same expression as migration 8's index on each dialect, so the filter uses it.
 */
export function connectionExpression(dialect: Dialect): string {
  return dialect === 'postgres'
    ? "COALESCE((detail::jsonb) ->> 'connection', 'default')"
    : "COALESCE(json_extract(detail, '$.connection'), 'default')";
}

/** `beforeId`/`afterId`/`upToId`: keyset paging, newest first (page) or oldest first (export). */
export function filterWhere(
  f: AuditFilter,
  page: { beforeId?: number; afterId?: number; upToId?: number } = {},
  dialect: Dialect = 'sqlite',
): { where: string; args: (string | number)[] } {
  const parts: string[] = [];
  const args: (string | number)[] = [];
  if (f.person) {
    // The person as the page shows them: id (local:ada, oidc:…), name or email, exactly.
    parts.push('(actor_id = ? OR actor_name = ? OR actor_email = ?)');
    args.push(f.person, f.person, f.person);
  }
  if (f.action) {
    parts.push('action = ?');
    args.push(f.action);
  }
  if (f.outcome) {
    parts.push('outcome = ?');
    args.push(f.outcome);
  }
  if (f.connection) {
    parts.push(`${connectionExpression(dialect)} = ?`);
    args.push(f.connection);
  }
  if (f.org) {
    parts.push('org_id = ?');
    args.push(f.org);
  }
  if (f.token) {
    parts.push('authorization_id = ?');
    args.push(f.token);
  }
  if (f.from) {
    parts.push('at >= ?');
    args.push(f.from);
  }
  if (f.toExclusive) {
    parts.push('at < ?');
    args.push(f.toExclusive);
  }
  if (page.beforeId) {
    parts.push('id < ?');
    args.push(page.beforeId);
  }
  if (page.afterId) {
    parts.push('id > ?');
    args.push(page.afterId);
  }
  if (page.upToId !== undefined) {
    parts.push('id <= ?');
    args.push(page.upToId);
  }
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}
