import 'server-only';
// The steps of an access request as the console runs them, after the action wrapper has checked
// origin, session, role, input and rate limit: scope and connection policy again, the rules of
// decide-step.ts against the request as stored, InfluxDB where the step needs it (items still
// there, the mint itself), then one compare-and-set in the store and one audit row. The actions
// file only wires these. The mint goes through the builder's own mint (lib/tokens/mint-token.ts),
// which checks types, policy (for the approver's role), lifetime, owner and every item again, and
// whose answer, with the token, goes to the requester only.
import { randomUUID } from 'node:crypto';
import type { ActionContext } from '@/lib/actions/define-action';
import { fail, ok, type ActionResult } from '@/lib/actions/result';
import { getConfig } from '@/lib/config/server-config';
import { inScope, type Scope } from '@/lib/connections/resolve-scope';
import { consoleCatalog } from '@/lib/influx/catalog';
import { influx } from '@/lib/influx/server';
import { encodeLifetimeChoice } from '@/lib/lifetimes/choice';
import { logger } from '@/lib/log/logger';
import { consoleUrl, recordConsoleEventNotice, recordConsoleEventNoticeBestEffort } from '@/lib/notices/console-event-notices';
import { consolePolicy } from '@/lib/policy/console-policy';
import type { Operation } from '@/lib/policy/operations';
import { recordAudit } from '@/lib/storage/audit';
import { consoleMintDeps } from '@/lib/tokens/console-mint';
import { mintToken, type MintResult } from '@/lib/tokens/mint-token';
import { resolveItems } from '@/lib/tokens/resolve-items';
import { requestAuditEvent, requestRefusalEvent, type RequestAuditStep } from './audit-event';
import type { Actor, StepRefusal } from './decide-step';
import { requestSettingsFrom } from './env';
import { expireRequestsPass } from './expire-pass';
import { missingItemProblems } from './missing-items';
import type { AccessRequest, RequestForm, RequestSubmission } from './model';
import { requestStepNotice } from './request-notices';
import type { RequestSettings } from './settings';
import { claimMint, commitStep, finishMint, getRequest, NOT_FOUND, releaseMintClaim, submitRequest } from './store';

export async function consoleRequestSettings(connectionId?: string): Promise<RequestSettings> {
  const types = await consoleCatalog(connectionId).resourceTypes();
  return requestSettingsFrom(getConfig(), consolePolicy(), types);
}

/** Settings without a call to InfluxDB: for lists and counts, which never decide on grants. */
export function consoleRequestTimes(): Pick<RequestSettings, 'mintWindowMs' | 'pendingTtlMs' | 'fourEyes'> {
  const config = getConfig();
  return {
    mintWindowMs: config.CONSOLE_REQUEST_MINT_WINDOW,
    pendingTtlMs: config.CONSOLE_REQUEST_EXPIRES_AFTER,
    fourEyes: config.CONSOLE_REQUEST_FOUR_EYES,
  };
}

const actorOf = (ctx: ActionContext): Actor => ({
  kind: 'person',
  person: { id: ctx.user.id, name: ctx.user.name, ...(ctx.user.email ? { email: ctx.user.email } : {}), role: ctx.user.role },
});

/** Best effort, like the mint's refusals: the person still gets the real answer if the trail cannot be written. */
async function audit(ctx: ActionContext, event: ReturnType<typeof requestAuditEvent>) {
  try {
    await recordAudit({ requestId: ctx.requestId, actor: ctx.user, ...event });
  } catch (error) {
    logger.error('audit write failed', { requestId: ctx.requestId, action: event.action, error: String(error) });
  }
}

const CODE: Record<StepRefusal | 'conflict' | 'not-found', 'forbidden' | 'conflict' | 'not-found' | 'invalid-input'> = {
  role: 'forbidden',
  'own-request': 'forbidden',
  'not-requester': 'forbidden',
  grants: 'forbidden',
  state: 'conflict',
  expired: 'conflict',
  conflict: 'conflict',
  'not-found': 'not-found',
  'form-differs': 'invalid-input',
  'not-narrower': 'invalid-input',
  'not-due': 'conflict',
};

