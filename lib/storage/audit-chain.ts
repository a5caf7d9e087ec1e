// The audit trail's hash chain (issue 14): each row stores the hash of the row before it and its
// own hash over a canonical serialisation of its fields plus that previous hash. Changing,
// inserting or removing a row in the middle breaks the chain at the next row; the verifier names
// the first row that does not fit. No `server-only` here: scripts/audit-verify.ts runs it outside
// Next.js.
import { createHash } from 'node:crypto';
import type { Sql } from './sql';

/** The previous hash of the very first row, before any pruning recorded an anchor. */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored columns a row's hash covers, in this fixed order (adding one is a new chain format). */
export interface ChainedFields {
  id: number;
  at: string;
  request_id: string;
  actor_id: string;
  actor_name: string | null;
  actor_email: string | null;
  actor_role: string;
  action: string;
  outcome: string;
  org_id: string | null;
  authorization_id: string | null;
  detail: string;
}

/** A JSON array, not an object: no key order to agree on, and null stays distinct from ''. */
export function canonicalRow(row: ChainedFields, prevHash: string): string {
  return JSON.stringify([
    1,
    row.id,
    row.at,
    row.request_id,
    row.actor_id,
    row.actor_name ?? null,
    row.actor_email ?? null,
    row.actor_role,
    row.action,
    row.outcome,
    row.org_id ?? null,
    row.authorization_id ?? null,
    row.detail,
    prevHash,
  ]);
}

export function rowHash(row: ChainedFields, prevHash: string): string {
  return createHash('sha256').update(canonicalRow(row, prevHash), 'utf8').digest('hex');
}

export interface ChainAnchor {
  firstKeptId: number;
  prevHash: string;
}

/** Where the chain starts: the latest pruning's anchor, else the genesis hash. */
export async function chainAnchor(sql: Sql): Promise<ChainAnchor> {
  const a = await sql.get<{ first_kept_id: number | string; prev_hash: string }>(
    'SELECT first_kept_id, prev_hash FROM audit_anchors ORDER BY id DESC LIMIT 1',
  );
  return a ? { firstKeptId: Number(a.first_kept_id), prevHash: a.prev_hash } : { firstKeptId: 1, prevHash: GENESIS_HASH };
}

/** The hash the next row must carry as its previous hash (inside the writing transaction). */
export async function chainHead(sql: Sql): Promise<string> {
  const last = await sql.get<{ hash: string }>('SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1');
  return last?.hash ?? (await chainAnchor(sql)).prevHash;
}

/** Held by every transaction that reads the chain's head to write after it (append, prune). */
export const AUDIT_CHAIN_LOCK = 'audit-chain';

/**
 * Appends `row` after the row whose hash is `prevHash`, hashed; returns its hash (the next row's
 * previous hash). Run it under AUDIT_CHAIN_LOCK, with the id from nextAuditId.
 */
export async function appendChainedRow(tx: Sql, row: ChainedFields, prevHash: string): Promise<string> {
  const hash = rowHash(row, prevHash);
  await tx.run(
    `INSERT INTO audit_events (id, at, request_id, actor_id, actor_name, actor_email, actor_role, action, outcome, org_id, authorization_id, detail, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.id,
      row.at,
      row.request_id,
      row.actor_id,
      row.actor_name,
      row.actor_email,
      row.actor_role,
      row.action,
      row.outcome,
      row.org_id,
      row.authorization_id,
      row.detail,
      prevHash,
      hash,
    ],
  );
  return hash;
}

/**
 * The id the next row gets, under AUDIT_CHAIN_LOCK. Never one used before: retention deletes only
 * rows below the latest anchor and never the newest row, and when it pruned everything the anchor
 * names the next id.
 */
export async function nextAuditId(tx: Sql): Promise<number> {
  const last = await tx.get<{ id: number | string | null }>('SELECT MAX(id) AS id FROM audit_events');
  const newest = last?.id === null || last?.id === undefined ? 0 : Number(last.id);
  return Math.max(newest + 1, (await chainAnchor(tx)).firstKeptId);
}

export type ChainReport =
  | { ok: true; count: number; head: string }
  | { ok: false; count: number; row: { id: number; at: string; action: string }; problem: string };

/** Rows read per query: the walk holds one batch in memory, never the whole trail. */
const VERIFY_BATCH = 1000;

/** Walks the whole trail in id order, a batch at a time. */
export async function verifyChain(sql: Sql): Promise<ChainReport> {
  const anchor = await chainAnchor(sql);
  let expected = anchor.prevHash;
  let count = 0;
  let first = true;
  let afterId: number | undefined;
  for (;;) {
    const rows = await sql.all<ChainedFields & { prev_hash: string | null; hash: string | null }>(
      afterId === undefined
        ? 'SELECT * FROM audit_events ORDER BY id LIMIT ?'
        : 'SELECT * FROM audit_events WHERE id > ? ORDER BY id LIMIT ?',
      afterId === undefined ? [VERIFY_BATCH] : [afterId, VERIFY_BATCH],
    );
    for (const stored of rows) {
      const row = { ...stored, id: Number(stored.id) };
      const where = { id: row.id, at: row.at, action: row.action };
      let problem: string | undefined;
      if (first && row.id !== anchor.firstKeptId) {
        problem = `the trail should start at row ${anchor.firstKeptId} but starts at row ${row.id} (rows removed at the start)`;
      } else if (row.prev_hash !== expected) {
        problem = 'its previous-row hash does not match the row before it (a row before it was changed, removed or inserted)';
      } else if (row.hash !== rowHash(row, expected)) {
        problem = 'its content does not match its hash (the row was changed)';
      }
      if (problem) return { ok: false, count, row: where, problem };
      first = false;
      expected = row.hash!;
      count++;
    }
    if (rows.length < VERIFY_BATCH) return { ok: true, count, head: expected };
    afterId = Number(rows[rows.length - 1]!.id);
  }
}
