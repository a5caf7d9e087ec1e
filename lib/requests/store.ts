import 'server-only';
// Access requests in the console's SQLite database (table: schema.ts). Synchronous, like the other
// stores. Every change is a compare-and-set on the state and version the caller decided against,
// so two admins approving at once, or two tabs minting at once, leave exactly one winner; the
// loser gets 'conflict' and reloads. Rules come from decide-step.ts, asked here again against the
// request as loaded, never from the caller's say-so.
//
// Minting is two writes around the InfluxDB call: claimMint takes the approved request (one
// claim, checked by the same compare-and-set), finishMint records the new token's id and makes the
// request 'minted'; releaseMintClaim gives the claim back only when InfluxDB surely created
// nothing. A claim whose process died is never released (the token may exist): the request
// expires at the end of its window instead. So a request mints at most once.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { encodeLifetimeChoice } from '@/lib/lifetimes/choice';
import { applyRequestStep, decideRequestStep, type Actor, type RequestStep, type StepRefusal } from './decide-step';
import { formFingerprint } from './fingerprint';
import { requestFormSchema, type AccessRequest, type Person, type RequestForm, type RequestState, type RequestSubmission } from './model';
import type { RequestSettings } from './settings';

/** A request as stored: the domain record plus a mint in flight, if any. */
export interface StoredRequest extends AccessRequest {
  mintClaim?: { id: string; at: Date };
}

/** After this, a mint claim is taken to be abandoned; its request may then expire (never mint again). */
export const MINT_CLAIM_LEASE_MS = 10 * 60_000;

export type StoreOutcome =
  { ok: true; request: StoredRequest } | { ok: false; reason: StepRefusal | 'not-found' | 'conflict'; message: string };

const CONFLICT = {
  ok: false,
  reason: 'conflict',
  message: 'Someone else acted on this request at the same moment. Reload it to see where it stands.',
} as const;
const NOT_FOUND = { ok: false, reason: 'not-found', message: 'There is no such request (or it is not yours to see).' } as const;

type Row = Record<string, unknown>;

const optional = <T>(v: unknown, f: (x: never) => T): T | undefined => (v === null || v === undefined ? undefined : f(v as never));
const at = (ms: number) => new Date(ms);

function person(r: Row, prefix: 'requester' | 'reviewer'): Person {
  return {
    id: r[`${prefix}_id`] as string,
    ...(r[`${prefix}_name`] ? { name: r[`${prefix}_name`] as string } : {}),
    ...(r[`${prefix}_email`] ? { email: r[`${prefix}_email`] as string } : {}),
    role: r[`${prefix}_role`] as Person['role'],
  };
}

/** The stored form is parsed again: a row edited by hand cannot hand the mint a form the schema refuses. */
const storedForm = (json: string): RequestForm => requestFormSchema.parse(JSON.parse(json));

const formJson = (f: RequestForm) => JSON.stringify({ ...f, lifetime: encodeLifetimeChoice(f.lifetime) });

function toRequest(r: Row): StoredRequest {
  const request: StoredRequest = {
    id: r.id as string,
    state: r.state as RequestState,
    version: r.version as number,
    form: storedForm(r.form as string),
    justification: r.justification as string,
    requester: person(r, 'requester'),
    createdAt: at(r.created_at as number),
    updatedAt: at(r.updated_at as number),
  };
  if (r.reviewer_id) request.reviewer = person(r, 'reviewer');
  request.reviewedAt = optional(r.reviewed_at, at);
  request.reviewNote = optional(r.review_note, (s: string) => s);
  request.approvedFingerprint = optional(r.approved_fingerprint, (s: string) => s);
  request.mintedAt = optional(r.minted_at, at);
  request.authorizationId = optional(r.authorization_id, (s: string) => s);
  if (r.mint_claim) request.mintClaim = { id: r.mint_claim as string, at: at(r.mint_claimed_at as number) };
  for (const k of Object.keys(request) as (keyof StoredRequest)[]) if (request[k] === undefined) delete request[k];
  return request;
}