async function refused(
  ctx: ActionContext,
  step: RequestAuditStep,
  request: AccessRequest | undefined,
  r: { reason: keyof typeof CODE; message: string },
) {
  if (request) await audit(ctx, requestRefusalEvent(step, request, r));
  return fail(CODE[r.reason], r.message);
}

/**
 * Requests nobody acted on in time are marked expired, audited and told, on the scheduler's tick
 * and when anyone opens a Requests page; each once in total, whichever process gets there first.
 */
export async function sweepExpired(now = new Date()): Promise<number> {
  const times = consoleRequestTimes();
  // The expire step needs no grant decision: a policy-free settings object is enough.
  try {
    const expired = await expireRequestsPass({
      now,
      settings: { ...times, grantPolicy: consolePolicy(), resourceTypes: [] },
      alsoRecord: (after, before, tx) => recordConsoleEventNotice(requestStepNotice('expire', after, consoleUrl(), before), tx),
    });
    return expired.length;
  } catch (error) {
    // The page still opens; a request whose expiry rolled back is expired on a later pass.
    logger.error('request expiry pass failed', { error: String(error) });
    return 0;
  }
}

/** The step's notice, if it has one, on the configured channels. */
const tell = (step: RequestAuditStep, after: AccessRequest, before?: AccessRequest) =>
  recordConsoleEventNoticeBestEffort(requestStepNotice(step, after, consoleUrl(), before));

/** The request's own connection and org, looked up again, with this operation decided there. */
function inRequestScope<T, P = never>(
  form: Pick<RequestForm, 'connectionId' | 'orgID'>,
  ctx: ActionContext,
  operation: Operation,
  act: (scope: Scope) => Promise<ActionResult<T, P>>,
) {
  return inScope({ connection: form.connectionId, org: form.orgID }, act, { ctx, operation });
}

export async function submit(submission: RequestSubmission, ctx: ActionContext): Promise<ActionResult<{ id: string }>> {
  return inRequestScope(submission.form, ctx, 'request.create', async (scope) => {
    const settings = await consoleRequestSettings(scope.connection.id);
    const unknown = submission.form.grants.findIndex((g) => !settings.resourceTypes.includes(g.type));
    if (unknown >= 0) {
      const type = submission.form.grants[unknown]!.type;
      const message = `This InfluxDB server has no resource type "${type}". Remove that permission, or request it on a server that has it.`;
      return fail('invalid-input', message, { fieldErrors: { [`form.grants.${unknown}.type`]: [message] } });
    }
    const outcome = await submitRequest(submission, actorOf(ctx), new Date(), settings);
    if (!outcome.ok) return await refused(ctx, 'create', undefined, outcome);
    await audit(ctx, requestAuditEvent('create', outcome.request));
    await tell('create', outcome.request);
    return ok({ id: outcome.request.id });
  });
}

export async function withdraw(id: string, ctx: ActionContext): Promise<ActionResult<{ id: string }>> {
  const loaded = await getRequest(id);
  if (!loaded) return fail('not-found', NOT_FOUND.message);
  const outcome = await commitStep(loaded, { kind: 'withdraw' }, actorOf(ctx), new Date(), {
    ...consoleRequestTimes(),
    grantPolicy: consolePolicy(),
    resourceTypes: [],
  });
  if (!outcome.ok) return await refused(ctx, 'withdraw', loaded, outcome);
  await audit(ctx, requestAuditEvent('withdraw', outcome.request, loaded));
  return ok({ id });
}

/** The requester changes the form or justification; an approval given before no longer counts (back to review). */
export async function change(id: string, submission: RequestSubmission, ctx: ActionContext): Promise<ActionResult<{ id: string }>> {
  const loaded = await getRequest(id);
  if (!loaded) return fail('not-found', NOT_FOUND.message);
  return inRequestScope(submission.form, ctx, 'request.withdraw', async (scope) => {
    const settings = await consoleRequestSettings(scope.connection.id);
    const outcome = await commitStep(loaded, { kind: 'change', ...submission }, actorOf(ctx), new Date(), settings);
    if (!outcome.ok) return await refused(ctx, 'change', loaded, outcome);
    await audit(ctx, requestAuditEvent('change', outcome.request, loaded));
    await tell('change', outcome.request, loaded);
    return ok({ id });
  });
}

