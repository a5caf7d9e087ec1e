// The inventory's operations on existing tokens, after the action wrapper checked origin, session,
// the role (through the policy), input and rate limit. Each one loads the token from InfluxDB (only
// tokens of the console's org; never an id trusted from the browser), asks the policy about THAT
// token, acts, keeps the inventory's list in step, and leaves an audit row (never a token value).
// Free of Next.js: dependencies come in, so integration tests run these against a real influxd.
import type { ActionContext } from '@/lib/actions/define-action';
import { fail, ok, type ActionResult } from '@/lib/actions/result';
import type { AuthorizationSummary, PermissionDTO } from '@/lib/influx/dto';
import { InfluxError } from '@/lib/influx/errors';
import type { Gateway } from '@/lib/influx/gateway';
import { logger } from '@/lib/log/logger';
import type { GrantPolicy } from '@/lib/policy/grant-policy';
import { decide, type Operation } from '@/lib/policy/operations';
import { factsOfToken, type FactsContext } from '@/lib/policy/token-facts';
import type { AuditEvent } from '@/lib/storage/audit';
import { claimFormKey, settleFormKey } from '@/lib/storage/form-keys';
import { cancelSchedule, getSchedule } from '@/lib/storage/scheduled-deactivations';
import type { Sql } from '@/lib/storage/sql';
import { alreadyUsedMessage } from '@/lib/tokens/mint-token';
import {
  RefusedError,
  cloneAuthorization,
  cloneDescription,
  forEachToken,
  replaceAuthorization,
  type ItemResult,
  type OriginalOutcome,
} from './operations';

const GONE = 'This token no longer exists in InfluxDB (it may have been deleted meanwhile). Reload the list.';

export interface InventoryDeps {
  /** The connection as stored in the console's tables (absent: 'default'). */
  connectionID?: string;
  gateway: Pick<Gateway, 'getAuthorization' | 'updateAuthorization' | 'deleteAuthorization' | 'createAuthorization'>;
  sql: Sql;
  /** The console's default org: the only org whose tokens these operations touch. */
  org(): Promise<{ id: string; name: string }>;
  facts(): Promise<Omit<FactsContext, 'resourceTypes'> & { resourceTypes: readonly string[] }>;
  /** The inventory's kept list. */
  kept: {
    upsert(orgID: string, a: AuthorizationSummary): void;
    status(orgID: string, id: string, status: 'active' | 'inactive', updatedAt?: string): void;
    description(orgID: string, id: string, description: string, updatedAt?: string): void;
    remove(orgID: string, ids: readonly string[]): void;
    descriptions(orgID: string): Promise<Map<string, string>>;
  };
  audit(event: AuditEvent): Promise<void>;
  schedule(input: {
    orgID: string;
    authorizationID: string;
    replacementID: string;
    description: string;
    dueAt: number;
    ctx: ActionContext;
  }): Promise<number>;
  minGraceSeconds: number;
  policy: GrantPolicy;
}

type Found = { token: AuthorizationSummary; org: { id: string; name: string } };

/** The token, if it exists in the console's org; the kept list learns what was just read. */
async function findOrgToken(id: string, deps: InventoryDeps): Promise<Found | undefined> {
  const org = await deps.org();
  const token = await deps.gateway.getAuthorization(id);
  if (!token || token.orgID !== org.id) return undefined;
  deps.kept.upsert(org.id, token);
  return { token, org };
}

async function gone(id: string, deps: InventoryDeps) {
  deps.kept.remove((await deps.org()).id, [id]);
  return fail('not-found', GONE);
}

/** Asks the policy about this token; a refusal is audited and answered in its words. */
async function authorise(op: Operation, found: Found, ctx: ActionContext, deps: InventoryDeps, audit: Audit) {
  const decision = decide(ctx.user.role, op, deps.policy, factsOfToken(found.token, await deps.facts()));
  if (decision.allowed) return undefined;
  await audit({
    action: op,
    outcome: 'refused',
    orgID: found.org.id,
    authorizationID: found.token.id,
    detail: { reason: `policy-${decision.reason}` },
  });
  logger.warn('refused by policy', { requestId: ctx.requestId, user: ctx.user.id, op, reason: decision.reason });
  return decision.message;
}

type Audit = (event: Omit<AuditEvent, 'requestId' | 'actor'>) => Promise<void>;

/**
 * Audit rows are written after InfluxDB answered. If the write fails the change has still
 * happened (and a new token's value must still reach its dialog), so the failure is flagged in the
 * server log with the request id instead of turning a done change into an error.
 */
function auditor(ctx: ActionContext, deps: InventoryDeps): Audit {
  return async (event) => {
    try {
      await deps.audit({ requestId: ctx.requestId, actor: ctx.user, ...event });
    } catch (error) {
      logger.error('audit write failed', { requestId: ctx.requestId, action: event.action, outcome: event.outcome, error: String(error) });
    }
  };
}

