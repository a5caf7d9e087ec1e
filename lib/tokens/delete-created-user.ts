// "Delete the user that was just created": the undo of a half-done mint. The request carries only
// the operation id; the user id comes from the console's own record of that operation
// (lib/storage/created-users.ts), so a crafted request cannot name any other user. Before deleting,
// InfluxDB is asked whether the user owns any token (minted meanwhile, e.g. with the CLI): if so,
// nothing is deleted, because deleting a user silently kills its tokens.
import type { Sql } from '@/lib/storage/sql';
import type { ActionContext } from '@/lib/actions/define-action';
import { fail, ok, type ActionResult } from '@/lib/actions/result';
import type { AuthorizationSummary, UserDTO } from '@/lib/influx/dto';
import { InfluxError } from '@/lib/influx/errors';
import { describeInfluxError } from '@/lib/influx/messages';
import { logger } from '@/lib/log/logger';
import { otherOwnerDecision, type GrantPolicy } from '@/lib/policy/grant-policy';
import { recordAudit, type AuditEvent } from '@/lib/storage/audit';
import { claimDeletion, markUserHasToken, settleDeletion, type DeletionClaim } from '@/lib/storage/created-users';

export const DELETE_AUDIT_ACTION = 'influx-user.delete';

export interface DeleteCreatedUserDeps {
  sql: Sql;
  policy: GrantPolicy;
  getUser(id: string): Promise<UserDTO | undefined>;
  listAuthorizations(filter: { userID: string }): Promise<AuthorizationSummary[]>;
  deleteUser(id: string): Promise<void>;
  /** Drop cached user lists after a change. */
  forgetUsers?(): void;
}

export interface DeletedUser {
  userID: string;
  userName: string;
  /** False when InfluxDB had no such user any more (deleted by someone else). */
  deletedNow: boolean;
}

export async function deleteCreatedUser(
  input: { operationId: string },
  ctx: ActionContext,
  deps: DeleteCreatedUserDeps,
): Promise<ActionResult<DeletedUser>> {
  const audit = async (outcome: AuditEvent['outcome'], detail: Record<string, unknown>) => {
    try {
      await recordAudit(
        {
          requestId: ctx.requestId,
          actor: ctx.user,
          action: DELETE_AUDIT_ACTION,
          outcome,
          detail: { operation: input.operationId.slice(0, 8), ...detail },
        },
        deps.sql,
      );
    } catch (error) {
      logger.error('audit write failed', { requestId: ctx.requestId, action: DELETE_AUDIT_ACTION, error: String(error) });
    }
  };

  const who = otherOwnerDecision(ctx.user.role, deps.policy);
  if (!who.allowed) {
    await audit('refused', { reason: 'policy-other-owner' });
    return fail('forbidden', who.message);
  }

  const claim = await claimDeletion(input.operationId, ctx.user.id, deps.sql);
  if (!claim.claimed) {
    await audit('refused', { reason: claim.reason, ...(claim.user ? { user: claim.user.userID, name: claim.user.userName } : {}) });
    return fail(claim.reason === 'deleting' ? 'conflict' : 'forbidden', refusal(claim));
  }
  const { user } = claim;
  const detail = { user: user.userID, name: user.userName };

  try {
    const current = await deps.getUser(user.userID);
    if (!current) {
      await settleDeletion(input.operationId, 'deleted', deps.sql);
      await audit('success', { ...detail, reason: 'already-gone' });
      return ok({ userID: user.userID, userName: user.userName, deletedNow: false });
    }
    // Tokens this credential can see (its org); the user was created a moment ago by this
    // operation, so tokens in orgs the console cannot read would be someone's deliberate work.
    const tokens = await deps.listAuthorizations({ userID: user.userID });
    if (tokens.length > 0) {
      await markUserHasToken(user.userID, deps.sql);
      await audit('refused', { ...detail, reason: 'owns-tokens', count: tokens.length });
      return fail(
        'conflict',
        `InfluxDB user ${user.userName} now owns ${tokens.length} token${tokens.length === 1 ? '' : 's'} (created since, for example with the influx CLI). Deleting the user would make ${tokens.length === 1 ? 'it' : 'them'} stop working, so nothing was deleted.`,
      );
    }
    await deps.deleteUser(user.userID);
  } catch (error) {
    await settleDeletion(input.operationId, 'no-token', deps.sql);
    if (!(error instanceof InfluxError)) throw error;
    logger.warn('delete created user failed', {
      requestId: ctx.requestId,
      kind: error.kind,
      status: error.status,
      upstream: error.upstreamMessage,
    });
    await audit(error.outcomeUnknown ? 'unknown' : 'failure', { ...detail, reason: error.kind, status: error.status ?? null });
    return fail(
      'upstream',
      `${describeInfluxError(error, { doing: `delete InfluxDB user ${user.userName}` })} The user may still exist; you can try again.`,
    );
  }

  await settleDeletion(input.operationId, 'deleted', deps.sql);
  deps.forgetUsers?.();
  await audit('success', detail);
  logger.info('created influx user deleted', { requestId: ctx.requestId, user: user.userID });
  return ok({ userID: user.userID, userName: user.userName, deletedNow: true });
}

function refusal(claim: Extract<DeletionClaim, { claimed: false }>): string {
  const name = claim.user?.userName;
  switch (claim.reason) {
    case 'unknown':
    case 'other-person':
      return 'The console did not create a user for you in that operation, so it deletes nothing. It deletes only a user it has just created for you, while that user owns no token.';
    case 'has-token':
      return `InfluxDB user ${name} owns a token made through the console, so deleting it would make that token stop working. Nothing was deleted.`;
    case 'deleting':
      return `InfluxDB user ${name} is already being deleted.`;
    case 'deleted':
      return `InfluxDB user ${name} was already deleted.`;
    case 'expired':
      return `InfluxDB user ${name} was created more than a day ago; the console no longer deletes it from here. An InfluxDB operator can delete it (influx user delete --id ${claim.user?.userID}).`;
  }
}
