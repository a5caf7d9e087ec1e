import 'server-only';
// Where the console delivered a token (issue 17): a KV v2 path and the version written, or a
// response-wrapped handoff and whether it was unwrapped. Never the value, nor the wrapping token
// (it could unwrap the value): a handoff keeps only its accessor.
import { randomUUID } from 'node:crypto';
import { storage } from './db';
import type { Sql } from './sql';

export type DeliveryKind = 'kv' | 'wrap';

export interface SecretDelivery {
  id: string;
  connectionID: string;
  orgID: string;
  authorizationID: string;
  storeID: string;
  kind: DeliveryKind;
  /** kv: the secret's path under the mount. */
  path: string | null;
  /** kv: the version the console wrote. */
  version: number | null;
  keyName: string;
  wrapAccessor: string | null;
  wrapExpiresAt: string | null;
  /** wrap: true once the store said it was unwrapped; null while unknown or for kv. */
  unwrapped: boolean | null;
  deliveredBy: string;
  deliveredAt: string;
}

export type NewDelivery = Omit<SecretDelivery, 'id' | 'deliveredAt' | 'unwrapped'> & { deliveredAt?: string };

type Row = Record<string, unknown>;

function toDelivery(r: Row): SecretDelivery {
  return {
    id: r.id as string,
    connectionID: r.connection_id as string,
    orgID: r.org_id as string,
    authorizationID: r.authorization_id as string,
    storeID: r.store_id as string,
    kind: r.kind as DeliveryKind,
    path: (r.path as string | null) ?? null,
    version: r.version === null || r.version === undefined ? null : Number(r.version),
    keyName: r.key_name as string,
    wrapAccessor: (r.wrap_accessor as string | null) ?? null,
    wrapExpiresAt: (r.wrap_expires_at as string | null) ?? null,
    unwrapped: r.unwrapped === null || r.unwrapped === undefined ? null : Number(r.unwrapped) === 1,
    deliveredBy: r.delivered_by as string,
    deliveredAt: r.delivered_at as string,
  };
}

export async function recordDelivery(d: NewDelivery, sql: Sql = storage()): Promise<SecretDelivery> {
  const id = randomUUID();
  const deliveredAt = d.deliveredAt ?? new Date().toISOString();
  await sql.run(
    `INSERT INTO secret_deliveries (id, connection_id, org_id, authorization_id, store_id, kind, path, version, key_name,
       wrap_accessor, wrap_expires_at, unwrapped, delivered_by, delivered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
    [
      id,
      d.connectionID,
      d.orgID,
      d.authorizationID,
      d.storeID,
      d.kind,
      d.path,
      d.version,
      d.keyName,
      d.wrapAccessor,
      d.wrapExpiresAt,
      d.deliveredBy,
      deliveredAt,
    ],
  );
  return { ...d, id, deliveredAt, unwrapped: null };
}

/** Every delivery of one token, newest first. */
export async function deliveriesOf(authorizationID: string, sql: Sql = storage()): Promise<SecretDelivery[]> {
  const rows = await sql.all<Row>('SELECT * FROM secret_deliveries WHERE authorization_id = ? ORDER BY delivered_at DESC, id', [
    authorizationID,
  ]);
  return rows.map(toDelivery);
}

/** The newest KV delivery to a path: its version is the path's current one as far as the console wrote. */
export async function latestAtPath(storeID: string, path: string, sql: Sql = storage()): Promise<SecretDelivery | undefined> {
  const row = await sql.get<Row>(
    `SELECT * FROM secret_deliveries WHERE store_id = ? AND path = ? AND kind = 'kv' ORDER BY version DESC, delivered_at DESC LIMIT 1`,
    [storeID, path],
  );
  return row ? toDelivery(row) : undefined;
}

/** Remembers that a handoff was unwrapped (the store forgets the token once it is used). */
export async function markUnwrapped(id: string, sql: Sql = storage()): Promise<void> {
  await sql.run('UPDATE secret_deliveries SET unwrapped = 1 WHERE id = ?', [id]);
}