/** Permissions for the audit trail, spaced so the log redactor does not take ids for secrets. */
export const permissionsForAudit = (perms: readonly PermissionDTO[]) =>
  perms.map(
    (p) =>
      `${p.action} ${p.resource.type}${p.resource.id ? ` ${p.resource.id}` : ''}${p.resource.orgID ? ` org ${p.resource.orgID}` : p.resource.id ? '' : ' (every org)'}`,
  );

/** Runs an upstream change; a failure is audited, then re-thrown for defineAction to word. */
async function audited<T>(audit: Audit, event: Omit<AuditEvent, 'requestId' | 'actor' | 'outcome'>, fn: () => Promise<T>): Promise<T> {
  try {
    const result = await fn();
    await audit({ ...event, outcome: 'success' });
    return result;
  } catch (error) {
    const unknown = error instanceof InfluxError && error.outcomeUnknown;
    await audit({
      ...event,
      outcome: unknown ? 'unknown' : 'failure',
      detail: { ...event.detail, problem: error instanceof InfluxError ? `${error.kind} ${error.status ?? ''}`.trim() : 'unexpected' },
    });
    throw error;
  }
}

// ---- single-token changes --------------------------------------------------------------------

export async function setTokenStatus(input: { id: string; status: 'active' | 'inactive' }, ctx: ActionContext, deps: InventoryDeps) {
  const audit = auditor(ctx, deps);
  const found = await findOrgToken(input.id, deps);
  if (!found) return gone(input.id, deps);
  const op = input.status === 'active' ? 'token.activate' : 'token.deactivate';
  const refused = await authorise(op, found, ctx, deps, audit);
  if (refused) return fail('forbidden', refused);
  const updated = await audited(
    audit,
    {
      action: op,
      orgID: found.org.id,
      authorizationID: input.id,
      detail: { description: found.token.description, from: found.token.status, to: input.status },
    },
    () => deps.gateway.updateAuthorization(input.id, { status: input.status }),
  );
  deps.kept.status(found.org.id, input.id, updated.status, updated.updatedAt);
  return ok({ id: input.id, status: updated.status, updatedAt: updated.updatedAt ?? null });
}

export async function editDescription(input: { id: string; description: string }, ctx: ActionContext, deps: InventoryDeps) {
  const audit = auditor(ctx, deps);
  const found = await findOrgToken(input.id, deps);
  if (!found) return gone(input.id, deps);
  const refused = await authorise('token.describe', found, ctx, deps, audit);
  if (refused) return fail('forbidden', refused);
  const updated = await audited(
    audit,
    {
      action: 'token.describe',
      orgID: found.org.id,
      authorizationID: input.id,
      detail: { from: found.token.description, to: input.description },
    },
    () => deps.gateway.updateAuthorization(input.id, { description: input.description }),
  );
  deps.kept.description(found.org.id, input.id, updated.description, updated.updatedAt);
  return ok({ id: input.id, description: updated.description, updatedAt: updated.updatedAt ?? null });
}

export async function deleteToken(input: { id: string }, ctx: ActionContext, deps: InventoryDeps) {
  const audit = auditor(ctx, deps);
  const found = await findOrgToken(input.id, deps);
  if (!found) return gone(input.id, deps);
  const refused = await authorise('token.delete', found, ctx, deps, audit);
  if (refused) return fail('forbidden', refused);
  await audited(
    audit,
    {
      action: 'token.delete',
      orgID: found.org.id,
      authorizationID: input.id,
      detail: {
        description: found.token.description,
        status: found.token.status,
        permissions: permissionsForAudit(found.token.permissions),
      },
    },
    () => deps.gateway.deleteAuthorization(input.id),
  );
  deps.kept.remove(found.org.id, [input.id]);
  return ok({ id: input.id });
}

// ---- bulk ----------------------------------------------------------------------------------

/** Each token on its own: loaded, asked about (the same decision as one at a time), changed. */
async function bulk(
  ids: string[],
  op: 'token.deactivate' | 'token.delete',
  ctx: ActionContext,
  deps: InventoryDeps,
  step: (token: AuthorizationSummary, orgID: string, audit: Audit) => Promise<void>,
): Promise<ItemResult[]> {
  const audit = auditor(ctx, deps);
  const org = await deps.org();
  const names = await deps.kept.descriptions(org.id);
  return forEachToken(
    ids,
    (id) => names.get(id) ?? id,
    async (id) => {
      const found = await findOrgToken(id, deps);
      if (!found) {
        deps.kept.remove(org.id, [id]);
        throw new RefusedError(GONE);
      }
      names.set(id, found.token.description);
      const refused = await authorise(op, found, ctx, deps, audit);
      if (refused) throw new RefusedError(refused);
      await step(found.token, org.id, audit);
    },
    op === 'token.delete' ? 'delete the token' : 'deactivate the token',
  );
}

