import 'server-only';
// Append-only audit trail: who did what to which authorization, and how it ended. Never a token
// value: callers pass ids and permissions only, and `detail` is redacted once more on the way in.
import type Database from 'better-sqlite3';
import type { ConsoleUser } from '@/lib/auth/session';
import { redact } from '@/lib/log/redact';
import { enqueueForwarding } from '@/lib/audit/forwarding/outbox';
import { chainHead, rowHash, type ChainedFields } from './audit-chain';
import { database } from './db';

/**
 * A person, or the console itself acting on a person's earlier request (role 'system'). Role 'none':
 * someone not (yet) signed in, e.g. a failed sign-in.
 */
export type AuditActor = Pick<ConsoleUser, 'id' | 'name' | 'email'> & { role: ConsoleUser['role'] | 'system' | 'none' };

export interface AuditEvent {
  requestId: string;
  actor: AuditActor;
  action: string;
  outcome: 'success' | 'failure' | 'refused' | 'unknown';
  orgID?: string;
  authorizationID?: string;
  detail?: Record<string, unknown>;
}

export interface AuditRow {
  id: number;
  at: string;
  requestId: string;
  actorId: string;
  actorName: string | null;
  actorEmail: string | null;
  actorRole: string;
  action: string;
  outcome: string;
  orgId: string | null;
  authorizationId: string | null;
  detail: Record<string, unknown>;
}

export function recordAudit(event: AuditEvent, db: Database.Database = database()): void {
  // One IMMEDIATE transaction: reading the chain's head, choosing the id and inserting must not
  // interleave with another writer (a second console process on the same file), or two rows would
  // claim the same previous row. The id is chosen here because the hash covers it.
  db.transaction(() => {
    const seq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").get() as { seq: number } | undefined;
    const row: ChainedFields = {
      id: (seq?.seq ?? 0) + 1,
      at: new Date().toISOString(),
      request_id: event.requestId,
      actor_id: event.actor.id,
      actor_name: event.actor.name,
      actor_email: event.actor.email ?? null,
      actor_role: event.actor.role,
      action: event.action,
      outcome: event.outcome,
      org_id: event.orgID ?? null,
      authorization_id: event.authorizationID ?? null,
      detail: JSON.stringify(redact(event.detail ?? {})),
    };
    const prev = chainHead(db);
    db.prepare(
      `INSERT INTO audit_events (id, at, request_id, actor_id, actor_name, actor_email, actor_role, action, outcome, org_id, authorization_id, detail, prev_hash, hash)
       VALUES (@id, @at, @request_id, @actor_id, @actor_name, @actor_email, @actor_role, @action, @outcome, @org_id, @authorization_id, @detail, @prev_hash, @hash)`,
    ).run({ ...row, prev_hash: prev, hash: rowHash(row, prev) });
    enqueueForwarding(db, toAuditRow(row as unknown as Record<string, unknown>));
  }).immediate();
}

/** A stored row as the rest of the console reads it (`detail` parsed). */
export function toAuditRow(r: Record<string, unknown>): AuditRow {
  return {
    id: r.id as number,
    at: r.at as string,
    requestId: r.request_id as string,
    actorId: r.actor_id as string,
    actorName: (r.actor_name as string) ?? null,
    actorEmail: (r.actor_email as string) ?? null,
    actorRole: r.actor_role as string,
    action: r.action as string,
    outcome: r.outcome as string,
    orgId: (r.org_id as string) ?? null,
    authorizationId: (r.authorization_id as string) ?? null,
    detail: JSON.parse(r.detail as string) as Record<string, unknown>,
  };
}

export function listAudit(limit = 200, db: Database.Database = database()): AuditRow[] {
  const rows = db.prepare('SELECT * FROM audit_events ORDER BY id DESC LIMIT ?').all(Math.min(1000, limit)) as Record<string, unknown>[];
  return rows.map(toAuditRow);
}
