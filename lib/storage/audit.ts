import 'server-only';
// Append-only audit trail: who did what to which authorization, and how it ended. Never a token
// value: callers pass ids and permissions only, and `detail` is redacted once more on the way in.
import type Database from 'better-sqlite3';
import type { ConsoleUser } from '@/lib/auth/session';
import { redact } from '@/lib/log/redact';
import { database } from './db';

/** A person, or the console itself acting on a person's earlier request (role 'system'). */
export type AuditActor = Pick<ConsoleUser, 'id' | 'name' | 'email'> & { role: ConsoleUser['role'] | 'system' };

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
  db.prepare(
    `INSERT INTO audit_events (at, request_id, actor_id, actor_name, actor_email, actor_role, action, outcome, org_id, authorization_id, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    new Date().toISOString(),
    event.requestId,
    event.actor.id,
    event.actor.name,
    event.actor.email ?? null,
    event.actor.role,
    event.action,
    event.outcome,
    event.orgID ?? null,
    event.authorizationID ?? null,
    JSON.stringify(redact(event.detail ?? {})),
  );
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
  const rows = db
    .prepare('SELECT * FROM audit_events ORDER BY id DESC LIMIT ?')
    .all(Math.min(1000, limit)) as Record<string, unknown>[];
  return rows.map(toAuditRow);
}
