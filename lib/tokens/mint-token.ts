// Minting one token, after the action wrapper has parsed the form and checked session, role and
// rate limit. In order: resource types known upstream, role policy, confirmation of flagged
// grants, the org, who may own it (role and credential), the owner looked up, every item id checked
// on the server, the one-time form key claimed, a new owner created (once), then ONE create call
// (never retried), then the key settled and the attempt audited. A new user whose token then fails
// is reported as half-done, never left unexplained. Free of Next.js: the integration tests run it
// against a real influxd with a real database.
import type { Sql } from '@/lib/storage/sql';
import type { ActionContext } from '@/lib/actions/define-action';
import type { Role } from '@/lib/auth/roles';
import { fail, ok, type ActionResult } from '@/lib/actions/result';
import { otherOwnerAvailability, type CredentialCapabilities } from '@/lib/influx/judge-capabilities';
import type { AuthorizationSummary, OrgDTO, PermissionDTO, UserDTO } from '@/lib/influx/dto';
import { InfluxError } from '@/lib/influx/errors';
import { withFreshDeadline } from '@/lib/influx/deadline';
import type { CreateAuthorizationInput, MintedAuthorization } from '@/lib/influx/gateway';
import { describeInfluxError } from '@/lib/influx/messages';
import { grantClassesOf } from '@/lib/lifetimes/grant-classes';
import { checkMintLifetime, type MintLifetimes } from '@/lib/lifetimes/mint-lifetime';
import { BUILT_IN_POLICY } from '@/lib/lifetimes/policy-rules';
import { permissionString } from '@/lib/influx/permission-string';
import { logger } from '@/lib/log/logger';
import { describeGrant, typeLabel } from '@/lib/permissions/describe';
import type { Grant } from '@/lib/permissions/model';
import { authorizationRequestBody, type AuthorizationRequestBody } from '@/lib/permissions/request-body';
import { GrantError } from '@/lib/permissions/to-influx-permissions';
import type { TokenForm } from '@/lib/permissions/token-form-schema';
import { evaluateGrants, flagLabel, otherOwnerDecision, type GrantPolicy } from '@/lib/policy/grant-policy';
import { recordAudit, type AuditEvent } from '@/lib/storage/audit';
import { markUserHasToken } from '@/lib/storage/created-users';
import { claimFormKey, settleFormKey } from '@/lib/storage/form-keys';
import { scheduleDeactivation } from '@/lib/storage/scheduled-deactivations';
import type { HalfDone, MintedToken } from './minted';
import { NEW_USER_PLACEHOLDER_ID, planOwner, type OwnerLookup, type OwnerPlan } from './owner-plan';
import { createOwnerUser, halfDoneMessage, OTHER_OWNER_REFUSED } from './create-owner-user';
import { resolveItems, type ItemLookup, type MissingItem } from './resolve-items';

export interface MintDeps extends ItemLookup, OwnerLookup {
  /** The connection minted on, as the console's tables store it (absent: 'default'). */
  connectionID?: string;
  sql: Sql;
  policy: GrantPolicy;
  resourceTypes(): Promise<string[]>;
  /** What the console's credential can do (cached); read only when the owner is another user. */
  capabilities(): Promise<Pick<CredentialCapabilities, 'writeUsers' | 'mintForOthers'>>;
  /** Remembers a write:users refusal, so the builder disables "another user" from then on. */
  noteCannotWriteUsers?(): void;
  createUser(name: string): Promise<UserDTO>;
  findOrg(orgID: string): Promise<OrgDTO | undefined>;
  createAuthorization(input: CreateAuthorizationInput): Promise<MintedAuthorization>;
  listAuthorizations(filter: { orgID?: string; userID?: string }): Promise<AuthorizationSummary[]>;
  /**
   * Whose role the grant, owner and lifetime rules are decided for (absent: the person minting).
   * An approved access request (lib/requests) mints with its approver's role: the approver could
   * mint it, and the requester mints exactly what was approved.
   */
  grantRole?: Role;
  /** The lifetime policy and shortest lifetime (absent: the built-in policy, one hour). */
  lifetimes?: MintLifetimes;
  now?: () => number;
}

