import 'server-only';
// Access requests in the console's database (table: schema.ts, migration 11), through the one
// async `Sql` interface, so the same code runs on SQLite and PostgreSQL. Every change is a compare-and-set on the state and version the caller decided against,
// so two admins approving at once, or two tabs minting at once, leave exactly one winner; the
// loser gets 'conflict' and reloads. Rules come from decide-step.ts, asked here again against the
// request as loaded, never from the caller's say-so.
//
// Minting is two writes around the InfluxDB call: claimMint takes the approved request (one
// claim, checked by the same compare-and-set), finishMint records the new token's id and makes the
// request 'minted'; releaseMintClaim gives the claim back only when InfluxDB surely created
// nothing. A claim whose process died is never released (the token may exist): the request
// expires at the end of its window instead. So a request mints at most once.
import { randomUUID } from 'node:crypto';
import { encodeLifetimeChoice } from '@/lib/lifetimes/choice';
import { storage } from '@/lib/storage/db';
import type { Sql, SqlValue } from '@/lib/storage/sql';
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
export const NOT_FOUND = { ok: false, reason: 'not-found', message: 'There is no such request (or it is not yours to see).' } as const;

type Row = Record<string, unknown>;

// PostgreSQL hands BIGINT columns back as strings; SQLite as numbers.
const at = (v: unknown) => new Date(Number(v));
const present = (v: unknown) => v !== null && v !== undefined;

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
    version: Number(r.version),
    form: storedForm(r.form as string),
    justification: r.justification as string,
    requester: person(r, 'requester'),
    createdAt: at(r.created_at),
    updatedAt: at(r.updated_at),
  };
  if (r.reviewer_id) request.reviewer = person(r, 'reviewer');
  if (present(r.reviewed_at)) request.reviewedAt = at(r.reviewed_at);
  if (present(r.review_note)) request.reviewNote = r.review_note as string;
  if (present(r.approved_fingerprint)) request.approvedFingerprint = r.approved_fingerprint as string;
  if (present(r.minted_at)) request.mintedAt = at(r.minted_at);
  if (present(r.authorization_id)) request.authorizationId = r.authorization_id as string;
  if (r.mint_claim) request.mintClaim = { id: r.mint_claim as string, at: at(r.mint_claimed_at) };
  return request;
}