export async function bulkDeactivate(input: { ids: string[] }, ctx: ActionContext, deps: InventoryDeps) {
  const results = await bulk(input.ids, 'token.deactivate', ctx, deps, async (token, orgID, audit) => {
    const updated = await audited(
      audit,
      {
        action: 'token.deactivate',
        orgID,
        authorizationID: token.id,
        detail: { description: token.description, from: token.status, to: 'inactive', bulk: true },
      },
      () => deps.gateway.updateAuthorization(token.id, { status: 'inactive' }),
    );
    deps.kept.status(orgID, token.id, 'inactive', updated.updatedAt);
  });
  return ok({ results });
}

export async function bulkDelete(input: { ids: string[] }, ctx: ActionContext, deps: InventoryDeps) {
  const results = await bulk(input.ids, 'token.delete', ctx, deps, async (token, orgID, audit) => {
    await audited(
      audit,
      {
        action: 'token.delete',
        orgID,
        authorizationID: token.id,
        detail: { description: token.description, status: token.status, permissions: permissionsForAudit(token.permissions), bulk: true },
      },
      () => deps.gateway.deleteAuthorization(token.id),
    );
    deps.kept.remove(orgID, [token.id]);
  });
  return ok({ results });
}

// ---- clone and replace (the only results that carry a token value) ---------------------------

/** What the one-time dialog needs. The value appears in this one response and nowhere else. */
export interface NewTokenResult {
  token: string;
  id: string;
  description: string;
  /** For the dialog's .env file and test command. */
  orgID: string;
  orgName: string;
}

export interface ReplaceTokenResult extends NewTokenResult {
  originalID: string;
  originalDescription: string;
  original: OriginalOutcome;
}

function outcomeUnknown(description: string) {
  return fail(
    'outcome-unknown',
    `InfluxDB did not answer in time, so the console cannot tell whether the new token "${description}" was created. Its value is lost either way: look for it in the list and delete it if it is there, then try again.`,
  );
}

/**
 * The dialog's one-time key: a second post of the same click (double submit, a replayed request)
 * makes no second token, exactly like the mint form. Claimed after every check, right before the
 * create call; settled by how that call ended.
 */
async function claim(formKey: string, ctx: ActionContext, deps: InventoryDeps, audit: Audit, found: Found, op: string) {
  const c = await claimFormKey(formKey, ctx.user.id, deps.sql);
  if (c.claimed) return undefined;
  await audit({
    action: op,
    outcome: 'refused',
    orgID: found.org.id,
    authorizationID: found.token.id,
    detail: { reason: 'form-already-used', keyState: c.state },
  });
  return fail('conflict', alreadyUsedMessage(c.state, c.sameActor, c.authorizationID));
}

async function settleAfterError(formKey: string, error: unknown, deps: InventoryDeps) {
  const unknown = !(error instanceof InfluxError) || error.outcomeUnknown;
  await settleFormKey(formKey, unknown ? 'unknown' : 'failed', undefined, deps.sql);
}

export async function cloneToken(
  input: { id: string; formKey: string },
  ctx: ActionContext,
  deps: InventoryDeps,
): Promise<ActionResult<NewTokenResult>> {
  const audit = auditor(ctx, deps);
  const found = await findOrgToken(input.id, deps);
  if (!found) return gone(input.id, deps);
  const refused = await authorise('token.clone', found, ctx, deps, audit);
  if (refused) return fail('forbidden', refused);
  const used = await claim(input.formKey, ctx, deps, audit, found, 'token.clone');
  if (used) return used;
  const description = cloneDescription(found.token.description, '(clone)');
  try {
    const minted = await audited(
      audit,
      {
        action: 'token.clone',
        orgID: found.org.id,
        authorizationID: input.id,
        detail: {
          cloneOf: input.id,
          description,
          owner: found.token.userID ?? null,
          permissions: permissionsForAudit(found.token.permissions),
        },
      },
      () => cloneAuthorization(deps.gateway, found.token, description),
    );
    await settleFormKey(input.formKey, 'minted', minted.authorization.id, deps.sql);
    await audit({
      action: 'token.create',
      outcome: 'success',
      orgID: found.org.id,
      authorizationID: minted.authorization.id,
      detail: { cloneOf: input.id, description },
    });
    deps.kept.upsert(found.org.id, minted.authorization);
    return ok<NewTokenResult>({
      token: minted.token,
      id: minted.authorization.id,
      description: minted.authorization.description,
      orgID: found.org.id,
      orgName: found.org.name,
    });
  } catch (error) {
    await settleAfterError(input.formKey, error, deps);
    if (error instanceof InfluxError && error.outcomeUnknown) return outcomeUnknown(description);
    throw error;
  }
}

