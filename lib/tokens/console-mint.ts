import 'server-only';
// The mint of the running console: the dependencies for one connection (its gateway, caches,
// database and policy), and what the createToken action does once its wrapper has let the call in.
import type { z } from 'zod';
import type { ActionContext } from '@/lib/actions/define-action';
import { fail } from '@/lib/actions/result';
import { influx } from '@/lib/influx/server';
import { connectionOfStored, defaultConnection, storedConnectionID } from '@/lib/connections/registry';
import { inScope } from '@/lib/connections/resolve-scope';
import { scopeKey } from '@/lib/connections/scope';
import { consoleCatalog } from '@/lib/influx/catalog';
import { upsertInventory } from '@/lib/inventory/store';
import { consoleMintLifetimes } from '@/lib/lifetimes/console-lifetimes';
import type { tokenFormSchema } from '@/lib/permissions/token-form-schema';
import { consolePolicy } from '@/lib/policy/console-policy';
import { fourEyesRefusal } from '@/lib/requests/four-eyes';
import { getCreatedUser } from '@/lib/storage/created-users';
import { storage } from '@/lib/storage/db';
import { templateApprovalRefusal } from '@/lib/templates/approval-gate';
import type { DeleteCreatedUserDeps } from './delete-created-user';
import { mintDepsFromGateway } from './gateway-mint-deps';
import { AUDIT_ACTION, mintToken, type MintDeps, type MintResult } from './mint-token';

export function consoleMintDeps(connectionID: string): MintDeps {
  const deps = mintDepsFromGateway(influx(connectionID), consoleCatalog(connectionID), storage(), consolePolicy());
  return {
    ...deps,
    connectionID: storedConnectionID(connectionID),
    lifetimes: consoleMintLifetimes(),
    // The inventory keeps each connection's and org's list in memory; put the new token in it
    // straight away so the list shows it without waiting for the next read from InfluxDB. Only the
    // summary goes there.
    createAuthorization: async (input) => {
      const minted = await deps.createAuthorization(input);
      await upsertInventory(scopeKey(connectionID, input.orgID), minted.authorization, { created: true });
      return minted;
    },
  };
}

/**
 * createToken after its wrapper (origin, session, role, schema, rate limit): the connection and org
 * of the page, the template's approval, four eyes, then the mint. Also used, unchanged, by the
 * bench:lean-mint experiment (scripts/bench/support/lean-mint-server.ts).
 */
export function createTokenInScope(
  { connection, org, ...form }: z.output<typeof tokenFormSchema>,
  ctx: ActionContext,
): Promise<MintResult> {
  return inScope(
    { connection, org },
    async (scope) => {
      // The builder mints in the page's org: a body naming another org id is refused here.
      if (form.orgID !== scope.org.id) {
        return fail('invalid-input', `This page creates tokens in org ${scope.org.name} on ${scope.connection.label}. Reload the page.`, {
          fieldErrors: { orgID: ['Not the organisation of this page'] },
        });
      }
      const needsApproval = await templateApprovalRefusal(form.template, ctx, { action: AUDIT_ACTION, orgID: scope.org.id });
      if (needsApproval) return needsApproval;
      const fourEyes = await fourEyesRefusal(form, ctx.user.role, scope.connection.id);
      if (fourEyes) return fourEyes;
      return mintToken(form, ctx, consoleMintDeps(scope.connection.id));
    },
    { ctx, operation: 'token.mint' },
  );
}

/** For "delete the user just created": the connection it was created on, from the console's record. */
export async function consoleDeleteUserDeps(operationId: string): Promise<DeleteCreatedUserDeps> {
  const recorded = await getCreatedUser(operationId);
  const connectionID = (recorded?.connectionID ? connectionOfStored(recorded.connectionID) : undefined)?.id ?? defaultConnection().id;
  const gw = influx(connectionID);
  return {
    sql: storage(),
    policy: consolePolicy(),
    getUser: gw.getUser,
    listAuthorizations: gw.listAuthorizations,
    deleteUser: gw.deleteUser,
    forgetUsers: consoleCatalog(connectionID).forgetUsers,
  };
}
