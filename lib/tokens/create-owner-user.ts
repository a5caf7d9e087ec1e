// Step one of "a token for a new InfluxDB user": create the user, once, and record that this
// operation created it (so only this operation's "delete the user" can remove it). Every outcome
// is audited as influx-user.create. Messages here say exactly what exists in InfluxDB afterwards.
import type { Sql } from '@/lib/storage/sql';
import type { ActionContext } from '@/lib/actions/define-action';
import { fail, type ActionResult } from '@/lib/actions/result';
import { OTHER_OWNER_BLOCKED } from '@/lib/influx/judge-capabilities';
import type { OrgDTO, UserDTO } from '@/lib/influx/dto';
import { InfluxError } from '@/lib/influx/errors';
import { describeInfluxError } from '@/lib/influx/messages';
import { logger } from '@/lib/log/logger';
import type { TokenForm } from '@/lib/permissions/token-form-schema';
import { recordAudit, type AuditEvent } from '@/lib/storage/audit';
import { recordCreatedUser } from '@/lib/storage/created-users';
import { settleFormKey } from '@/lib/storage/form-keys';
import type { HalfDone, MintedToken } from './minted';

export const USER_AUDIT_ACTION = 'influx-user.create';

/** Same words as the builder's disabled option (a refusal learned only now reads the same). */
export const OTHER_OWNER_REFUSED = OTHER_OWNER_BLOCKED;

export function halfDoneMessage(userName: string, why: string): string {
  return `InfluxDB user ${userName} was created, but the token was not. ${why} The user now exists in InfluxDB and owns no token: retry the token for ${userName} (fix the request first if needed), or delete the user.`;
}

interface Deps {
  connectionID?: string;
  sql: Sql;
  createUser(name: string): Promise<UserDTO>;
  findUserByName(name: string): Promise<UserDTO | undefined>;
  noteCannotWriteUsers?(): void;
}

type Created =
  | { ok: true; user: { id: string; name: string }; /** Set when InfluxDB answered late: the message to return. */ uncertain?: string }
  | { ok: false; result: ActionResult<MintedToken, HalfDone> };

export async function createOwnerUser(
  name: string,
  c: {
    form: TokenForm;
    org: OrgDTO;
    ctx: ActionContext;
    deps: Deps;
    /** The token.create audit (best-effort), for the refusal rows of the overall attempt. */
    audit: (e: Omit<AuditEvent, 'requestId' | 'actor' | 'action'>) => Promise<void>;
    detail: Record<string, unknown>;
  },
): Promise<Created> {
  const { form, org, ctx, deps } = c;
  const auditUser = async (outcome: AuditEvent['outcome'], detail: Record<string, unknown>) => {
    try {
      await recordAudit(
        {
          requestId: ctx.requestId,
          actor: ctx.user,
          action: USER_AUDIT_ACTION,
          outcome,
          orgID: org.id,
          detail: { name, ...(deps.connectionID ? { connection: deps.connectionID } : {}), ...detail },
        },
        deps.sql,
      );
    } catch (error) {
      logger.error('audit write failed', { requestId: ctx.requestId, action: USER_AUDIT_ACTION, error: String(error) });
    }
  };
  const remember = async (user: UserDTO) => {
    try {
      await recordCreatedUser(
        {
          operationId: ctx.requestId,
          ...(deps.connectionID ? { connectionID: deps.connectionID } : {}),
          userID: user.id,
          userName: user.name,
          orgID: org.id,
          actorId: ctx.user.id,
        },
        deps.sql,
      );
    } catch (error) {
      // Without the record the console cannot offer to delete this user; say so in the log.
      logger.error('could not record the created user', { requestId: ctx.requestId, user: user.id, error: String(error) });
    }
  };
  const refused = async (result: ActionResult<never>, reason: string, extra: Record<string, unknown> = {}) => {
    await settleFormKey(form.formKey, 'failed', undefined, deps.sql);
    await c.audit({ outcome: 'failure', orgID: org.id, detail: { ...c.detail, reason, ...extra } });
    return { ok: false as const, result };
  };

  try {
    const user = await deps.createUser(name);
    await remember(user);
    await auditUser('success', { user: user.id });
    logger.info('influx user created for a token', { requestId: ctx.requestId, user: user.id });
    return { ok: true, user: { id: user.id, name: user.name } };
  } catch (error) {
    if (!(error instanceof InfluxError)) {
      await settleFormKey(form.formKey, 'unknown', undefined, deps.sql);
      await auditUser('unknown', { reason: 'unexpected-error' });
      throw error;
    }
    logger.warn('influx user create refused', {
      requestId: ctx.requestId,
      kind: error.kind,
      status: error.status,
      upstream: error.upstreamMessage,
    });
    if (error.kind === 'unauthorized') {
      deps.noteCannotWriteUsers?.();
      await auditUser('failure', { reason: 'unauthorized', status: error.status ?? null });
      return refused(fail('forbidden', OTHER_OWNER_REFUSED, { fieldErrors: { owner: [OTHER_OWNER_REFUSED] } }), 'user-create-unauthorized');
    }
    if (error.kind === 'conflict') {
      await auditUser('failure', { reason: 'conflict' });
      const message = `An InfluxDB user named ${name} already exists (it was created meanwhile, or the console’s credential cannot see it). Nothing was created. Choose it as an existing user, or pick another name.`;
      return refused(fail('conflict', message, { fieldErrors: { owner: [message] } }), 'user-create-conflict');
    }
    if (error.outcomeUnknown && !/ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(error.upstreamMessage)) {
      // The create may have happened. One read tells: the name was free a moment ago.
      const found = await deps.findUserByName(name).catch(() => null);
      if (found) {
        await remember(found);
        await auditUser('success', { user: found.id, reason: 'found-after-' + error.kind });
        return {
          ok: true,
          user: { id: found.id, name: found.name },
          uncertain: `InfluxDB answered late while creating user ${found.name}; the user was created (found afterwards), but the token was not attempted. The user now exists in InfluxDB and owns no token: retry the token for ${found.name}, or delete the user.`,
        };
      }
      if (found === undefined) {
        await auditUser('failure', { reason: `not-found-after-${error.kind}` });
        return refused(
          fail(
            'upstream',
            `InfluxDB did not answer in time while creating user ${name}, and the user does not exist afterwards: nothing was created. Try again.`,
          ),
          'user-create-' + error.kind,
        );
      }
      await settleFormKey(form.formKey, 'unknown', undefined, deps.sql);
      await auditUser('unknown', { reason: error.kind });
      await c.audit({ outcome: 'unknown', orgID: org.id, detail: { ...c.detail, reason: 'user-create-' + error.kind } });
      return {
        ok: false,
        result: fail(
          'outcome-unknown',
          `InfluxDB did not answer in time while creating user ${name}, and the console could not check afterwards whether it exists. No token was created. Look for the user in InfluxDB (influx user list -n ${name}) before trying again.`,
        ),
      };
    }
    await auditUser('failure', { reason: error.kind, status: error.status ?? null });
    return refused(
      fail(
        'upstream',
        describeInfluxError(error, { doing: `create InfluxDB user ${name}`, orgName: org.name }) + ' No user and no token were created.',
      ),
      'user-create-' + error.kind,
    );
  }
}
