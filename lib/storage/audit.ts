import 'server-only';
// Append-only audit trail: who did what to which authorization, and how it ended. Never a token
// value: callers pass ids and permissions only, and `detail` is redacted once more on the way in.
import type { ConsoleUser } from '@/lib/auth/session';
import { redact } from '@/lib/log/redact';
import { enqueueForwarding } from '@/lib/audit/forwarding/outbox';
import { appendChainedRow, AUDIT_CHAIN_LOCK, chainHead, nextAuditId, type ChainedFields } from './audit-chain';
import { storage } from './db';
import type { Sql } from './sql';

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

export async function recordAudit(event: AuditEvent, sql: Sql = storage()): Promise<void> {
  // One transaction under the chain's lock: reading the chain's head, choosing the id and inserting
  // must not interleave with another writer (a second console process on the same database), or
  // two rows would claim the same previous row. The id is chosen here because the hash covers it.
  await sql.transaction(
    async (tx) => {
      const row: ChainedFields = {
        id: await nextAuditId(tx),
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
      const prev = await chainHead(tx);
      await appendChainedRow(tx, row, prev);
      await enqueueForwarding(tx, toAuditRow(row as unknown as Record<string, unknown>));
    },
    { lock: AUDIT_CHAIN_LOCK },
  );
}

/** A stored row as the rest of the console reads it (`detail` parsed). */
export function toAuditRow(r: Record<string, unknown>): AuditRow {
  return {
    id: Number(r.id),
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

export async function listAudit(limit = 200, sql: Sql = storage()): Promise<AuditRow[]> {
  const rows = await sql.all<Record<string, unknown>>('SELECT * FROM audit_events ORDER BY id DESC LIMIT ?', [Math.min(1000, limit)]);
  return rows.map(toAuditRow);
}
