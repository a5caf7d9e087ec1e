// Delivering a token InfluxDB just created into a secret store, and the three ways on when that
// write fails: write again, show the value once, delete the token. Numbered steps, dependencies
// passed in (the integration tests run it against a real OpenBao and influxd), one result shape,
// like lib/tokens/mint-token.ts. Free of Next.js.
//
// The value goes from the mint result into the store request and nowhere else: not the audit row,
// not the deliveries table, not the answer to the browser (except "show once", by the person's
// explicit choice). After a failed write it waits in this process's memory (held-values.ts).
import type { ActionContext } from '@/lib/actions/define-action';
import { fail, ok, type ActionResult } from '@/lib/actions/result';
import type { AuditEvent } from '@/lib/storage/audit';
import type { NewDelivery } from '@/lib/storage/secret-deliveries';
import type { RotationInput } from '@/lib/storage/secret-rotations';
import type { MintedSummary, MintedToken } from '@/lib/tokens/minted';
import { deliveryOutcome, type DeliveryOutcome } from './delivery-outcome';
import { secretData, type DeliveryRequest } from './delivery-request';
import { countAttempt, dropValue, holdValue, peekHeld, takeHeld, type Held } from './held-values';
import type { KvClient, StoreResult } from './kv-client';
import type { SecretStore } from './store-config';

export const DELIVER_AUDIT_ACTION = 'token.deliver';

/** Everything a follow-up needs besides the value, kept with it. */
export interface DeliveryContext {
  store: SecretStore;
  request: DeliveryRequest;
  /** kv: the checked path under the mount. */
  path: string | null;
  summary: MintedSummary;
  connectionID: string;
  influxUrl: string;
}

export interface DeliverDeps {
  client: Pick<KvClient, 'write' | 'wrap'>;
  record(d: NewDelivery): Promise<unknown>;
  audit(e: Omit<AuditEvent, 'requestId' | 'actor'>): Promise<void> | void;
  /** Makes the new token the one a path's rotation replaces from now on (kv deliveries). */
  keepRotating?(r: RotationInput, now: number): Promise<unknown>;
  /** Deletes the token in InfluxDB (the "delete the token" choice); a 404 counts as done. */
  deleteToken?(authorizationID: string): Promise<void>;
  now?: () => number;
}

export type Delivered =
  | { kind: 'kv'; summary: MintedSummary; storeLabel: string; where: string; version: number; headline: string; detail: string }
  | {
      kind: 'wrap';
      summary: MintedSummary;
      storeLabel: string;
      /** Single use: the person sends it to whoever should have the token. */
      wrappingToken: string;
      expiresAt: string;
      headline: string;
      detail: string;
    };

export interface DeliveryHalfDone {
  operationId: string;
  summary: MintedSummary;
  outcome: Extract<DeliveryOutcome, { kind: 'half-done' }>;
}

export type DeliverResult = ActionResult<Delivered, DeliveryHalfDone>;

const where = (c: DeliveryContext) => (c.request.kind === 'kv' ? `${c.store.mount}/${c.path}` : 'response wrapping');

/** The audit detail of a delivery step: where, never what. */
const auditDetail = (c: DeliveryContext, extra: Record<string, unknown>) => ({
  connection: c.connectionID,
  store: c.store.id,
  kind: c.request.kind,
  ...(c.path ? { path: `${c.store.mount}/${c.path}` } : {}),
  key: c.request.key,
  withUrlAndOrg: c.request.withUrlAndOrg,
  ...extra,
});

async function attempt(
  value: string,
  c: DeliveryContext,
  deps: DeliverDeps,
): Promise<StoreResult<{ version: number } | { token: string; accessor: string; expiresAt: string }>> {
  const data = secretData(c.request, value, { url: c.influxUrl, orgID: c.summary.orgID });
  if (c.request.kind === 'kv') return deps.client.write(c.path!, data);
  return deps.client.wrap(data, c.request.ttlSeconds);
}

