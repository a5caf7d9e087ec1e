// Creating one v1 credential, after the action wrapper has checked session, role, input and rate
// limit. InfluxDB makes it two calls, so the console does too, in order: the org, the owner
// (looked up on the server), the policy with the owner known, every bucket checked in the org,
// then ONE create call (never retried), then ONE password call with a password from the CSPRNG.
// A credential created but left without a password is reported as half-done (what exists, and
// the offer to set a password or delete it), never left unexplained. Each step is audited;
// never the password.
import type { ActionContext } from '@/lib/actions/define-action';
import { fail, ok, type ActionResult } from '@/lib/actions/result';
import { InfluxError } from '@/lib/influx/errors';
import type { V1Credential } from '@/lib/influx/v1-authorizations';
import { logger } from '@/lib/log/logger';
import { decide } from '@/lib/policy/operations';
import { recordAudit, type AuditEvent } from '@/lib/storage/audit';
import { planOwner } from '@/lib/tokens/owner-plan';
import type { OrgScope, V1Deps } from './deps';
import { factsOfV1 } from './facts';
import type { V1CreateForm } from './form-schema';
import { describeV1Error } from './messages';
import { generatePassword } from './password';
import { toV1Permissions } from './permissions';
import type { V1HalfDone, V1Secret } from './result';

export const V1_CREATE_AUDIT = 'v1.create';
export const V1_PASSWORD_AUDIT = 'v1.password';
const DOING = 'create the v1 credential';

export type V1CreateResult = ActionResult<V1Secret, V1HalfDone>;

/** Audited best-effort: the person still gets the real outcome when the trail cannot be written. */
export async function auditV1(
  deps: Pick<V1Deps, 'sql' | 'connectionID'>,
  ctx: ActionContext,
  e: Omit<AuditEvent, 'requestId' | 'actor'>,
): Promise<boolean> {
  // Which server: the audit trail tells connections apart by it, as for tokens.
  const detail = deps.connectionID ? { ...e.detail, connection: deps.connectionID } : e.detail;
  try {
    await recordAudit({ requestId: ctx.requestId, actor: ctx.user, ...e, ...(detail ? { detail } : {}) }, deps.sql);
    return true;
  } catch (error) {
    logger.error('audit write failed', { requestId: ctx.requestId, action: e.action, outcome: e.outcome, error: String(error) });
    return false;
  }
}

export const AUDIT_WARNING = 'The change was made, but the console could not write its audit record. Tell an administrator.';