const DEFAULT_LIFETIMES: MintLifetimes = { policy: BUILT_IN_POLICY, minLifetimeMs: 3_600_000 };

const DOING = 'create the token';
export const AUDIT_ACTION = 'token.create';

export type MintResult = ActionResult<MintedToken, HalfDone>;

export async function mintToken(form: TokenForm, ctx: ActionContext, deps: MintDeps): Promise<MintResult> {
  const now = deps.now ?? (() => Date.now());
  const record = (e: Omit<AuditEvent, 'requestId' | 'actor' | 'action'>) =>
    recordAudit({ requestId: ctx.requestId, actor: ctx.user, action: AUDIT_ACTION, ...e }, deps.sql);
  // Refusals and failures are audited best-effort: the person still gets the real reason. The
  // success row is written with the key settlement below and flagged to the person if it fails.
  const audit = async (e: Parameters<typeof record>[0]) => {
    try {
      await record(e);
    } catch (error) {
      logger.error('audit write failed', { requestId: ctx.requestId, outcome: e.outcome, error: String(error) });
    }
  };
  const baseDetail = {
    // Which server: the audit trail (and "minted by") tells connections apart by it.
    ...(deps.connectionID ? { connection: deps.connectionID } : {}),
    description: form.description,
    status: form.status,
    form: form.formKey.slice(0, 8),
    grants: form.grants.length,
    ownerKind: form.owner.kind,
  };

  // 1. Only types this server knows (the browser's list could be stale or forged).
  const types = await deps.resourceTypes();
  const unknown = [...new Set(form.grants.map((g) => g.type).filter((t) => !types.includes(t)))];
  if (unknown.length > 0) {
    await audit({ outcome: 'refused', orgID: form.orgID, detail: { ...baseDetail, reason: 'unknown-type', types: unknown } });
    return fail('invalid-input', `This InfluxDB server has no resource type ${unknown.join(', ')}. Reload the page.`, {
      fieldErrors: { grants: [`Unknown resource type: ${unknown.join(', ')}`] },
    });
  }

  // 2. Role policy, enforced here whatever the page showed.
  const decision = evaluateGrants(deps.grantRole ?? ctx.user.role, form.grants, types, deps.policy);
  if (!decision.allowed) {
    await audit({
      outcome: 'refused',
      orgID: form.orgID,
      detail: { ...baseDetail, reason: `policy-${decision.reason}`, flags: decision.flags.map(flagLabel) },
    });
    logger.warn('mint refused by policy', { requestId: ctx.requestId, user: ctx.user.id, flags: decision.flags.map(flagLabel) });
    return fail('forbidden', decision.message);
  }

  // 3. Flagged grants need an explicit "I understand", checked on the server.
  if (decision.needsConfirmation && form.confirmSensitive !== true) {
    await audit({
      outcome: 'refused',
      orgID: form.orgID,
      detail: { ...baseDetail, reason: 'not-confirmed', flags: decision.flags.map(flagLabel) },
    });
    return fail('invalid-input', `Confirm that this token may ${decision.flags.map(flagLabel).join(', ')} before creating it.`, {
      fieldErrors: { confirmSensitive: ['Confirm the sensitive grants.'] },
    });
  }

  // 3a. The lifetime, decided again here for this role and these grants whatever the page sent.
  const lifetime = checkMintLifetime(
    form.lifetime,
    deps.grantRole ?? ctx.user.role,
    grantClassesOf(form.grants, types),
    new Date(now()),
    deps.lifetimes ?? DEFAULT_LIFETIMES,
  );
  if (!lifetime.ok) {
    await audit({ outcome: 'refused', orgID: form.orgID, detail: { ...baseDetail, reason: 'lifetime', lifetime: form.lifetime ?? null } });
    return fail('invalid-input', lifetime.fieldError, { fieldErrors: { lifetime: [lifetime.fieldError] } });
  }
  const expiresAt = lifetime.expiresAt?.toISOString() ?? null;

  // 3b. Another InfluxDB user as owner is a role decision too (CONSOLE_OTHER_OWNER_ROLE).
  if (form.owner.kind !== 'console') {
    const who = otherOwnerDecision(deps.grantRole ?? ctx.user.role, deps.policy);
    if (!who.allowed) {
      await audit({ outcome: 'refused', orgID: form.orgID, detail: { ...baseDetail, reason: 'policy-other-owner' } });
      return fail('forbidden', who.message, { fieldErrors: { owner: [who.message] } });
    }
  }

  // 4. The org must be one the console's credential can see.
  const org = await deps.findOrg(form.orgID);
  if (!org) {
    await audit({ outcome: 'refused', orgID: form.orgID, detail: { ...baseDetail, reason: 'org-not-found' } });
    return fail('not-found', 'That organisation does not exist or the console’s credential cannot see it. Reload the page.', {
      fieldErrors: { orgID: ['Unknown organisation'] },
    });
  }

  // 5. Another InfluxDB user as owner: what the credential can do (known from its own
  // authorization, or learned from an earlier refusal). Nothing has been written yet.
  if (form.owner.kind !== 'console') {
    const availability = otherOwnerAvailability(await deps.capabilities());
    if (availability.state === 'blocked') {
      await audit({ outcome: 'refused', orgID: form.orgID, detail: { ...baseDetail, reason: 'credential-cannot-write-users' } });
      return fail('forbidden', availability.message, { fieldErrors: { owner: [availability.message] } });
    }
  }

  // 6. The owner (looked up on the server), then 7. every item checked on the server (names from
  // the server, never the form).
  const planned = await planOwner(form.owner, deps);
  if (!planned.ok) {
    await audit({ outcome: 'refused', orgID: org.id, detail: { ...baseDetail, reason: planned.reason } });
    return fail(planned.code, planned.message, { fieldErrors: { owner: [planned.message] } });
  }
  const plan: OwnerPlan = planned.plan;
  const resolved = await resolveItems(form.grants, org.id, deps);
  if (resolved.missing.length > 0) {
    await audit({ outcome: 'refused', orgID: org.id, detail: { ...baseDetail, reason: 'items-not-found', missing: resolved.missing } });
    return fail('not-found', missingMessage(resolved.missing, org.name), {
      fieldErrors: {
        grants: resolved.missing.map(
          (m) => `${typeLabel(m.type)} ${m.claimedName ?? m.id}: ${m.why === 'other-org' ? 'in another organisation' : 'not found'}`,
        ),
      },
    });
  }

  // The body must be buildable before anything is created (a new user's id is not known yet).
  const buildBody = (userID: string) => authorizationRequestBody({ ...form, grants: resolved.grants }, { userID });
  let body: AuthorizationRequestBody;
  try {
    body = buildBody(plan.kind === 'new' ? NEW_USER_PLACEHOLDER_ID : plan.id);
  } catch (e) {
    if (!(e instanceof GrantError)) throw e;
    return fail('invalid-input', `That permission cannot be expressed in InfluxDB: ${e.message}.`);
  }
  const detailFor = (b: AuthorizationRequestBody): Record<string, unknown> => ({
    ...baseDetail,
    owner: b.userID,
    ownerName: plan.name,
    permissions: b.permissions.map(auditPermission),
    flags: decision.flags.map(flagLabel),
    confirmed: decision.needsConfirmation,
    expiresAt,
  });
  let detail = detailFor(body);

  // 8. One-time form key: from here on, at most one create per form.
  const claim = await claimFormKey(form.formKey, ctx.user.id, deps.sql, new Date(now()));
  if (!claim.claimed) {
    await audit({
      outcome: 'refused',
      orgID: org.id,
      ...(claim.authorizationID ? { authorizationID: claim.authorizationID } : {}),
      detail: { ...detail, reason: 'form-already-used', keyState: claim.state },
    });
    return fail('conflict', alreadyUsedMessage(claim.state, claim.sameActor, claim.authorizationID));
  }

  // 9. A new owner is created now, once; from here a failure may leave that user behind, and the
  // answer says so (HalfDone) with the operation id that lets the person delete exactly it.
  let owner: { id: string; name: string };
  let halfDone: HalfDone | undefined;
  if (plan.kind === 'new') {
    const created = await createOwnerUser(plan.name, { form, org, ctx, deps, audit, detail });
    if (!created.ok) return created.result;
    owner = created.user;
    halfDone = { operationId: ctx.requestId, user: created.user, canRetry: true };
    if (created.uncertain) {
      // InfluxDB answered late: the user exists, but the token is not attempted on a server that
      // is struggling. The person decides: retry the token, or delete the user.
      await settleFormKey(form.formKey, 'failed', undefined, deps.sql);
      return fail('upstream', created.uncertain, { partial: halfDone });
    }
    body = buildBody(owner.id);
    detail = { ...detailFor(body), ownerCreated: true };
  } else {
    owner = { id: plan.id, name: plan.name };
  }

  // 10. The create call: exactly one attempt.
  const startedAt = now();
  let minted: MintedAuthorization;
  try {
    minted = await deps.createAuthorization(body);
  } catch (error) {
    if (!(error instanceof InfluxError)) {
      // Unknown failure after (maybe) sending: treat like a timeout, never as "nothing happened".
      await settleFormKey(form.formKey, 'unknown', undefined, deps.sql);
      await audit({ outcome: 'unknown', orgID: org.id, detail: { ...detail, reason: 'unexpected-error' } });
      throw error;
    }
    if (error.outcomeUnknown && !neverSent(error)) {
      await settleFormKey(form.formKey, 'unknown', undefined, deps.sql);
      const orphans = await findOrphans(deps, body, startedAt, now());
      await audit({
        outcome: 'unknown',
        orgID: org.id,
        ...(orphans?.length === 1 ? { authorizationID: orphans[0]!.id } : {}),
        detail: { ...detail, reason: error.kind, orphans: orphans?.map((o) => o.id) ?? 'lookup-failed' },
      });
      logger.warn('mint outcome unknown', { requestId: ctx.requestId, kind: error.kind, orphans: orphans?.map((o) => o.id) });
      const unknownMessage = outcomeUnknownMessage(error, body.description, startedAt, orphans);
      return halfDone
        ? fail('outcome-unknown', `InfluxDB user ${owner.name} was created. ${unknownMessage}`, {
            partial: { ...halfDone, canRetry: false },
          })
        : fail('outcome-unknown', unknownMessage);
    }
    await settleFormKey(form.formKey, 'failed', undefined, deps.sql);
    await audit({
      outcome: 'failure',
      orgID: org.id,
      detail: {
        ...detail,
        reason: 'upstream',
        kind: error.kind,
        status: error.status ?? null,
        upstream: error.upstreamMessage.slice(0, 300),
      },
    });
    logger.warn('mint refused upstream', {
      requestId: ctx.requestId,
      kind: error.kind,
      status: error.status,
      upstream: error.upstreamMessage,
    });
    const refusedUsers = error.kind === 'unauthorized' && /write:users/.test(error.upstreamMessage) && plan.kind !== 'console';
    if (refusedUsers) deps.noteCannotWriteUsers?.();
    const message = neverSent(error)
      ? `Could not reach InfluxDB while trying to ${DOING}, so ${halfDone ? 'the token was not created' : 'nothing was created'}. Check that the server is running, then try again.`
      : refusedUsers
        ? OTHER_OWNER_REFUSED
        : describeInfluxError(error, {
            doing: DOING,
            orgName: org.name,
            explain: explainer(body.permissions, resolved.grants, org.name, owner.name),
          });
    if (halfDone) return fail('upstream', halfDoneMessage(owner.name, message), { partial: halfDone });
    return fail(refusedUsers ? 'forbidden' : 'upstream', message, refusedUsers ? { fieldErrors: { owner: [message] } } : {});
  }

  // 11. Settle and audit. The token is created: it must reach the person even if the audit fails.
  // One transaction (one disk sync) for both; if the audit row fails, the key is still settled.
  // The expiry is one of the scheduler's deactivations, due then: stored with the key and the audit.
  const storeExpiry = async (sql: Sql) => {
    if (expiresAt === null) return;
    await scheduleDeactivation(
      {
        kind: 'expiry',
        connectionID: deps.connectionID ?? 'default',
        orgID: org.id,
        authorizationID: minted.authorization.id,
        description: minted.authorization.description,
        dueAt: Date.parse(expiresAt),
        requestedBy: ctx.user,
        requestID: ctx.requestId,
      },
      sql,
    );
  };
  let auditWarning: string | undefined;
  try {
    await deps.sql.transaction(async (tx) => {
      await settleFormKey(form.formKey, 'minted', minted.authorization.id, tx);
      await markUserHasToken(owner.id, tx);
      await storeExpiry(tx);
      await recordAudit(
        {
          requestId: ctx.requestId,
          actor: ctx.user,
          action: AUDIT_ACTION,
          outcome: 'success',
          orgID: org.id,
          authorizationID: minted.authorization.id,
          detail,
        },
        tx,
      );
    });
  } catch (e) {
    await settleFormKey(form.formKey, 'minted', minted.authorization.id, deps.sql);
    await markUserHasToken(owner.id, deps.sql);
    try {
      await storeExpiry(deps.sql);
      auditWarning = 'The token was created, but the console could not write its audit record. Tell an administrator.';
    } catch {
      auditWarning =
        'The token was created, but the console could not store its expiry or write its audit record: it will not be deactivated by itself. Tell an administrator.';
    }
    logger.error('audit write failed after mint', { requestId: ctx.requestId, authorizationID: minted.authorization.id, error: String(e) });
  }
  logger.info('token minted', { requestId: ctx.requestId, user: ctx.user.id, org: org.id, id: minted.authorization.id });

  return ok({
    id: minted.authorization.id,
    description: minted.authorization.description,
    status: minted.authorization.status,
    orgID: org.id,
    orgName: org.name,
    ownerID: owner.id,
    ownerName: owner.name,
    ownerKind: plan.kind,
    permissionCount: minted.authorization.permissions.length,
    token: minted.token,
    expiresAt,
    ...(auditWarning ? { auditWarning } : {}),
  });
}