async function finish(
  result: { version: number } | { token: string; accessor: string; expiresAt: string },
  c: DeliveryContext,
  ctx: ActionContext,
  deps: DeliverDeps,
  attempts: number,
): Promise<Delivered> {
  const base = {
    connectionID: c.connectionID,
    orgID: c.summary.orgID,
    authorizationID: c.summary.id,
    storeID: c.store.id,
    keyName: c.request.key,
    deliveredBy: ctx.user.id,
  };
  const now = deps.now?.() ?? Date.now();
  let warning = '';
  const store = async (d: NewDelivery, detail: Record<string, unknown>) => {
    try {
      await deps.record(d);
      await deps.audit({
        action: DELIVER_AUDIT_ACTION,
        outcome: 'success',
        orgID: c.summary.orgID,
        authorizationID: c.summary.id,
        detail: auditDetail(c, { ...detail, attempts }),
      });
    } catch {
      // The token is in the store: the person must hear that, and that the console's record is missing.
      warning = ' The console could not record this delivery; tell an administrator.';
    }
  };
  if ('version' in result) {
    await store(
      { ...base, kind: 'kv', path: c.path, version: result.version, wrapAccessor: null, wrapExpiresAt: null },
      { version: result.version },
    );
    if (c.request.kind === 'kv' && deps.keepRotating) {
      const r = c.request;
      await deps
        .keepRotating(
          {
            connectionID: c.connectionID,
            orgID: c.summary.orgID,
            storeID: c.store.id,
            path: c.path!,
            keyName: r.key,
            withUrlAndOrg: r.withUrlAndOrg,
            authorizationID: c.summary.id,
            everySeconds: r.rotateEverySeconds ?? null,
            graceSeconds: r.graceSeconds,
            createdBy: ctx.user.id,
          },
          now,
        )
        .catch(() => {
          warning += ' The console could not record the path for rotation; tell an administrator.';
        });
    }
    const words = deliveryOutcome({
      store: c.store,
      path: c.path!,
      key: c.request.key,
      tokenDescription: c.summary.description,
      attempts,
      valueHeldUntil: null,
      now,
      result: { ok: true, version: result.version },
    });
    return {
      kind: 'kv',
      summary: c.summary,
      storeLabel: c.store.label,
      where: where(c),
      version: result.version,
      headline: words.headline,
      detail: words.detail + warning,
    };
  }
  await store(
    { ...base, kind: 'wrap', path: null, version: null, wrapAccessor: result.accessor, wrapExpiresAt: result.expiresAt },
    { expiresAt: result.expiresAt },
  );
  return {
    kind: 'wrap',
    summary: c.summary,
    storeLabel: c.store.label,
    wrappingToken: result.token,
    expiresAt: result.expiresAt,
    headline: `Wrapped in “${c.store.label}” for someone else.`,
    detail: `Send this wrapping token to the person who should have the token. It works once, until ${result.expiresAt.replace('T', ' ').slice(0, 16)} UTC: they unwrap it with \`bao unwrap\` (or \`vault unwrap\`) against ${c.store.address} and get the value under “${c.request.key}”. The console keeps neither the value nor this wrapping token.${warning}`,
  };
}

function halfDone(
  held: Held<DeliveryContext>,
  problem: Extract<StoreResult<object>, { ok: false }>['problem'],
  now: number,
): DeliverResult {
  const c = held.context;
  const outcome = deliveryOutcome({
    store: c.store,
    path: c.path ?? 'response wrapping',
    key: c.request.key,
    tokenDescription: c.summary.description,
    attempts: held.attempts,
    valueHeldUntil: held.value === null ? null : new Date(held.heldUntil).toISOString(),
    now,
    result: { ok: false, problem },
  }) as DeliveryHalfDone['outcome'];
  return fail('upstream', outcome.headline, { partial: { operationId: held.operationId, summary: c.summary, outcome } });
}

/** Steps after a successful mint: 1. write (or wrap), 2a. record and audit, or 2b. hold and offer. */
export async function deliverMinted(
  minted: MintedToken,
  c: Omit<DeliveryContext, 'summary'>,
  ctx: ActionContext,
  deps: DeliverDeps,
): Promise<DeliverResult> {
  const { token, ...summary } = minted;
  const context: DeliveryContext = { ...c, summary };
  const result = await attempt(token, context, deps);
  if (result.ok) return ok(await finish(result, context, ctx, deps, 1));

  const now = deps.now?.() ?? Date.now();
  const held = holdValue<DeliveryContext>({ operationId: ctx.requestId, userId: ctx.user.id, value: token, attempts: 1, context }, now);
  await auditQuietly(deps, {
    action: DELIVER_AUDIT_ACTION,
    outcome: 'failure',
    orgID: summary.orgID,
    authorizationID: summary.id,
    detail: auditDetail(context, { problem: result.problem.code, attempts: 1, operation: ctx.requestId }),
  });
  return halfDone(held, result.problem, now);
}