export function createRequest(
  db: Database.Database,
  input: { form: RequestForm; justification: string; requester: Person },
  now: Date,
  id: string = randomUUID(),
): StoredRequest {
  const r = input.requester;
  db.prepare(
    `INSERT INTO access_requests (id, state, version, connection_id, org_id, form, fingerprint, justification,
       requester_id, requester_name, requester_email, requester_role, created_at, updated_at)
     VALUES (?, 'pending', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    input.form.connectionId,
    input.form.orgID,
    formJson(input.form),
    formFingerprint(input.form),
    input.justification,
    r.id,
    r.name ?? null,
    r.email ?? null,
    r.role,
    now.getTime(),
    now.getTime(),
  );
  return getRequest(db, id)!;
}

/** A new request from a parsed submission, if the rules let this person make it (viewers may not). */
export function submitRequest(
  db: Database.Database,
  submission: RequestSubmission,
  actor: Actor,
  now: Date,
  settings: RequestSettings,
  id: string = randomUUID(),
): StoreOutcome {
  if (actor.kind !== 'person') return { ok: false, reason: 'role', message: 'Only a signed-in person can request a token.' };
  const draft: AccessRequest = { id, state: 'pending', version: 0, ...submission, requester: actor.person, createdAt: now, updatedAt: now };
  const decision = decideRequestStep({ kind: 'create' }, actor, draft, now, settings);
  if (!decision.allowed) return { ok: false, reason: decision.reason, message: decision.message };
  return { ok: true, request: createRequest(db, { ...submission, requester: actor.person }, now, id) };
}

export function getRequest(db: Database.Database, id: string): StoredRequest | undefined {
  const row = db.prepare('SELECT * FROM access_requests WHERE id = ?').get(id) as Row | undefined;
  return row ? toRequest(row) : undefined;
}

/** A person's own requests, newest first. */
export function requestsOf(db: Database.Database, requesterId: string, limit = 100): StoredRequest[] {
  return (
    db.prepare('SELECT * FROM access_requests WHERE requester_id = ? ORDER BY created_at DESC, id LIMIT ?').all(requesterId, limit) as Row[]
  ).map(toRequest);
}

interface QueueOptions {
  now: Date;
  pendingTtlMs: number;
  /** The reviewer: their own requests are not theirs to review, so not in their queue or count. */
  reviewerId?: string;
}

const QUEUE_WHERE = `state = 'pending' AND updated_at > @since AND (@reviewer IS NULL OR requester_id <> @reviewer)`;
const queueParams = (o: QueueOptions) => ({ since: o.now.getTime() - o.pendingTtlMs, reviewer: o.reviewerId ?? null });

/** What waits for review (not yet overdue), oldest first. */
export function reviewQueue(db: Database.Database, options: QueueOptions, limit = 200): StoredRequest[] {
  return (
    db
      .prepare(`SELECT * FROM access_requests WHERE ${QUEUE_WHERE} ORDER BY created_at, id LIMIT @limit`)
      .all({ ...queueParams(options), limit }) as Row[]
  ).map(toRequest);
}

/** The number beside "Requests" in the navigation. */
export function pendingCount(db: Database.Database, options: QueueOptions): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM access_requests WHERE ${QUEUE_WHERE}`).get(queueParams(options)) as { n: number }).n;
}

type StoreStep = Exclude<RequestStep, { kind: 'create' } | { kind: 'mint' }>;

/**
 * Decides `step` against the request as the caller loaded it and writes the result only if the
 * row is still in that state and version (and holds the same mint claim, if any).
 */
export function commitStep(
  db: Database.Database,
  loaded: StoredRequest,
  step: StoreStep,
  actor: Actor,
  now: Date,
  settings: RequestSettings,
): StoreOutcome {
  if (loaded.mintClaim && !(step.kind === 'expire' && now.getTime() >= loaded.mintClaim.at.getTime() + MINT_CLAIM_LEASE_MS)) {
    return { ok: false, reason: 'state', message: 'The token of this request is being created right now.' };
  }
  const decision = decideRequestStep(step, actor, loaded, now, settings);
  if (!decision.allowed) return { ok: false, reason: decision.reason, message: decision.message };
  const next = applyRequestStep(loaded, step, actor, now);
  const rv = next.reviewer;
  const changed = db
    .prepare(
      `UPDATE access_requests SET state = @state, version = @version, form = @form, fingerprint = @fingerprint,
         connection_id = @connection, org_id = @org, justification = @justification, updated_at = @updated,
         reviewer_id = @rid, reviewer_name = @rname, reviewer_email = @remail, reviewer_role = @rrole,
         reviewed_at = @reviewed, review_note = @note, approved_fingerprint = @approved
       WHERE id = @id AND state = @was AND version = @wasVersion AND mint_claim IS @claim`,
    )
    .run({
      id: loaded.id,
      was: loaded.state,
      wasVersion: loaded.version,
      claim: loaded.mintClaim?.id ?? null,
      state: next.state,
      version: next.version,
      form: formJson(next.form),
      fingerprint: formFingerprint(next.form),
      connection: next.form.connectionId,
      org: next.form.orgID,
      justification: next.justification,
      updated: now.getTime(),
      rid: rv?.id ?? null,
      rname: rv?.name ?? null,
      remail: rv?.email ?? null,
      rrole: rv?.role ?? null,
      reviewed: next.reviewedAt?.getTime() ?? null,
      note: next.reviewNote ?? null,
      approved: next.approvedFingerprint ?? null,
    }).changes;
  if (changed !== 1) return CONFLICT;
  return { ok: true, request: getRequest(db, loaded.id)! };
}

