// The audit trail's hash chain (issue 14): each row stores the hash of the row before it and its
// own hash over a canonical serialisation of its fields plus that previous hash. Changing,
// inserting or removing a row in the middle breaks the chain at the next row; the verifier names
// the first row that does not fit. No `server-only` here: scripts/audit-verify.ts runs it outside
// Next.js.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

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
export function chainAnchor(db: Database.Database): ChainAnchor {
  const a = db.prepare('SELECT first_kept_id, prev_hash FROM audit_anchors ORDER BY id DESC LIMIT 1').get() as
    { first_kept_id: number; prev_hash: string } | undefined;
  return a ? { firstKeptId: a.first_kept_id, prevHash: a.prev_hash } : { firstKeptId: 1, prevHash: GENESIS_HASH };
}

/** The hash the next row must carry as its previous hash (inside the writing transaction). */
export function chainHead(db: Database.Database): string {
  const last = db.prepare('SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
  return last?.hash ?? chainAnchor(db).prevHash;
}

export type ChainReport =
  | { ok: true; count: number; head: string }
  | { ok: false; count: number; row: { id: number; at: string; action: string }; problem: string };

/** Walks the whole trail in id order without loading it into memory. */
export function verifyChain(db: Database.Database): ChainReport {
  const anchor = chainAnchor(db);
  let expected = anchor.prevHash;
  let count = 0;
  let first = true;
  const rows = db.prepare('SELECT * FROM audit_events ORDER BY id').iterate() as IterableIterator<
    ChainedFields & { prev_hash: string | null; hash: string | null }
  >;
  for (const row of rows) {
    const where = { id: row.id, at: row.at, action: row.action };
    let problem: string | undefined;
    if (first && row.id !== anchor.firstKeptId) {
      problem = `the trail should start at row ${anchor.firstKeptId} but starts at row ${row.id} (rows removed at the start)`;
    } else if (row.prev_hash !== expected) {
      problem = 'its previous-row hash does not match the row before it (a row before it was changed, removed or inserted)';
    } else if (row.hash !== rowHash(row, expected)) {
      problem = 'its content does not match its hash (the row was changed)';
    }
    if (problem) {
      rows.return?.();
      return { ok: false, count, row: where, problem };
    }
    first = false;
    expected = row.hash!;
    count++;
  }
  return { ok: true, count, head: expected };
}
