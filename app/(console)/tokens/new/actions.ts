'use server';
// The mint actions: public POST endpoints like every action. The wrapper checks origin, parses the
// schema, checks session, role and the per-person rate limit; the handlers do the rest.
// - createToken: policy, confirmation, owner (the console's user, another user, or a new user it
//   creates), ids verified upstream, one-time key, one create call. Also "retry the token for that
//   user" after a half-done mint: the same form with the created user as owner.
// - deleteCreatedUser: "delete the user that was just created", by operation id only.
// The response carries the token once; Next.js marks action responses no-store.
import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { getConfig } from '@/lib/config/server-config';
import { tokenFormSchema } from '@/lib/permissions/token-form-schema';
import { consoleDeleteUserDeps, createTokenInScope } from '@/lib/tokens/console-mint';
import { DELETE_AUDIT_ACTION, deleteCreatedUser as deleteCreated } from '@/lib/tokens/delete-created-user';
import { AUDIT_ACTION } from '@/lib/tokens/mint-token';

export const createToken = defineAction(
  {
    name: 'tokens.create',
    schema: tokenFormSchema,
    operation: 'token.mint',
    doing: 'create the token',
    perMinute: () => getConfig().CONSOLE_MINT_PER_MINUTE,
    audit: AUDIT_ACTION,
  },
  createTokenInScope,
);

export const deleteCreatedUser = defineAction(
  {
    name: 'influx-users.delete-created',
    schema: z.strictObject({ operationId: z.uuid({ error: 'The operation id is missing or malformed.' }) }),
    // Who may: the same rule as choosing another owner (CONSOLE_OTHER_OWNER_ROLE).
    operation: 'influx-user.delete-created',
    doing: 'delete the InfluxDB user',
    perMinute: 20,
    audit: DELETE_AUDIT_ACTION,
  },
  async (input, ctx) => deleteCreated(input, ctx, await consoleDeleteUserDeps(input.operationId)),
);
