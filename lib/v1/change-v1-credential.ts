// Changing one existing v1 credential: a new password, activate, deactivate, delete, and "undo"
// of a half-done create. Each loads the credential from InfluxDB by id, checks it is in the org
// the page acts on, asks the policy with its facts (owner, grants), then makes ONE call and
// audits it. Never the password in a row, a log line or an error.
import type { ActionContext } from '@/lib/actions/define-action';
import { fail, ok, type ActionResult } from '@/lib/actions/result';
import { InfluxError } from '@/lib/influx/errors';
import type { V1Credential } from '@/lib/influx/v1-authorizations';
import { decide, type Operation } from '@/lib/policy/operations';
import { AUDIT_WARNING, auditV1, setPasswordStep, V1_CREATE_AUDIT, V1_PASSWORD_AUDIT } from './create-v1-credential';
import type { OrgScope, V1Deps } from './deps';
import { factsOfV1 } from './facts';
import { describeV1Error } from './messages';
import { generatePassword } from './password';
import type { V1Secret, V1Summary } from './result';

export const V1_STATUS_AUDIT = { active: 'v1.activate', inactive: 'v1.deactivate' } as const;
export const V1_DELETE_AUDIT = 'v1.delete';

const NOT_HERE = 'InfluxDB has no such v1 credential in this organisation (it may have been deleted). Reload the page.';

type Loaded = { ok: true; credential: V1Credential } | { ok: false; result: ActionResult<never> };

/** The credential, if it is in `org`, and the policy's yes for `op` on it. */
async function loadAndDecide(id: string, org: OrgScope, op: Operation, audit: string, ctx: ActionContext, deps: V1Deps): Promise<Loaded> {
  const credential = await deps.v1.get(id);
  if (!credential || credential.orgID !== org.id) {
    await auditV1(deps, ctx, { action: audit, outcome: 'refused', orgID: org.id, authorizationID: id, detail: { reason: 'not-found' } });
    return { ok: false, result: fail('not-found', NOT_HERE) };
  }
  const facts = factsOfV1(credential, (await deps.consoleUser()).id, await deps.resourceTypes());
  const decision = decide(ctx.user.role, op, deps.policy, facts);
  if (!decision.allowed) {
    await auditV1(deps, ctx, {
      action: audit,
      outcome: 'refused',
      orgID: org.id,
      authorizationID: id,
      detail: { username: credential.username, reason: `policy-${decision.reason}` },
    });
    return { ok: false, result: fail('forbidden', decision.message) };
  }
  return { ok: true, credential };
}

const summaryOf = (c: V1Credential, org: OrgScope): V1Summary => ({
  id: c.id,
  username: c.username,
  description: c.description,
  orgID: org.id,
  orgName: org.name,
  ownerName: c.user ?? c.userID,
});

async function upstreamFailure(
  error: unknown,
  doing: string,
  org: OrgScope,
  c: V1Credential,
  deps: V1Deps,
  ctx: ActionContext,
  action: string,
) {
  if (!(error instanceof InfluxError)) throw error;
  await auditV1(deps, ctx, {
    action,
    outcome: error.outcomeUnknown ? 'unknown' : 'failure',
    orgID: org.id,
    authorizationID: c.id,
    detail: { username: c.username, reason: error.kind, status: error.status ?? null, upstream: error.upstreamMessage.slice(0, 300) },
  });
  if (error.outcomeUnknown) {
    return fail(
      'outcome-unknown',
      `InfluxDB did not answer in time while trying to ${doing}, so the console cannot tell whether it happened. Reload the page to see.`,
    );
  }
  return fail('upstream', describeV1Error(error, { doing, username: c.username, orgName: org.name }).message);
}

/** A new password from the CSPRNG, shown once. InfluxDB needs no old one. */
export async function setNewV1Password(id: string, org: OrgScope, ctx: ActionContext, deps: V1Deps): Promise<ActionResult<V1Secret>> {
  const loaded = await loadAndDecide(id, org, 'v1.password', V1_PASSWORD_AUDIT, ctx, deps);
  if (!loaded.ok) return loaded.result;
  const c = loaded.credential;
  const password = (deps.generatePassword ?? generatePassword)();
  const step = await setPasswordStep(deps, ctx, c, org, password);
  if (!step.ok) {
    return fail(
      step.error.outcomeUnknown ? 'outcome-unknown' : 'upstream',
      `The password of v1 credential ${c.username} was not changed: ${step.why}`,
    );
  }
  return ok({ ...summaryOf(c, org), password, ...(step.audited ? {} : { auditWarning: AUDIT_WARNING }) });
}

