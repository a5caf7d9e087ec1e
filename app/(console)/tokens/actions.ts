'use server';
// The inventory's server actions. Each is a public POST endpoint declared with defineAction
// (origin, schema, session, role, rate limit, error words), acts only on tokens of the console's
// org, and leaves an audit row for every change (never a token value).
// Roles: viewers read; creators activate, deactivate, clone and edit descriptions; admins also
// delete, replace, cancel scheduled deactivations and run bulk actions.
import { defineAction, type ActionContext } from '@/lib/actions/define-action';
import { fail, ok } from '@/lib/actions/result';
import { hasRole } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config/server-config';
import type { AuthorizationSummary, PermissionDTO } from '@/lib/influx/dto';
import { InfluxError } from '@/lib/influx/errors';
import { defaultOrgRef, influx } from '@/lib/influx/server';
import { logger } from '@/lib/log/logger';
import {
  bulkInput,
  cloneInput,
  describeInput,
  listTokensInput,
  replaceInput,
  scheduleIdInput,
  setStatusInput,
  tokenIdInput,
} from '@/lib/inventory/action-schemas';
import {
  RefusedError,
  cloneAuthorization,
  cloneDescription,
  forEachToken,
  replaceAuthorization,
  type ItemResult,
  type OriginalOutcome,
} from '@/lib/inventory/operations';
import { descriptionsById, findOrgToken, loadTokenDetailView, type TokenDetailView } from '@/lib/inventory/server';
import {
  upsertInventory,
  inventoryPage,
  patchInventoryDescription,
  patchInventoryStatus,
  removeFromInventory,
} from '@/lib/inventory/store';
import { sensitiveLabels } from '@/lib/inventory/summary';
import type { InventoryPage } from '@/lib/inventory/types';
import { recordAudit, type AuditEvent } from '@/lib/storage/audit';
import { cancelSchedule, getSchedule, scheduleDeactivation } from '@/lib/storage/scheduled-deactivations';

const GONE = 'This token no longer exists in InfluxDB (it may have been deleted meanwhile). Reload the list.';
const CONSOLE_CREDENTIAL =
  "This is the console's own InfluxDB credential. Switching it off or deleting it here would lock the console out; an InfluxDB operator must change it.";

/**
 * Audit rows are written after InfluxDB answered. If the write fails the change has still
 * happened (and a new token's value must still reach its dialog), so the failure is flagged in the
 * server log with the request id instead of turning a done change into an error.
 */
function audit(ctx: ActionContext, event: Omit<AuditEvent, 'requestId' | 'actor'>) {
  try {
    recordAudit({ requestId: ctx.requestId, actor: ctx.user, ...event });
  } catch (error) {
    logger.error('audit write failed', { requestId: ctx.requestId, action: event.action, outcome: event.outcome, error: String(error) });
  }
}

/** Permissions for the audit trail, spaced so the log redactor does not take ids for secrets. */
const permissionsForAudit = (perms: readonly PermissionDTO[]) =>
  perms.map((p) => `${p.action} ${p.resource.type}${p.resource.id ? ` ${p.resource.id}` : ''}${p.resource.orgID ? ` org ${p.resource.orgID}` : p.resource.id ? '' : ' (every org)'}`);

/** The token is not (or no longer) in InfluxDB: drop it from the kept list too, and say so. */
async function gone(id: string) {
  removeFromInventory((await defaultOrgRef()).id, [id]);
  return fail('not-found', GONE);
}

const isConsoleCredential = (id: string) => getConfig().INFLUX_TOKEN_ID === id;

/** Runs an upstream change; a failure is audited, then re-thrown for defineAction to word. */
async function audited<T>(ctx: ActionContext, event: Omit<AuditEvent, 'requestId' | 'actor' | 'outcome'>, fn: () => Promise<T>): Promise<T> {
  try {
    const result = await fn();
    audit(ctx, { ...event, outcome: 'success' });
    return result;
  } catch (error) {
    const unknown = error instanceof InfluxError && error.outcomeUnknown;
    audit(ctx, {
      ...event,
      outcome: unknown ? 'unknown' : 'failure',
      detail: { ...event.detail, problem: error instanceof InfluxError ? `${error.kind} ${error.status ?? ''}`.trim() : 'unexpected' },
    });
    throw error;
  }
}

// ---- reads ---------------------------------------------------------------------------------

export const listTokens = defineAction(
  { name: 'tokens.list', schema: listTokensInput, role: 'viewer', mutates: false, doing: 'list tokens', perMinute: 600 },
  async ({ refresh, ...query }) => {
    const org = await defaultOrgRef();
    return ok<InventoryPage>(await inventoryPage(org.id, query, { refresh }));
  },
);

export const getToken = defineAction(
  { name: 'tokens.get', schema: tokenIdInput, role: 'viewer', mutates: false, doing: 'load the token', perMinute: 300 },
  async ({ id }) => {
    const detail = await loadTokenDetailView(id);
    return detail ? ok<TokenDetailView>(detail) : await gone(id);
  },
);