/** Structured, so the audit redactor (which hides long id-like runs) keeps them readable. */
const auditPermission = (p: PermissionDTO) => ({
  action: p.action,
  type: p.resource.type,
  ...(p.resource.id ? { id: p.resource.id } : {}),
  ...(p.resource.orgID ? { orgID: p.resource.orgID } : {}),
});

// The create was sent and its deadline (the connection's timeout) has passed; the person is owed an
// answer within that timeout plus a second. The look gets most of that second, leaving room for the
// audit row and the response (with the whole second the answer came at 11.1 s for a 10 s timeout).
const ORPHAN_LOOKUP_MS = 700;

/** Connection refused or no such host: the request never left, so nothing was created. */
function neverSent(e: InfluxError): boolean {
  return e.kind === 'unreachable' && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(e.upstreamMessage);
}

/**
 * After a timeout, one look for the token the create may have made: same owner, same org, same
 * description, created during the attempt. Reads are safe to retry; failures mean "don't know".
 */
async function findOrphans(deps: MintDeps, body: AuthorizationRequestBody, startedAt: number, endedAt: number) {
  try {
    // The request's deadline is spent by now; the look gets a budget of its own (ORPHAN_LOOKUP_MS),
    // so the answer still comes within the connection's timeout plus a second.
    const list = await withFreshDeadline(ORPHAN_LOOKUP_MS, () => deps.listAuthorizations({ orgID: body.orgID, userID: body.userID }));
    const slackMs = 5_000;
    return list.filter((a) => {
      if (a.description !== body.description || a.userID !== body.userID) return false;
      const at = a.createdAt ? Date.parse(a.createdAt) : NaN;
      return Number.isFinite(at) && at >= startedAt - slackMs && at <= endedAt + slackMs;
    });
  } catch {
    return undefined;
  }
}

