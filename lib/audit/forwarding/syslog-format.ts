// One audit row as an RFC 5424 syslog message. Facility 13 ("log audit"); severity notice for a
// success, warning for anything else. The structured data carries the fields a receiver filters
// on; the message is the whole row as JSON (BOM first: RFC 5424 section 6.4, UTF-8 payload).
import type { AuditRow } from '@/lib/storage/audit';

export const APP_NAME = 'influx-token-console';
const FACILITY_LOG_AUDIT = 13;
// 32473 is the private enterprise number RFC 5612 reserves for documentation and examples.
const SD_ID = 'audit@32473';

/** RFC 5424 header fields are printable US-ASCII without spaces, with a maximum length. */
function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return clean === '' ? '-' : clean;
}

/** Inside an SD-PARAM value, '"', '\' and ']' must be escaped (RFC 5424 section 6.3.3). */
function sdValue(value: string): string {
  return value.replace(/[\\"\]]/g, (c) => `\\${c}`);
}

export function formatSyslog(row: AuditRow, host: { hostname: string; procId: string | number }): string {
  const severity = row.outcome === 'success' ? 5 : 4;
  const pri = FACILITY_LOG_AUDIT * 8 + severity;
  const params: [string, string | null][] = [
    ['id', String(row.id)],
    ['outcome', row.outcome],
    ['actor', row.actorId],
    ['role', row.actorRole],
    ['org', row.orgId],
    ['authorization', row.authorizationId],
    ['request', row.requestId],
  ];
  const sd = `[${SD_ID} ${params
    .filter((p): p is [string, string] => p[1] !== null && p[1] !== '')
    .map(([k, v]) => `${k}="${sdValue(v)}"`)
    .join(' ')}]`;
  return [
    `<${pri}>1`,
    row.at,
    headerField(host.hostname, 255),
    APP_NAME,
    headerField(String(host.procId), 128),
    headerField(row.action, 32),
    sd,
    `\uFEFF${JSON.stringify(row)}`,
  ].join(' ');
}

/** RFC 6587 section 3.4.1 octet counting: the length in bytes, a space, the message. */
export function octetCounted(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}