export async function replaceToken(
  input: { id: string; graceSeconds: number; formKey: string },
  ctx: ActionContext,
  deps: InventoryDeps,
): Promise<ActionResult<ReplaceTokenResult>> {
  const { id, graceSeconds } = input;
  const audit = auditor(ctx, deps);
  const min = deps.minGraceSeconds;
  if (graceSeconds > 0 && graceSeconds < min) {
    return fail('invalid-input', `Choose "immediately" or a grace period of at least ${min} seconds.`, {
      fieldErrors: { graceSeconds: [`At least ${min} seconds`] },
    });
  }
  const found = await findOrgToken(id, deps);
  if (!found) return gone(id, deps);
  const refused = await authorise('token.replace', found, ctx, deps, audit);
  if (refused) return fail('forbidden', refused);
  const used = await claim(input.formKey, ctx, deps, audit, found, 'token.replace');
  if (used) return used;
  const description = cloneDescription(found.token.description, '(replacement)');
  let result;
  try {
    result = await replaceAuthorization(
      {
        gateway: deps.gateway,
        schedule: ({ originalID, replacementID, dueAt }) =>
          deps.schedule({
            orgID: found.org.id,
            authorizationID: originalID,
            replacementID,
            description: found.token.description,
            dueAt,
            ctx,
          }),
      },
      found.token,
      { graceSeconds, description },
    );
  } catch (error) {
    // The clone itself failed: nothing was changed.
    await settleAfterError(input.formKey, error, deps);
    await audit({
      action: 'token.replace',
      outcome: error instanceof InfluxError && error.outcomeUnknown ? 'unknown' : 'failure',
      orgID: found.org.id,
      authorizationID: id,
      detail: { step: 'clone', graceSeconds, problem: error instanceof InfluxError ? error.kind : 'unexpected' },
    });
    if (error instanceof InfluxError && error.outcomeUnknown) return outcomeUnknown(description);
    throw error;
  }
  const { minted, original } = result;
  await settleFormKey(input.formKey, 'minted', minted.authorization.id, deps.sql);
  deps.kept.upsert(found.org.id, minted.authorization);
  if (original.state === 'deactivated') deps.kept.status(found.org.id, id, 'inactive', original.updatedAt);
  await audit({
    action: 'token.create',
    outcome: 'success',
    orgID: found.org.id,
    authorizationID: minted.authorization.id,
    detail: { replaces: id, description },
  });
  await audit({
    action: 'token.replace',
    // Half done is not success: the original is still active and the person must choose.
    outcome: original.state === 'not-deactivated' ? 'failure' : 'success',
    orgID: found.org.id,
    authorizationID: id,
    detail: {
      replacementId: minted.authorization.id,
      graceSeconds,
      original: original.state,
      ...(original.state === 'scheduled' ? { dueAt: original.dueAt, scheduleId: original.scheduleId } : {}),
      ...(original.state === 'not-deactivated' ? { problem: original.problem } : {}),
      permissions: permissionsForAudit(found.token.permissions),
    },
  });
  return ok<ReplaceTokenResult>({
    token: minted.token,
    id: minted.authorization.id,
    description: minted.authorization.description,
    orgID: found.org.id,
    orgName: found.org.name,
    originalID: id,
    originalDescription: found.token.description,
    original,
  });
}

export async function cancelScheduledDeactivation(input: { scheduleId: number }, ctx: ActionContext, deps: InventoryDeps) {
  const audit = auditor(ctx, deps);
  const org = await deps.org();
  const existing = await getSchedule(input.scheduleId, deps.sql);
  if (!existing || existing.orgID !== org.id || existing.connectionID !== (deps.connectionID ?? 'default')) {
    return fail('not-found', 'That scheduled deactivation does not exist.');
  }
  const cancelled = await cancelSchedule(input.scheduleId, ctx.user.id, deps.sql);
  if (!cancelled) {
    return fail(
      'conflict',
      existing.state === 'pending'
        ? 'It is running right now.'
        : `It has already ${existing.state === 'cancelled' ? 'been cancelled' : 'run'}.`,
    );
  }
  await audit({
    action: 'schedule.cancel',
    outcome: 'success',
    orgID: org.id,
    authorizationID: cancelled.authorizationID,
    detail: { scheduleId: input.scheduleId, description: cancelled.description, dueAt: new Date(cancelled.dueAt).toISOString() },
  });
  return ok({ scheduleId: input.scheduleId, authorizationID: cancelled.authorizationID });
}