export async function createV1Credential(form: V1CreateForm, org: OrgScope, ctx: ActionContext, deps: V1Deps): Promise<V1CreateResult> {
  const baseDetail = { username: form.username, description: form.description, ownerKind: form.owner.kind };
  const audit = (outcome: AuditEvent['outcome'], detail: Record<string, unknown>, authorizationID?: string) =>
    auditV1(deps, ctx, {
      action: V1_CREATE_AUDIT,
      outcome,
      orgID: org.id,
      ...(authorizationID ? { authorizationID } : {}),
      detail: { ...baseDetail, ...detail },
    });

  // 1. The owner, looked up on the server (a forged id proves nothing; an inactive user's
  // credentials are refused by InfluxDB, so none is made for one).
  const planned = await planOwner(form.owner, { ...deps, findUserByName: () => Promise.resolve(undefined) });
  if (!planned.ok) {
    await audit('refused', { reason: planned.reason });
    return fail(planned.code, planned.message, { fieldErrors: { owner: [planned.message] } });
  }
  // The form offers no "new user" here, so the plan always names an existing user.
  if (planned.plan.kind === 'new') throw new Error('unreachable: v1 owners are existing users');
  const owner = planned.plan;

  // 2. The policy, with the owner and the permissions known.
  const permissions = toV1Permissions(form, org.id);
  const facts = factsOfV1(
    { id: '', orgID: org.id, userID: owner.id, user: owner.name, permissions, description: form.description, status: 'active' },
    (await deps.consoleUser()).id,
    await deps.resourceTypes(),
  );
  const decision = decide(ctx.user.role, 'v1.create', deps.policy, facts);
  if (!decision.allowed) {
    await audit('refused', { reason: `policy-${decision.reason}`, owner: owner.id });
    return fail('forbidden', decision.message);
  }

  // 3. Every bucket must be in this org (ids from the browser prove nothing).
  const buckets = new Map((await deps.allBuckets(org.id)).map((b) => [b.id, b.name]));
  const missing = [...new Set([...form.read, ...form.write])].filter((id) => !buckets.has(id));
  if (missing.length > 0) {
    await audit('refused', { reason: 'buckets-not-found', missing });
    const message = `Not created: bucket ${missing.join(', ')} is not in organisation ${org.name} (deleted, or never there). Reload the page and choose again.`;
    return fail('not-found', message, { fieldErrors: { read: [message] } });
  }
  const detail = {
    owner: owner.id,
    ownerName: owner.name,
    read: form.read.map((id) => buckets.get(id)),
    write: form.write.map((id) => buckets.get(id)),
  };

  // 4. The create call: exactly one attempt.
  let created: V1Credential;
  try {
    created = await deps.v1.create({
      orgID: org.id,
      username: form.username,
      description: form.description,
      ...(owner.kind === 'console' ? {} : { userID: owner.id }),
      permissions,
    });
  } catch (error) {
    if (!(error instanceof InfluxError)) throw error;
    if (error.outcomeUnknown) {
      await audit('unknown', { ...detail, reason: error.kind });
      return fail(
        'outcome-unknown',
        `InfluxDB did not answer while creating v1 credential ${form.username}, so the console cannot tell whether it exists. If it is in the list, it has no password yet: set one or delete it. The console did not try again.`,
      );
    }
    await audit('failure', {
      ...detail,
      reason: 'upstream',
      kind: error.kind,
      status: error.status ?? null,
      upstream: error.upstreamMessage.slice(0, 300),
    });
    logger.warn('v1 create refused upstream', {
      requestId: ctx.requestId,
      kind: error.kind,
      status: error.status,
      upstream: error.upstreamMessage,
    });
    const words = describeV1Error(error, { doing: DOING, username: form.username, orgName: org.name });
    return fail(
      error.kind === 'conflict' ? 'conflict' : 'upstream',
      words.message,
      words.field ? { fieldErrors: { [words.field]: [words.message] } } : {},
    );
  }
  const createdAudited = await audit('success', detail, created.id);

  // 5. The password: a second call. Until it succeeds nobody can sign in with the credential.
  const password = (deps.generatePassword ?? generatePassword)();
  const step = await setPasswordStep(deps, ctx, created, org, password);
  if (!step.ok) {
    const message = `v1 credential ${created.username} was created (id ${created.id}), but ${step.why} It exists without a password, so nobody can sign in with it. Set a password now, or delete it.`;
    return fail('upstream', message, { partial: { id: created.id, username: created.username } });
  }
  logger.info('v1 credential created', { requestId: ctx.requestId, user: ctx.user.id, org: org.id, id: created.id });
  return ok({
    id: created.id,
    username: created.username,
    description: created.description,
    orgID: org.id,
    orgName: org.name,
    ownerName: created.user ?? owner.name,
    password,
    ...(createdAudited && step.audited ? {} : { auditWarning: AUDIT_WARNING }),
  });
}

/** One password call, audited. Shared by create and "set a new password". */
export async function setPasswordStep(
  deps: V1Deps,
  ctx: ActionContext,
  credential: Pick<V1Credential, 'id' | 'username'>,
  org: OrgScope,
  password: string,
): Promise<{ ok: true; audited: boolean } | { ok: false; why: string; error: InfluxError }> {
  const base = { action: V1_PASSWORD_AUDIT, orgID: org.id, authorizationID: credential.id };
  try {
    await deps.v1.setPassword(credential.id, password);
  } catch (error) {
    if (!(error instanceof InfluxError)) throw error;
    await auditV1(deps, ctx, {
      ...base,
      outcome: error.outcomeUnknown ? 'unknown' : 'failure',
      detail: {
        username: credential.username,
        reason: error.kind,
        status: error.status ?? null,
        upstream: error.upstreamMessage.slice(0, 300),
      },
    });
    logger.warn('v1 password not set', { requestId: ctx.requestId, id: credential.id, kind: error.kind, status: error.status });
    const why = error.outcomeUnknown
      ? 'InfluxDB did not confirm its password in time (the console does not show a password it cannot vouch for).'
      : `InfluxDB did not take its password: ${describeV1Error(error, { doing: 'set the password', orgName: org.name }).message}`;
    return { ok: false, why, error };
  }
  return { ok: true, audited: await auditV1(deps, ctx, { ...base, outcome: 'success', detail: { username: credential.username } }) };
}