function outcomeUnknownMessage(
  error: InfluxError,
  description: string,
  startedAt: number,
  orphans: AuthorizationSummary[] | undefined,
): string {
  const when = new Date(startedAt).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  const why = error.kind === 'timeout' ? 'InfluxDB did not answer in time' : 'The connection to InfluxDB broke';
  if (orphans && orphans.length === 1) {
    return `${why}, but InfluxDB did create the token (id ${orphans[0]!.id}). Its value never reached the console, so it is lost and cannot be shown. Delete that token in the token inventory, then create a new one.`;
  }
  if (orphans && orphans.length > 1) {
    return `${why}. Several tokens described “${description}” were created around ${when}; one of them may be from this attempt, and its value is lost. Check the token inventory and delete the ones nobody has stored, then create a new one.`;
  }
  return `${why} while creating the token, so the console cannot tell whether it was created. If it was, its value is lost. Look in the token inventory for “${description}” created around ${when} and delete it if it is there, then create a new one. This form will not send again.`;
}

export function alreadyUsedMessage(state: string, sameActor: boolean, authorizationID?: string): string {
  if (!sameActor) return 'This form was already used by someone else. Reload the page to start a new token.';
  switch (state) {
    case 'minted':
      return `This form already created a token${authorizationID ? ` (id ${authorizationID})` : ''}. Its value was shown once, in the dialog, and cannot be shown again. Find it in the token inventory, or reload the page to create another.`;
    case 'unknown':
      return 'This form was already sent and InfluxDB’s answer was lost; it will not send again. Check the token inventory, or reload the page to create another.';
    default:
      return 'This form is already being created (it was submitted more than once). Wait for the first submission; its token is shown once.';
  }
}