export async function setV1Status(
  id: string,
  status: 'active' | 'inactive',
  org: OrgScope,
  ctx: ActionContext,
  deps: V1Deps,
): Promise<ActionResult<V1Summary & { status: 'active' | 'inactive' }>> {
  const action = V1_STATUS_AUDIT[status];
  const loaded = await loadAndDecide(id, org, status === 'active' ? 'v1.activate' : 'v1.deactivate', action, ctx, deps);
  if (!loaded.ok) return loaded.result;
  const c = loaded.credential;
  const doing = `${status === 'active' ? 'activate' : 'deactivate'} v1 credential ${c.username}`;
  let updated: V1Credential;
  try {
    updated = await deps.v1.update(c.id, { status });
  } catch (error) {
    return upstreamFailure(error, doing, org, c, deps, ctx, action);
  }
  const audited = await auditV1(deps, ctx, {
    action,
    outcome: 'success',
    orgID: org.id,
    authorizationID: c.id,
    detail: { username: c.username, was: c.status },
  });
  return ok({ ...summaryOf(updated, org), status: updated.status, ...(audited ? {} : { auditWarning: AUDIT_WARNING }) });
}

export async function deleteV1Credential(id: string, org: OrgScope, ctx: ActionContext, deps: V1Deps): Promise<ActionResult<V1Summary>> {
  const loaded = await loadAndDecide(id, org, 'v1.delete', V1_DELETE_AUDIT, ctx, deps);
  if (!loaded.ok) return loaded.result;
  return remove(loaded.credential, org, ctx, deps, {});
}

async function remove(
  c: V1Credential,
  org: OrgScope,
  ctx: ActionContext,
  deps: V1Deps,
  extra: Record<string, unknown>,
): Promise<ActionResult<V1Summary>> {
  try {
    await deps.v1.remove(c.id);
  } catch (error) {
    return upstreamFailure(error, `delete v1 credential ${c.username}`, org, c, deps, ctx, V1_DELETE_AUDIT);
  }
  const audited = await auditV1(deps, ctx, {
    action: V1_DELETE_AUDIT,
    outcome: 'success',
    orgID: org.id,
    authorizationID: c.id,
    detail: { username: c.username, ownerName: c.user ?? c.userID, ...extra },
  });
  return ok({ ...summaryOf(c, org), ...(audited ? {} : { auditWarning: AUDIT_WARNING }) });
}

const UNDO_WINDOW_MS = 24 * 3600_000;

/**
 * "Delete it" after a half-done create, for the person who may create but not delete: allowed
 * only for a credential this same person created through the console within a day, whose
 * password was never set (the audit trail says both). Anything else is a normal delete.
 */
export async function discardHalfDoneV1(
  id: string,
  org: OrgScope,
  ctx: ActionContext,
  deps: V1Deps,
  now = Date.now(),
): Promise<ActionResult<V1Summary>> {
  const since = new Date(now - UNDO_WINDOW_MS).toISOString();
  const created = await deps.sql.get<{ id: number }>(
    `SELECT id FROM audit_events WHERE action = ? AND outcome = 'success' AND authorization_id = ? AND actor_id = ? AND at >= ? ORDER BY id LIMIT 1`,
    [V1_CREATE_AUDIT, id, ctx.user.id, since],
  );
  const passwordSet = await deps.sql.get(
    `SELECT 1 AS found FROM audit_events WHERE action = ? AND outcome IN ('success', 'unknown') AND authorization_id = ? LIMIT 1`,
    [V1_PASSWORD_AUDIT, id],
  );
  if (!created || passwordSet) {
    await auditV1(deps, ctx, {
      action: V1_DELETE_AUDIT,
      outcome: 'refused',
      orgID: org.id,
      authorizationID: id,
      detail: { reason: 'not-half-done' },
    });
    return fail(
      'forbidden',
      'Only a v1 credential you created here in the last day, and whose password was never set, can be undone this way. Ask an admin to delete it.',
    );
  }
  const loaded = await loadAndDecide(id, org, 'v1.create', V1_DELETE_AUDIT, ctx, deps);
  if (!loaded.ok) return loaded.result;
  return remove(loaded.credential, org, ctx, deps, { reason: 'undo-half-done-create' });
}
