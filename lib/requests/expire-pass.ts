// The requests nobody acted on in time (pending past CONSOLE_REQUEST_EXPIRES_AFTER, approved but
// unused past CONSOLE_REQUEST_MINT_WINDOW), expired on the scheduler's tick and when a Requests page
// opens. Each expiry is one transaction: the compare-and-set on the request, its audit row and
// whatever `alsoRecord` adds (its notices). With two console processes on one database, only one
// wins each compare-and-set, so each request is expired, audited and told once in total; a process
// that dies mid-way leaves neither the state nor the audit row behind. Free of Next.js.
import { randomUUID } from 'node:crypto';
import { recordAudit, type AuditActor } from '@/lib/storage/audit';
import { storage } from '@/lib/storage/db';
import type { Sql } from '@/lib/storage/sql';
import { requestAuditEvent } from './audit-event';
import type { RequestSettings } from './settings';
import { commitStep, getRequest, MINT_CLAIM_LEASE_MS, type StoredRequest } from './store';

export const EXPIRY_ACTOR: AuditActor = { id: 'console', name: 'console', role: 'system' };

/** The rows that look due; each is decided again by the rules and the compare-and-set. */
async function dueRequests(now: Date, settings: RequestSettings, sql: Sql): Promise<StoredRequest[]> {
  const rows = await sql.all<{ id: string }>(
    `SELECT id FROM access_requests
     WHERE (state = 'pending' AND updated_at <= ?)
        OR (state IN ('approved', 'approved-narrowed') AND reviewed_at <= ?
            AND (mint_claim IS NULL OR mint_claimed_at <= ?))
     ORDER BY updated_at, id LIMIT 500`,
    [now.getTime() - settings.pendingTtlMs, now.getTime() - settings.mintWindowMs, now.getTime() - MINT_CLAIM_LEASE_MS],
  );
  const out: StoredRequest[] = [];
  for (const { id } of rows) {
    const r = await getRequest(id, sql);
    if (r) out.push(r);
  }
  return out;
}

export interface ExpirePassOptions {
  now: Date;
  settings: RequestSettings;
  /** Written in the expiry's own transaction (the request's notices), so it happens once with it. */
  alsoRecord?: (expired: StoredRequest, before: StoredRequest, tx: Sql) => Promise<void>;
}

/** Expires what is due; returns the requests this call expired (another process's are not in it). */
export async function expireRequestsPass(options: ExpirePassOptions, sql: Sql = storage()): Promise<StoredRequest[]> {
  const expired: StoredRequest[] = [];
  for (const before of await dueRequests(options.now, options.settings, sql)) {
    // On PostgreSQL a second process's UPDATE waits for this row and then finds its version gone.
    const done = await sql.transaction(async (tx) => {
      const outcome = await commitStep(before, { kind: 'expire' }, { kind: 'system' }, options.now, options.settings, tx);
      // Lost to another process (or no longer due): nothing to audit, nothing to tell.
      if (!outcome.ok) return undefined;
      await recordAudit({ requestId: randomUUID(), actor: EXPIRY_ACTOR, ...requestAuditEvent('expire', outcome.request, before) }, tx);
      await options.alsoRecord?.(outcome.request, before, tx);
      return outcome.request;
    });
    if (done) expired.push(done);
  }
  return expired;
}