export async function createRequest(
  input: { form: RequestForm; justification: string; requester: Person; id?: string },
  now: Date,
  sql: Sql = storage(),
): Promise<StoredRequest> {
  const r = input.requester;
  const id = input.id ?? randomUUID();
  await sql.run(
    `INSERT INTO access_requests (id, state, version, connection_id, org_id, form, fingerprint, justification,
       requester_id, requester_name, requester_email, requester_role, created_at, updated_at)
     VALUES (?, 'pending', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
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
    ],
  );
  return (await getRequest(id, sql))!;
}

/** A new request from a parsed submission, if the rules let this person make it (viewers may not). */
export async function submitRequest(
  submission: RequestSubmission,
  actor: Actor,
  now: Date,
  settings: RequestSettings,
  sql: Sql = storage(),
): Promise<StoreOutcome> {
  if (actor.kind !== 'person') return { ok: false, reason: 'role', message: 'Only a signed-in person can request a token.' };
  const id = randomUUID();
  const draft: AccessRequest = { id, state: 'pending', version: 0, ...submission, requester: actor.person, createdAt: now, updatedAt: now };
  const decision = decideRequestStep({ kind: 'create' }, actor, draft, now, settings);
  if (!decision.allowed) return { ok: false, reason: decision.reason, message: decision.message };
  return { ok: true, request: await createRequest({ ...submission, requester: actor.person, id }, now, sql) };
}

export async function getRequest(id: string, sql: Sql = storage()): Promise<StoredRequest | undefined> {
  const row = await sql.get<Row>('SELECT * FROM access_requests WHERE id = ?', [id]);
  return row ? toRequest(row) : undefined;
}

/** A person's own requests, newest first. */
export async function requestsOf(requesterId: string, sql: Sql = storage()): Promise<StoredRequest[]> {
  const rows = await sql.all<Row>('SELECT * FROM access_requests WHERE requester_id = ? ORDER BY created_at DESC, id LIMIT 100', [
    requesterId,
  ]);
  return rows.map(toRequest);
}

export interface QueueOptions {
  now: Date;
  pendingTtlMs: number;
  /** The reviewer: their own requests are not theirs to review, so not in their queue or count. */
  reviewerId?: string;
}

function queueWhere(o: QueueOptions): { where: string; params: SqlValue[] } {
  const params: SqlValue[] = [o.now.getTime() - o.pendingTtlMs];
  let where = `state = 'pending' AND updated_at > ?`;
  if (o.reviewerId !== undefined) {
    where += ' AND requester_id <> ?';
    params.push(o.reviewerId);
  }
  return { where, params };
}

/** What waits for review (not yet overdue), oldest first. */
export async function reviewQueue(options: QueueOptions, sql: Sql = storage()): Promise<StoredRequest[]> {
  const { where, params } = queueWhere(options);
  const rows = await sql.all<Row>(`SELECT * FROM access_requests WHERE ${where} ORDER BY created_at, id LIMIT 200`, params);
  return rows.map(toRequest);
}

/** The number beside "Requests" in the navigation. */
export async function pendingCount(options: QueueOptions, sql: Sql = storage()): Promise<number> {
  const { where, params } = queueWhere(options);
  const row = await sql.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM access_requests WHERE ${where}`, params);
  return Number(row?.n ?? 0);
}

type StoreStep = Exclude<RequestStep, { kind: 'create' } | { kind: 'mint' }>;

/**
 * Decides `step` against the request as the caller loaded it and writes the result only if the
 * row is still in that state and version (and holds the same mint claim, if any).
 */
export async function commitStep(
  loaded: StoredRequest,
  step: StoreStep,
  actor: Actor,
  now: Date,
  settings: RequestSettings,
  sql: Sql = storage(),
): Promise<StoreOutcome> {
  if (loaded.mintClaim && !(step.kind === 'expire' && now.getTime() >= loaded.mintClaim.at.getTime() + MINT_CLAIM_LEASE_MS)) {
    return { ok: false, reason: 'state', message: 'The token of this request is being created right now.' };
  }
  const decision = decideRequestStep(step, actor, loaded, now, settings);
  if (!decision.allowed) return { ok: false, reason: decision.reason, message: decision.message };
  const next = applyRequestStep(loaded, step, actor, now);
  const rv = next.reviewer;
  // `mint_claim IS ?` is SQLite only; the claim condition is written out per case instead.
  const claim = loaded.mintClaim ? 'mint_claim = ?' : 'mint_claim IS NULL';
  const { changes } = await sql.run(
    `UPDATE access_requests SET state = ?, version = ?, form = ?, fingerprint = ?, connection_id = ?, org_id = ?,
       justification = ?, updated_at = ?, reviewer_id = ?, reviewer_name = ?, reviewer_email = ?, reviewer_role = ?,
       reviewed_at = ?, review_note = ?, approved_fingerprint = ?
     WHERE id = ? AND state = ? AND version = ? AND ${claim}`,
    [
      next.state,
      next.version,
      formJson(next.form),
      formFingerprint(next.form),
      next.form.connectionId,
      next.form.orgID,
      next.justification,
      now.getTime(),
      rv?.id ?? null,
      rv?.name ?? null,
      rv?.email ?? null,
      rv?.role ?? null,
      next.reviewedAt?.getTime() ?? null,
      next.reviewNote ?? null,
      next.approvedFingerprint ?? null,
      loaded.id,
      loaded.state,
      loaded.version,
      ...(loaded.mintClaim ? [loaded.mintClaim.id] : []),
    ],
  );
  if (changes !== 1) return CONFLICT;
  return { ok: true, request: (await getRequest(loaded.id, sql))! };
}

