'use server';
// The v1 credential actions: public POST endpoints like every action. The wrapper checks origin,
// session, the role (lib/policy), input and rate limit; inScope resolves the body's connection and
// org again and asks the policy about that connection (who may act there); lib/v1 loads each
// credential from InfluxDB, asks the policy about it, acts and audits. A password leaves the
// server only in the answer to create and to "new password" (Next.js marks action responses
// no-store). Listing needs no action: the page renders the list on the server.
import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import type { ActionResult } from '@/lib/actions/result';
import { getConfig } from '@/lib/config/server-config';
import { inScope } from '@/lib/connections/resolve-scope';
import { deleteV1Credential, discardHalfDoneV1, setNewV1Password, setV1Status, V1_DELETE_AUDIT } from '@/lib/v1/change-v1-credential';
import { consoleV1Deps } from '@/lib/v1/console-v1';
import { createV1Credential, V1_CREATE_AUDIT, V1_PASSWORD_AUDIT } from '@/lib/v1/create-v1-credential';
import { v1CreateSchema, v1IdInput, v1StatusInput } from '@/lib/v1/form-schema';

const PAGE = '/v1-credentials';

async function changed<T, P>(result: Promise<ActionResult<T, P>>): Promise<ActionResult<T, P>> {
  const r = await result;
  revalidatePath(PAGE);
  return r;
}

export const createV1 = defineAction(
  {
    name: 'v1-credentials.create',
    schema: v1CreateSchema,
    operation: 'v1.create',
    doing: 'create the v1 credential',
    perMinute: () => getConfig().CONSOLE_MINT_PER_MINUTE,
    audit: V1_CREATE_AUDIT,
  },
  ({ connection, org, ...form }, ctx) =>
    changed(
      inScope({ connection, org }, (scope) => createV1Credential(form, scope.org, ctx, consoleV1Deps(scope.connection.id)), {
        ctx,
        operation: 'v1.create',
      }),
    ),
);

export const setV1Password = defineAction(
  {
    name: 'v1-credentials.set-password',
    schema: v1IdInput,
    operation: 'v1.password',
    doing: 'set a new password',
    perMinute: () => getConfig().CONSOLE_MINT_PER_MINUTE,
    audit: V1_PASSWORD_AUDIT,
  },
  ({ id, connection, org }, ctx) =>
    inScope({ connection, org }, (scope) => setNewV1Password(id, scope.org, ctx, consoleV1Deps(scope.connection.id)), {
      ctx,
      operation: 'v1.password',
    }),
);

export const setV1CredentialStatus = defineAction(
  // The wrapper checks the lower of the two (deactivate); activating is asked again per credential.
  { name: 'v1-credentials.set-status', schema: v1StatusInput, operation: 'v1.deactivate', doing: 'change the v1 credential status' },
  ({ id, status, connection, org }, ctx) =>
    changed(
      inScope({ connection, org }, (scope) => setV1Status(id, status, scope.org, ctx, consoleV1Deps(scope.connection.id)), {
        ctx,
        operation: status === 'active' ? 'v1.activate' : 'v1.deactivate',
      }),
    ),
);

export const deleteV1 = defineAction(
  { name: 'v1-credentials.delete', schema: v1IdInput, operation: 'v1.delete', doing: 'delete the v1 credential', audit: V1_DELETE_AUDIT },
  ({ id, connection, org }, ctx) =>
    changed(
      inScope({ connection, org }, (scope) => deleteV1Credential(id, scope.org, ctx, consoleV1Deps(scope.connection.id)), {
        ctx,
        operation: 'v1.delete',
      }),
    ),
);

export const discardHalfDone = defineAction(
  // Whoever may create may undo their own half-done create (the handler checks it was theirs).
  {
    name: 'v1-credentials.discard',
    schema: v1IdInput,
    operation: 'v1.create',
    doing: 'delete the v1 credential',
    perMinute: 20,
    audit: V1_DELETE_AUDIT,
  },
  ({ id, connection, org }, ctx) =>
    changed(
      inScope({ connection, org }, (scope) => discardHalfDoneV1(id, scope.org, ctx, consoleV1Deps(scope.connection.id)), {
        ctx,
        operation: 'v1.create',
      }),
    ),
);