// ---- single-token changes --------------------------------------------------------------------

export const setTokenStatus = defineAction(
  { name: 'tokens.set-status', schema: setStatusInput, role: 'creator', doing: 'change the token status' },
  async ({ id, status }, ctx) => {
    if (status === 'inactive' && isConsoleCredential(id)) return fail('forbidden', CONSOLE_CREDENTIAL);
    const found = await findOrgToken(id);
    if (!found) return gone(id);
    const updated = await audited(
      ctx,
      {
        action: status === 'active' ? 'token.activate' : 'token.deactivate',
        orgID: found.org.id,
        authorizationID: id,
        detail: { description: found.token.description, from: found.token.status, to: status },
      },
      () => influx().updateAuthorization(id, { status }),
    );
    patchInventoryStatus(found.org.id, id, updated.status, updated.updatedAt);
    return ok({ id, status: updated.status, updatedAt: updated.updatedAt ?? null });
  },
);

export const editDescription = defineAction(
  { name: 'tokens.describe', schema: describeInput, role: 'creator', doing: 'change the description' },
  async ({ id, description }, ctx) => {
    const found = await findOrgToken(id);
    if (!found) return gone(id);
    const updated = await audited(
      ctx,
      { action: 'token.describe', orgID: found.org.id, authorizationID: id, detail: { from: found.token.description, to: description } },
      () => influx().updateAuthorization(id, { description }),
    );
    patchInventoryDescription(found.org.id, id, updated.description, updated.updatedAt);
    return ok({ id, description: updated.description, updatedAt: updated.updatedAt ?? null });
  },
);

export const deleteToken = defineAction(
  { name: 'tokens.delete', schema: tokenIdInput, role: 'admin', doing: 'delete the token' },
  async ({ id }, ctx) => {
    if (isConsoleCredential(id)) return fail('forbidden', CONSOLE_CREDENTIAL);
    const found = await findOrgToken(id);
    if (!found) return gone(id);
    await audited(
      ctx,
      {
        action: 'token.delete',
        orgID: found.org.id,
        authorizationID: id,
        detail: { description: found.token.description, status: found.token.status, permissions: permissionsForAudit(found.token.permissions) },
      },
      () => influx().deleteAuthorization(id),
    );
    removeFromInventory(found.org.id, [id]);
    return ok({ id });
  },
);

// ---- bulk ----------------------------------------------------------------------------------

async function bulk(
  ids: string[],
  doing: string,
  step: (token: AuthorizationSummary, orgID: string) => Promise<void>,
): Promise<ItemResult[]> {
  const org = await defaultOrgRef();
  const names = await descriptionsById(org.id);
  return forEachToken(
    ids,
    (id) => names.get(id) ?? id,
    async (id) => {
      if (isConsoleCredential(id)) throw new RefusedError(CONSOLE_CREDENTIAL);
      const found = await findOrgToken(id);
      if (!found) {
        removeFromInventory(org.id, [id]);
        throw new RefusedError(GONE);
      }
      names.set(id, found.token.description);
      await step(found.token, org.id);
    },
    doing,
  );
}

export const bulkDeactivate = defineAction(
  { name: 'tokens.bulk-deactivate', schema: bulkInput, role: 'admin', doing: 'deactivate the tokens', perMinute: 20 },
  async ({ ids }, ctx) => {
    const results = await bulk(ids, 'deactivate the token', async (token, orgID) => {
      const updated = await audited(
        ctx,
        { action: 'token.deactivate', orgID, authorizationID: token.id, detail: { description: token.description, from: token.status, to: 'inactive', bulk: true } },
        () => influx().updateAuthorization(token.id, { status: 'inactive' }),
      );
      patchInventoryStatus(orgID, token.id, 'inactive', updated.updatedAt);
    });
    return ok({ results });
  },
);

export const bulkDelete = defineAction(
  { name: 'tokens.bulk-delete', schema: bulkInput, role: 'admin', doing: 'delete the tokens', perMinute: 20 },
  async ({ ids }, ctx) => {
    const results = await bulk(ids, 'delete the token', async (token, orgID) => {
      await audited(
        ctx,
        {
          action: 'token.delete',
          orgID,
          authorizationID: token.id,
          detail: { description: token.description, status: token.status, permissions: permissionsForAudit(token.permissions), bulk: true },
        },
        () => influx().deleteAuthorization(token.id),
      );
      removeFromInventory(orgID, [token.id]);
    });
    return ok({ results });
  },
);

// ---- clone and replace (the only results that carry a token value) ---------------------------

/** What the one-time dialog needs. The value appears in this one response and nowhere else. */
export interface NewTokenResult {
  token: string;
  id: string;
  description: string;
}

