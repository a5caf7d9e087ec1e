'use server';
// The v1 credential actions: public POST endpoints like every action. The wrapper checks origin,
// session, the role (lib/policy), input and rate limit; inScope resolves the body's connection and
// org again and asks the policy about that connection (who may act there); lib/v1 loads each
// credential from InfluxDB, asks the policy about it, acts and audits. A password leaves the
// server only in the answer to create and to "new password" (Next.js marks action responses
// no-store). Listing needs no action: the page renders the list on the server.
import { revalidatePath } from 'next/cache';
import { defineAction, type ActionContext } from '@/lib/actions/define-action';
import type { ActionResult } from '@/lib/actions/result';
import { getConfig } from '@/lib/config/server-config';
import type { OrgRef } from '@/lib/connections/registry';
import { inScope } from '@/lib/connections/resolve-scope';
import type { ScopeRequest } from '@/lib/connections/scope';
import type { Operation } from '@/lib/policy/operations';
import { deleteV1Credential, discardHalfDoneV1, setNewV1Password, setV1Status, V1_DELETE_AUDIT } from '@/lib/v1/change-v1-credential';
import { consoleV1Deps } from '@/lib/v1/console-v1';
import type { V1Deps } from '@/lib/v1/deps';
import { createV1Credential, V1_CREATE_AUDIT, V1_PASSWORD_AUDIT } from '@/lib/v1/create-v1-credential';
import { v1CreateSchema, v1IdInput, v1StatusInput } from '@/lib/v1/form-schema';

const PAGE = '/v1-credentials';

async function changed<T, P>(result: Promise<ActionResult<T, P>>): Promise<ActionResult<T, P>> {
  const r = await result;
  revalidatePath(PAGE);
  return r;
}

/** The body's connection and org, resolved and asked about `operation`; then act there with its v1 client. */
function onV1<T, P>(
  req: ScopeRequest,
  ctx: ActionContext,
  operation: Operation,
  act: (org: OrgRef, deps: V1Deps) => Promise<ActionResult<T, P>>,
): Promise<ActionResult<T, P>> {
  return inScope(req, (scope) => act(scope.org, consoleV1Deps(scope.connection.id)), { ctx, operation });
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
    changed(onV1({ connection, org }, ctx, 'v1.create', (orgRef, deps) => createV1Credential(form, orgRef, ctx, deps))),
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
    onV1({ connection, org }, ctx, 'v1.password', (orgRef, deps) => setNewV1Password(id, orgRef, ctx, deps)),
);

export const setV1CredentialStatus = defineAction(
  // The wrapper checks the lower of the two (deactivate); activating is asked again per credential.
  { name: 'v1-credentials.set-status', schema: v1StatusInput, operation: 'v1.deactivate', doing: 'change the v1 credential status' },
  ({ id, status, connection, org }, ctx) =>
    changed(
      onV1({ connection, org }, ctx, status === 'active' ? 'v1.activate' : 'v1.deactivate', (orgRef, deps) =>
        setV1Status(id, status, orgRef, ctx, deps),
      ),
    ),
);

export const deleteV1 = defineAction(
  { name: 'v1-credentials.delete', schema: v1IdInput, operation: 'v1.delete', doing: 'delete the v1 credential', audit: V1_DELETE_AUDIT },
  ({ id, connection, org }, ctx) =>
    changed(onV1({ connection, org }, ctx, 'v1.delete', (orgRef, deps) => deleteV1Credential(id, orgRef, ctx, deps))),
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
    changed(onV1({ connection, org }, ctx, 'v1.create', (orgRef, deps) => discardHalfDoneV1(id, orgRef, ctx, deps))),
);