/** Loads the request and commits the step. */
export async function performStep(
  id: string,
  step: StoreStep,
  actor: Actor,
  now: Date,
  settings: RequestSettings,
  sql: Sql = storage(),
): Promise<StoreOutcome> {
  const loaded = await getRequest(id, sql);
  return loaded ? commitStep(loaded, step, actor, now, settings, sql) : NOT_FOUND;
}

/**
 * Takes the approved request for one mint of `form` by `actor`. On success the caller mints in
 * InfluxDB, then calls finishMint (or releaseMintClaim if InfluxDB surely created nothing).
 */
export async function claimMint(
  loaded: StoredRequest,
  form: RequestForm,
  actor: Actor,
  now: Date,
  settings: RequestSettings,
  claimId: string,
  sql: Sql = storage(),
): Promise<StoreOutcome> {
  if (loaded.mintClaim) return { ok: false, reason: 'state', message: 'The token of this request is being created right now.' };
  const decision = decideRequestStep({ kind: 'mint', form }, actor, loaded, now, settings);
  if (!decision.allowed) return { ok: false, reason: decision.reason, message: decision.message };
  const { changes } = await sql.run(
    `UPDATE access_requests SET mint_claim = ?, mint_claimed_at = ?, version = version + 1, updated_at = ?
     WHERE id = ? AND state = ? AND version = ? AND mint_claim IS NULL`,
    [claimId, now.getTime(), now.getTime(), loaded.id, loaded.state, loaded.version],
  );
  if (changes !== 1) return CONFLICT;
  return { ok: true, request: (await getRequest(loaded.id, sql))! };
}

/** Records the minted token's id (never its value); the request is then used. */
export async function finishMint(
  id: string,
  claimId: string,
  authorizationId: string,
  now: Date,
  sql: Sql = storage(),
): Promise<StoredRequest | undefined> {
  const { changes } = await sql.run(
    `UPDATE access_requests SET state = 'minted', version = version + 1, updated_at = ?, minted_at = ?, authorization_id = ?,
       mint_claim = NULL, mint_claimed_at = NULL
     WHERE id = ? AND mint_claim = ? AND state IN ('approved', 'approved-narrowed')`,
    [now.getTime(), now.getTime(), authorizationId, id, claimId],
  );
  return changes === 1 ? getRequest(id, sql) : undefined;
}

/** Gives a claim back after a mint that surely created nothing (refused by InfluxDB, say). */
export async function releaseMintClaim(id: string, claimId: string, now: Date, sql: Sql = storage()): Promise<boolean> {
  const { changes } = await sql.run(
    `UPDATE access_requests SET mint_claim = NULL, mint_claimed_at = NULL, version = version + 1, updated_at = ? WHERE id = ? AND mint_claim = ?`,
    [now.getTime(), id, claimId],
  );
  return changes === 1;
}

/** Expires what nobody acted on in time; returns the requests it expired (for audit and notices). */
export async function expireDue(now: Date, settings: RequestSettings, sql: Sql = storage()): Promise<StoredRequest[]> {
  const rows = await sql.all<Row>(
    `SELECT * FROM access_requests
     WHERE (state = 'pending' AND updated_at <= ?)
        OR (state IN ('approved', 'approved-narrowed') AND reviewed_at <= ?
            AND (mint_claim IS NULL OR mint_claimed_at <= ?))`,
    [now.getTime() - settings.pendingTtlMs, now.getTime() - settings.mintWindowMs, now.getTime() - MINT_CLAIM_LEASE_MS],
  );
  const expired: StoredRequest[] = [];
  for (const r of rows.map(toRequest)) {
    const outcome = await commitStep(r, { kind: 'expire' }, { kind: 'system' }, now, settings, sql);
    if (outcome.ok) expired.push(outcome.request);
  }
  return expired;
}