async function loadCloneSource(id: string, ctx: ActionContext) {
  if (isConsoleCredential(id)) {
    return { refused: fail('forbidden', "The console's own credential cannot be cloned: that would hand out a copy of the console's access.") };
  }
  const found = await findOrgToken(id);
  if (!found) return { refused: await gone(id) };
  // A copy of a token that can mint tokens, manage users or read secrets is itself such a token:
  // only admins may make one (creators still clone everything else).
  const sensitive = sensitiveLabels(found.token.permissions, { orgID: found.org.id, ownerUserID: found.token.userID, resourceTypes: [] });
  if (sensitive.length > 0 && !hasRole(ctx.user.role, 'admin')) {
    return {
      refused: fail('forbidden', `Only admins may copy a token with sensitive grants (${sensitive.map((s) => s.label).join(', ')}). You are signed in as a ${ctx.user.role}.`),
    };
  }
  return { found };
}

function outcomeUnknown(description: string) {
  return fail(
    'outcome-unknown',
    `InfluxDB did not answer in time, so the console cannot tell whether the new token "${description}" was created. Its value is lost either way: look for it in the list and delete it if it is there, then try again.`,
  );
}

export const cloneToken = defineAction(
  { name: 'tokens.clone', schema: cloneInput, role: 'creator', doing: 'clone the token', perMinute: 20 },
  async ({ id }, ctx) => {
    const { found, refused } = await loadCloneSource(id, ctx);
    if (!found) return refused;
    const description = cloneDescription(found.token.description, '(clone)');
    try {
      const minted = await audited(
        ctx,
        {
          action: 'token.clone',
          orgID: found.org.id,
          authorizationID: id,
          detail: { cloneOf: id, description, owner: found.token.userID ?? null, permissions: permissionsForAudit(found.token.permissions) },
        },
        () => cloneAuthorization(influx(), found.token, description),
      );
      audit(ctx, { action: 'token.create', outcome: 'success', orgID: found.org.id, authorizationID: minted.authorization.id, detail: { cloneOf: id, description } });
      upsertInventory(found.org.id, minted.authorization);
      return ok<NewTokenResult>({ token: minted.token, id: minted.authorization.id, description: minted.authorization.description });
    } catch (error) {
      if (error instanceof InfluxError && error.outcomeUnknown) return outcomeUnknown(description);
      throw error;
    }
  },
);

export interface ReplaceTokenResult extends NewTokenResult {
  originalID: string;
  originalDescription: string;
  original: OriginalOutcome;
}

export const replaceToken = defineAction(
  { name: 'tokens.replace', schema: replaceInput, role: 'admin', doing: 'replace the token', perMinute: 20 },
  async ({ id, graceSeconds }, ctx) => {
    const min = getConfig().CONSOLE_MIN_GRACE_SECONDS;
    if (graceSeconds > 0 && graceSeconds < min) {
      return fail('invalid-input', `Choose "immediately" or a grace period of at least ${min} seconds.`, {
        fieldErrors: { graceSeconds: [`At least ${min} seconds`] },
      });
    }
    const { found, refused } = await loadCloneSource(id, ctx);
    if (!found) return refused;
    const description = cloneDescription(found.token.description, '(replacement)');
    let result;
    try {
      result = await replaceAuthorization(
        {
          gateway: influx(),
          schedule: ({ originalID, replacementID, dueAt }) =>
            scheduleDeactivation({
              orgID: found.org.id,
              authorizationID: originalID,
              replacementID,
              description: found.token.description,
              dueAt,
              requestedBy: ctx.user,
              requestID: ctx.requestId,
            }).id,
        },
        found.token,
        { graceSeconds, description },
      );
    } catch (error) {
      // The clone itself failed: nothing was changed.
      audit(ctx, {
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
    upsertInventory(found.org.id, minted.authorization);
    if (original.state === 'deactivated') patchInventoryStatus(found.org.id, id, 'inactive', original.updatedAt);
    audit(ctx, { action: 'token.create', outcome: 'success', orgID: found.org.id, authorizationID: minted.authorization.id, detail: { replaces: id, description } });
    audit(ctx, {
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
      originalID: id,
      originalDescription: found.token.description,
      original,
    });
  },
);

export const cancelScheduledDeactivation = defineAction(
  { name: 'tokens.cancel-schedule', schema: scheduleIdInput, role: 'admin', doing: 'cancel the scheduled deactivation' },
  async ({ scheduleId }, ctx) => {
    const org = await defaultOrgRef();
    const existing = getSchedule(scheduleId);
    if (!existing || existing.orgID !== org.id) return fail('not-found', 'That scheduled deactivation does not exist.');
    const cancelled = cancelSchedule(scheduleId, ctx.user.id);
    if (!cancelled) {
      return fail('conflict', existing.state === 'pending' ? 'It is running right now.' : `It has already ${existing.state === 'cancelled' ? 'been cancelled' : 'run'}.`);
    }
    audit(ctx, {
      action: 'schedule.cancel',
      outcome: 'success',
      orgID: org.id,
      authorizationID: cancelled.authorizationID,
      detail: { scheduleId, description: cancelled.description, dueAt: new Date(cancelled.dueAt).toISOString() },
    });
    return ok({ scheduleId, authorizationID: cancelled.authorizationID });
  },
);