function missingMessage(missing: MissingItem[], orgName: string): string {
  const list = missing.map((m) => `${typeLabel(m.type)} ${m.claimedName ? `“${m.claimedName}” (${m.id})` : m.id}`).join(', ');
  const otherOrg = missing.some((m) => m.why === 'other-org');
  return `Not created: ${list} ${missing.length === 1 ? 'is' : 'are'} not in organisation ${orgName}${otherOrg ? ' (a chosen item belongs to another organisation)' : ' (deleted, or never existed)'}. Remove ${missing.length === 1 ? 'it' : 'them'} and try again.`;
}

/** Maps "write:orgs/<org>/buckets/<id>" back to the grant's words, for the 403 message. */
function explainer(permissions: PermissionDTO[], grants: Grant[], orgName: string, ownerName: string) {
  return (perm: string): string | undefined => {
    const p = permissions.find((x) => permissionString(x) === perm);
    if (!p) return undefined;
    const g = grants.find((x) => x.type === p.resource.type && x.action === p.action);
    if (!g) return undefined;
    const one: Grant =
      g.scope.kind === 'items' ? { ...g, scope: { kind: 'items', items: g.scope.items.filter((i) => i.id === p.resource.id) } } : g;
    if (one.scope.kind === 'items' && one.scope.items.length === 0) return undefined;
    return describeGrant(one, { orgName, ownerName });
  };
}
