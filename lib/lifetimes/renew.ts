// Renewal: "Replace" on a token's page makes a new token with the same permissions and owner AND
// a new lifetime, in one step; the original is deactivated at once or after the grace period, as
// the replace flow (lib/inventory/token-changes.ts) does. The lifetime is decided first, for the
// person replacing and the token's grants, whatever the page sent (none chosen: the policy's
// default), so a refused lifetime leaves InfluxDB unchanged; the new token's expiry is stored as
// soon as it exists. Free of Next.js: dependencies come in.
import type { ActionContext } from '@/lib/actions/define-action';
import { fail, ok, type ActionResult } from '@/lib/actions/result';
import type { InventoryDeps, ReplaceTokenResult } from '@/lib/inventory/token-changes';
import { replaceToken } from '@/lib/inventory/token-changes';
import { logger } from '@/lib/log/logger';
import { factsOfToken } from '@/lib/policy/token-facts';
import type { AuditEvent } from '@/lib/storage/audit';
import type { Sql } from '@/lib/storage/sql';
import { setStoredExpiry } from './expiry-store';
import { grantClassesOfFacts } from './grant-classes';
import { checkMintLifetime, type MintLifetimes } from './mint-lifetime';

export interface RenewDeps {
  lifetimes: MintLifetimes;
  audit(event: AuditEvent): void | Promise<void>;
  sql?: Sql;
  now?: () => Date;
}

export type RenewResult = ReplaceTokenResult & { expiresAt: string | null };

export async function replaceWithLifetime(
  input: { id: string; graceSeconds: number; formKey: string; lifetime?: string | undefined },
  ctx: ActionContext,
  deps: InventoryDeps,
  renew: RenewDeps,
): Promise<ActionResult<RenewResult>> {
  const now = (renew.now ?? (() => new Date()))();
  // The token as InfluxDB has it now; replaceToken loads it again and asks the operation policy.
  const org = await deps.org();
  const token = await deps.gateway.getAuthorization(input.id);
  let expiresAt: Date | null = null;
  if (token && token.orgID === org.id) {
    const classes = grantClassesOfFacts(factsOfToken(token, await deps.facts()));
    const lifetime = checkMintLifetime(input.lifetime, ctx.user.role, classes, now, renew.lifetimes);
    if (!lifetime.ok) return fail('invalid-input', lifetime.fieldError, { fieldErrors: { lifetime: [lifetime.fieldError] } });
    expiresAt = lifetime.expiresAt;
  }
  const replaced = await replaceToken(input, ctx, deps);
  if (!replaced.ok) return replaced;
  const { id, orgID, description, originalID } = replaced.data;
  if (expiresAt !== null) {
    try {
      await setStoredExpiry(
        {
          connectionID: deps.connectionID ?? 'default',
          orgID,
          authorizationID: id,
          description,
          expiresAt,
          actor: ctx.user,
          requestID: ctx.requestId,
        },
        renew.sql,
      );
      await renew.audit({
        requestId: ctx.requestId,
        actor: ctx.user,
        action: 'token.expiry',
        outcome: 'success',
        orgID,
        authorizationID: id,
        detail: { connection: deps.connectionID ?? 'default', change: 'set', expiresAt: expiresAt.toISOString(), renews: originalID },
      });
    } catch (error) {
      // The new token exists and its value must still reach the person: say the expiry was not stored.
      logger.error('renewal expiry not stored', { requestId: ctx.requestId, error: String(error) });
      return ok({ ...replaced.data, expiresAt: null });
    }
  }
  return ok({ ...replaced.data, expiresAt: expiresAt?.toISOString() ?? null });
}