const GONE =
  'The console no longer holds anything for this delivery (too much time passed, it was settled already, or the console restarted). The token itself is in the inventory: delete it there if nobody has it.';

/** "Write again": the held value to the same place. */
export async function retryDelivery(operationId: string, ctx: ActionContext, deps: DeliverDeps): Promise<DeliverResult> {
  const now = deps.now?.() ?? Date.now();
  const held = peekHeld<DeliveryContext>(operationId, ctx.user.id, now);
  if (!held) return fail('not-found', GONE);
  if (held.value === null) return halfDone(held, { code: 'unexpected', status: 0, error: 'the value is no longer held' }, now);
  countAttempt(operationId);
  const result = await attempt(held.value, held.context, deps);
  if (result.ok) {
    takeHeld(operationId, ctx.user.id, now);
    return ok(await finish(result, held.context, ctx, deps, held.attempts));
  }
  await auditQuietly(deps, {
    action: DELIVER_AUDIT_ACTION,
    outcome: 'failure',
    orgID: held.context.summary.orgID,
    authorizationID: held.context.summary.id,
    detail: auditDetail(held.context, { problem: result.problem.code, attempts: held.attempts, operation: operationId }),
  });
  return halfDone(held, result.problem, now);
}

/** "Show the value once": the one answer that carries the value; the console forgets it here. */
export async function showHeldValue(operationId: string, ctx: ActionContext, deps: Pick<DeliverDeps, 'audit' | 'now'>) {
  const now = deps.now?.() ?? Date.now();
  const held = peekHeld<DeliveryContext>(operationId, ctx.user.id, now);
  if (!held) return fail('not-found', GONE);
  if (held.value === null) return fail('not-found', 'The console no longer holds the value (shown already, or its time ran out).');
  const value = held.value;
  dropValue(operationId);
  await auditQuietly(deps, {
    action: DELIVER_AUDIT_ACTION,
    outcome: 'success',
    orgID: held.context.summary.orgID,
    authorizationID: held.context.summary.id,
    detail: auditDetail(held.context, { choice: 'show-once', operation: operationId }),
  });
  const token: MintedToken = { ...held.context.summary, token: value };
  return ok(token);
}

/** "Delete the token": gone in InfluxDB, and nothing of the attempt kept. */
export async function deleteHeldToken(
  operationId: string,
  ctx: ActionContext,
  deps: Pick<DeliverDeps, 'audit' | 'deleteToken' | 'now'>,
): Promise<ActionResult<{ id: string; description: string }>> {
  const now = deps.now?.() ?? Date.now();
  const held = peekHeld<DeliveryContext>(operationId, ctx.user.id, now);
  if (!held) return fail('not-found', GONE);
  const { summary } = held.context;
  try {
    await deps.deleteToken!(summary.id);
  } catch (error) {
    await auditQuietly(deps, {
      action: 'token.delete',
      outcome: 'failure',
      orgID: summary.orgID,
      authorizationID: summary.id,
      detail: { reason: 'delivery-abandoned', operation: operationId, connection: held.context.connectionID },
    });
    throw error;
  }
  takeHeld(operationId, ctx.user.id, now);
  await auditQuietly(deps, {
    action: 'token.delete',
    outcome: 'success',
    orgID: summary.orgID,
    authorizationID: summary.id,
    detail: { reason: 'delivery-abandoned', operation: operationId, connection: held.context.connectionID },
  });
  return ok({ id: summary.id, description: summary.description });
}

async function auditQuietly(deps: Pick<DeliverDeps, 'audit'>, e: Parameters<DeliverDeps['audit']>[0]) {
  try {
    await deps.audit(e);
  } catch {
    // Refusals and failures are audited best-effort (as in mint-token.ts): the person still gets the answer.
  }
}