export type ReviewVerdict = { verdict: 'approve'; form?: RequestForm; note?: string } | { verdict: 'deny'; reason: string };

export async function review(id: string, verdict: ReviewVerdict, ctx: ActionContext): Promise<ActionResult<{ id: string; state: string }>> {
  const loaded = await getRequest(id);
  if (!loaded) return fail('not-found', NOT_FOUND.message);
  const auditStep: RequestAuditStep = verdict.verdict === 'deny' ? 'deny' : verdict.form ? 'approve-narrowed' : 'approve';
  return inRequestScope(loaded.form, ctx, 'request.review', async (scope) => {
    const settings = await consoleRequestSettings(scope.connection.id);
    const step =
      verdict.verdict === 'deny'
        ? ({ kind: 'deny', reason: verdict.reason } as const)
        : verdict.form
          ? ({ kind: 'approve-narrowed', form: verdict.form, ...(verdict.note ? { note: verdict.note } : {}) } as const)
          : ({ kind: 'approve' } as const);
    if (step.kind !== 'deny') {
      // Items that vanished since the request: approving them would hand out a token that cannot be made.
      const form = step.kind === 'approve' ? loaded.form : step.form;
      const { missing } = await resolveItems(form.grants, scope.org.id, influx(scope.connection.id));
      const problems = missingItemProblems(form, missing, 'review');
      if (problems) {
        await audit(ctx, requestRefusalEvent(auditStep, loaded, { reason: 'state', message: problems.formError }));
        return fail('not-found', problems.formError, { fieldErrors: problems.fieldErrors });
      }
    }
    const outcome = await commitStep(loaded, step, actorOf(ctx), new Date(), settings);
    if (!outcome.ok) return await refused(ctx, auditStep, loaded, outcome);
    await audit(ctx, requestAuditEvent(auditStep, outcome.request, loaded));
    await tell(auditStep, outcome.request, loaded);
    return ok({ id, state: outcome.request.state });
  });
}

export interface MintInput {
  id: string;
  form: RequestForm;
  formKey: string;
  confirmSensitive: boolean;
}

/**
 * 1. the request as stored, and its connection and org again; 2. one claim on it, decided by the
 * rules against the presented form (the requester's, approved, unused, within the window, the same
 * fingerprint); 3. the builder's mint with the approver's role; 4. the token's id on the request,
 * or the claim given back when InfluxDB surely created nothing.
 */
export async function mintApproved(input: MintInput, ctx: ActionContext): Promise<MintResult> {
  const loaded = await getRequest(input.id);
  if (!loaded) return fail('not-found', NOT_FOUND.message);
  return inRequestScope(loaded.form, ctx, 'request.mint', async (scope) => {
    const settings = await consoleRequestSettings(scope.connection.id);
    const claimId = randomUUID();
    const now = new Date();
    const claim = await claimMint(loaded, input.form, actorOf(ctx), now, settings, claimId);
    if (!claim.ok) {
      const r = await refused(ctx, 'mint', loaded, claim);
      return claim.reason === 'form-differs' ? { ...r, fieldErrors: { form: [claim.message] } } : r;
    }
    const approved = claim.request;
    const result = await mintToken(
      {
        formKey: input.formKey,
        orgID: approved.form.orgID,
        description: approved.form.description,
        status: 'active',
        owner: approved.form.owner,
        grants: approved.form.grants,
        confirmSensitive: input.confirmSensitive,
        lifetime: encodeLifetimeChoice(approved.form.lifetime),
      },
      ctx,
      { ...consoleMintDeps(scope.connection.id), grantRole: approved.reviewer!.role },
    );
    if (result.ok) {
      const done = await finishMint(approved.id, claimId, result.data.id, new Date());
      if (done) await audit(ctx, requestAuditEvent('mint', done, loaded));
      return result;
    }
    // A token may exist when the outcome is unknown or a new user was left half-done: the claim is
    // kept, so this approval never mints again (it expires with its window).
    if (result.code !== 'outcome-unknown' && !result.partial) await releaseMintClaim(approved.id, claimId, new Date());
    await audit(ctx, requestRefusalEvent('mint', loaded, { reason: 'state', message: result.formError }));
    return result;
  });
}
