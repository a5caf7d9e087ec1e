// The audit trail as CSV or JSON Lines, streamed: a ReadableStream that reads the next batch of
// rows from the database only when the consumer asks for more, so an export of the whole trail never
// holds more than one batch in memory. Rows written while the export runs are left out (the
// export ends at the newest row that existed when it started).
import type { Sql } from '@/lib/storage/sql';
import { filterWhere } from './filter-sql';
import type { AuditFilter } from './filters';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const BATCH = 500;

export const CSV_COLUMNS = [
  'id',
  'at',
  'request_id',
  'actor_id',
  'actor_name',
  'actor_email',
  'actor_role',
  'action',
  'outcome',
  'org_id',
  'authorization_id',
  'detail',
  'prev_hash',
  'hash',
] as const;

type StoredRow = Record<(typeof CSV_COLUMNS)[number], string | number | null>;

/**
 * RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. A cell a spreadsheet
 * would run as a formula (= + - @ or a tab/CR first) gets a leading apostrophe, as OWASP advises:
 * names and descriptions in the trail are typed by people.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(row: StoredRow): string {
  return `${CSV_COLUMNS.map((c) => csvCell(row[c])).join(',')}\r\n`;
}

export function jsonLine(row: StoredRow): string {
  const { detail, ...rest } = row;
  return `${JSON.stringify({ ...rest, detail: JSON.parse(String(detail ?? '{}')) as unknown })}\n`;
}

export function exportFilename(format: ExportFormat, now: Date = new Date()): string {
  return `audit-${now.toISOString().slice(0, 10)}.${format}`;
}

export async function exportStream(filter: AuditFilter, format: ExportFormat, sql: Sql): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const newest = await sql.get<{ id: number | string | null }>('SELECT MAX(id) AS id FROM audit_events');
  const upToId = Number(newest?.id ?? 0);
  let afterId = 0;
  let headerSent = format !== 'csv';
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const parts: string[] = [];
        if (!headerSent) {
          parts.push(`${CSV_COLUMNS.join(',')}\r\n`);
          headerSent = true;
        }
        const { where, args } = filterWhere(filter, { upToId, ...(afterId ? { afterId } : {}) }, sql.dialect);
        const rows = await sql.all<StoredRow>(`SELECT ${CSV_COLUMNS.join(', ')} FROM audit_events ${where} ORDER BY id LIMIT ?`, [
          ...args,
          BATCH,
        ]);
        for (const row of rows) parts.push(format === 'csv' ? csvLine(row) : jsonLine(row));
        if (parts.length) controller.enqueue(encoder.encode(parts.join('')));
        if (rows.length < BATCH) controller.close();
        else afterId = Number(rows[rows.length - 1]!.id);
      },
    },
    // One batch ahead at most: the next read waits until the consumer has taken this one.
    { highWaterMark: 1 },
  );
}