/** Loads the request and commits the step. */
export function performStep(
  db: Database.Database,
  id: string,
  step: StoreStep,
  actor: Actor,
  now: Date,
  settings: RequestSettings,
): StoreOutcome {
  const loaded = getRequest(db, id);
  return loaded ? commitStep(db, loaded, step, actor, now, settings) : NOT_FOUND;
}

/**
 * Takes the approved request for one mint of `form` by `actor`. On success the caller mints in
 * InfluxDB, then calls finishMint (or releaseMintClaim if InfluxDB surely created nothing).
 */
export function claimMint(
  db: Database.Database,
  loaded: StoredRequest,
  form: RequestForm,
  actor: Actor,
  now: Date,
  settings: RequestSettings,
  claimId: string = randomUUID(),
): StoreOutcome {
  if (loaded.mintClaim) return { ok: false, reason: 'state', message: 'The token of this request is being created right now.' };
  const decision = decideRequestStep({ kind: 'mint', form }, actor, loaded, now, settings);
  if (!decision.allowed) return { ok: false, reason: decision.reason, message: decision.message };
  const changed = db
    .prepare(
      `UPDATE access_requests SET mint_claim = ?, mint_claimed_at = ?, version = version + 1, updated_at = ?
       WHERE id = ? AND state = ? AND version = ? AND mint_claim IS NULL`,
    )
    .run(claimId, now.getTime(), now.getTime(), loaded.id, loaded.state, loaded.version).changes;
  if (changed !== 1) return CONFLICT;
  return { ok: true, request: getRequest(db, loaded.id)! };
}

/** Records the minted token's id (never its value); the request is then used. */
export function finishMint(
  db: Database.Database,
  id: string,
  claimId: string,
  authorizationId: string,
  now: Date,
): StoredRequest | undefined {
  const changed = db
    .prepare(
      `UPDATE access_requests SET state = 'minted', version = version + 1, updated_at = ?, minted_at = ?, authorization_id = ?,
         mint_claim = NULL, mint_claimed_at = NULL
       WHERE id = ? AND mint_claim = ? AND state IN ('approved', 'approved-narrowed')`,
    )
    .run(now.getTime(), now.getTime(), authorizationId, id, claimId).changes;
  return changed === 1 ? getRequest(db, id) : undefined;
}

/** Gives a claim back after a mint that surely created nothing (refused by InfluxDB, say). */
export function releaseMintClaim(db: Database.Database, id: string, claimId: string, now: Date): boolean {
  return (
    db
      .prepare(
        `UPDATE access_requests SET mint_claim = NULL, mint_claimed_at = NULL, version = version + 1, updated_at = ? WHERE id = ? AND mint_claim = ?`,
      )
      .run(now.getTime(), id, claimId).changes === 1
  );
}

/** Expires what nobody acted on in time; returns the requests it expired (for audit and notices). */
export function expireDue(db: Database.Database, now: Date, settings: RequestSettings): StoredRequest[] {
  const candidates = (
    db
      .prepare(
        `SELECT * FROM access_requests
         WHERE (state = 'pending' AND updated_at <= @pendingBefore)
            OR (state IN ('approved', 'approved-narrowed') AND reviewed_at <= @approvedBefore
                AND (mint_claim IS NULL OR mint_claimed_at <= @claimBefore))`,
      )
      .all({
        pendingBefore: now.getTime() - settings.pendingTtlMs,
        approvedBefore: now.getTime() - settings.mintWindowMs,
        claimBefore: now.getTime() - MINT_CLAIM_LEASE_MS,
      }) as Row[]
  ).map(toRequest);
  const expired: StoredRequest[] = [];
  for (const r of candidates) {
    const outcome = commitStep(db, r, { kind: 'expire' }, { kind: 'system' }, now, settings);
    if (outcome.ok) expired.push(outcome.request);
  }
  return expired;
}
