// Tokens this console minted whose owning user has since been deleted in InfluxDB. influxd 2.9.1
// (owner-deleted.integration.test.ts) then hides them: they drop out of every list, GET by id
// answers 404 "user not found", the token is refused with 403 "User is inactive", yet the record
// stays in InfluxDB's store until deleted by id. So no list shows them; the console finds them from
// its own audit trail (who it minted for) and asks InfluxDB about each one.
import type { Sql } from '@/lib/storage/sql';
import type { ActionContext } from '@/lib/actions/define-action';
import { fail, ok, type ActionResult } from '@/lib/actions/result';
import type { AuthorizationState } from '@/lib/influx/gateway';
import type { UserDTO } from '@/lib/influx/dto';
import { InfluxError } from '@/lib/influx/errors';
import { describeInfluxError } from '@/lib/influx/messages';
import { logger } from '@/lib/log/logger';
import { recordAudit } from '@/lib/storage/audit';

export interface OrphanedToken {
  authorizationID: string;
  description: string;
  orgID: string;
  ownerID: string;
  /** The owner's name when the console minted the token (the user itself is gone). */
  ownerName: string;
  mintedAt: string;
}

export interface DeletedOwnerDeps {
  sql: Sql;
  getUser(id: string): Promise<UserDTO | undefined>;
  inspectAuthorization(id: string): Promise<AuthorizationState>;
}

/** Bounds: the most recent mints, and the owners among them, checked on each call. */
const MAX_MINTS = 500;
const MAX_OWNERS = 50;

/**
 * `connection`: the id the connection's rows are stored under (lib/connections/registry.ts
 * storedConnectionID). Mint records from before connections name none: they are 'default'.
 */
export async function findTokensOfDeletedOwners(
  deps: DeletedOwnerDeps,
  connection = 'default',
): Promise<{ tokens: OrphanedToken[]; ownersChecked: number; truncated: boolean }> {
  const rows = await deps.sql.all<{ at: string; org_id: string | null; authorization_id: string; detail: string }>(
    `SELECT at, org_id, authorization_id, detail FROM audit_events
     WHERE action = 'token.create' AND outcome = 'success' AND authorization_id IS NOT NULL
     ORDER BY id DESC LIMIT ?`,
    [MAX_MINTS],
  );
  const byOwner = new Map<string, OrphanedToken[]>();
  for (const r of rows) {
    let d: Record<string, unknown>;
    try {
      d = JSON.parse(r.detail) as Record<string, unknown>;
    } catch {
      continue;
    }
    if ((typeof d.connection === 'string' ? d.connection : 'default') !== connection) continue;
    const owner = typeof d.owner === 'string' && /^[0-9a-f]{16}$/.test(d.owner) ? d.owner : undefined;
    if (!owner) continue;
    const list = byOwner.get(owner) ?? [];
    list.push({
      authorizationID: r.authorization_id,
      description: typeof d.description === 'string' ? d.description : '',
      orgID: r.org_id ?? '',
      ownerID: owner,
      ownerName: typeof d.ownerName === 'string' ? d.ownerName : owner,
      mintedAt: r.at,
    });
    byOwner.set(owner, list);
  }
  const owners = [...byOwner.keys()].slice(0, MAX_OWNERS);
  const gone = (await Promise.all(owners.map(async (id) => ((await deps.getUser(id)) ? undefined : id)))).filter((x): x is string =>
    Boolean(x),
  );
  const tokens: OrphanedToken[] = [];
  for (const owner of gone) {
    for (const t of byOwner.get(owner)!) {
      // Only what InfluxDB itself reports as ownerless: a token deleted meanwhile is simply gone.
      if ((await deps.inspectAuthorization(t.authorizationID)).state === 'owner-deleted') tokens.push(t);
    }
  }
  return { tokens, ownersChecked: owners.length, truncated: byOwner.size > MAX_OWNERS };
}

/**
 * Deletes one such token by id (the only way left: InfluxDB does not list it). Refuses unless
 * InfluxDB reports it as owner-deleted at this moment, so this cannot remove a live token.
 */
export async function deleteOrphanedToken(
  input: { authorizationID: string },
  ctx: ActionContext,
  deps: DeletedOwnerDeps & { deleteAuthorization(id: string): Promise<void> },
): Promise<ActionResult<{ authorizationID: string }>> {
  const audit = async (outcome: 'success' | 'failure' | 'refused', detail: Record<string, unknown>) => {
    try {
      await recordAudit(
        {
          requestId: ctx.requestId,
          actor: ctx.user,
          action: 'token.delete',
          outcome,
          authorizationID: input.authorizationID,
          detail: { reason: 'owner-deleted', ...detail },
        },
        deps.sql,
      );
    } catch (error) {
      logger.error('audit write failed', { requestId: ctx.requestId, action: 'token.delete', error: String(error) });
    }
  };
  try {
    const state = await deps.inspectAuthorization(input.authorizationID);
    if (state.state !== 'owner-deleted') {
      await audit('refused', { state: state.state });
      return fail(
        state.state === 'absent' ? 'not-found' : 'forbidden',
        state.state === 'absent'
          ? 'That token no longer exists in InfluxDB. Nothing to delete.'
          : 'That token’s owner still exists, so it is a normal token: delete it from the token inventory instead.',
      );
    }
    await deps.deleteAuthorization(input.authorizationID);
  } catch (error) {
    if (!(error instanceof InfluxError)) throw error;
    await audit('failure', { kind: error.kind, status: error.status ?? null });
    return fail('upstream', describeInfluxError(error, { doing: 'delete the token' }));
  }
  await audit('success', {});
  return ok({ authorizationID: input.authorizationID });
}
