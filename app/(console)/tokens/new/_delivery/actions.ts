'use server';
// Minting straight into a secret store (issue 17), and the three ways on when the store write
// fails after the token was created: write again, show the value once, delete the token. Kept
// apart from ../actions.ts so the copy-once path stays as it was. The follow-ups act only on the
// person's own held delivery, by its operation id (lib/secret-stores/held-values.ts).
import { z } from 'zod';
import { defineAction, type ActionContext } from '@/lib/actions/define-action';
import { fail, ok, type ActionResult } from '@/lib/actions/result';
import { inScope } from '@/lib/connections/resolve-scope';
import { getConfig } from '@/lib/config/server-config';
import { connectionOfStored, defaultConnection, storedConnectionID } from '@/lib/connections/registry';
import { consoleCatalog } from '@/lib/influx/catalog';
import { influxIdSchema } from '@/lib/permissions/model-schema';
import { tokenFormSchema } from '@/lib/permissions/token-form-schema';
import { consolePolicy } from '@/lib/policy/console-policy';
import { evaluateGrants, otherOwnerDecision } from '@/lib/policy/grant-policy';
import { findStore } from '@/lib/secret-stores/configured-stores';
import { consoleDeliverDeps, storeChoices } from '@/lib/secret-stores/console-delivery';
import {
  DELIVER_AUDIT_ACTION,
  deleteHeldToken,
  deliverMinted,
  retryDelivery,
  showHeldValue,
  type Delivered,
  type DeliveryContext,
  type DeliveryHalfDone,
} from '@/lib/secret-stores/deliver-minted';
import { checkDeliveryTarget, deliveryRequestSchema } from '@/lib/secret-stores/delivery-request';
import { peekHeld } from '@/lib/secret-stores/held-values';
import { rotateNow } from '@/lib/secret-stores/console-rotation';
import { ROTATE_AUDIT_ACTION } from '@/lib/secret-stores/rotate-delivery';
import { rotationOfToken } from '@/lib/storage/secret-rotations';
import { recordAudit } from '@/lib/storage/audit';
import { consoleMintDeps } from '@/lib/tokens/console-mint';
import { AUDIT_ACTION, mintToken } from '@/lib/tokens/mint-token';
import { templateApprovalRefusal } from '@/lib/templates/approval-gate';
import { fourEyesRefusal } from '@/lib/requests/four-eyes';
import type { HalfDone } from '@/lib/tokens/minted';

export const createTokenForStore = defineAction(
  {
    name: 'tokens.create-for-store',
    schema: tokenFormSchema.extend({ delivery: deliveryRequestSchema }),
    operation: 'token.mint',
    doing: 'create the token',
    perMinute: () => getConfig().CONSOLE_MINT_PER_MINUTE,
    audit: AUDIT_ACTION,
  },
  ({ connection, org, delivery, ...form }, ctx) =>
    inScope(
      { connection, org },
      async (scope): Promise<ActionResult<Delivered, DeliveryHalfDone | HalfDone>> => {
        if (form.orgID !== scope.org.id) {
          return fail('invalid-input', `This page creates tokens in org ${scope.org.name} on ${scope.connection.label}. Reload the page.`, {
            fieldErrors: { orgID: ['Not the organisation of this page'] },
          });
        }
        const needsApproval = await templateApprovalRefusal(form.template, ctx, { action: AUDIT_ACTION, orgID: scope.org.id });
        if (needsApproval) return needsApproval;
        // The grants are judged first (mintToken refuses and audits what the policy refuses), so
        // a refused person learns nothing about the stores; then the target, before anything is
        // created.
        const types = await consoleCatalog(scope.connection.id).resourceTypes();
        const policy = consolePolicy();
        const mayMint =
          evaluateGrants(ctx.user.role, form.grants, types, policy).allowed &&
          (form.owner.kind === 'console' || otherOwnerDecision(ctx.user.role, policy).allowed);
        const store = findStore(delivery.storeId);
        const target = checkDeliveryTarget(delivery, storeChoices());
        if (!target.ok || !store) {
          const fieldErrors = target.ok ? { 'delivery.storeId': ['Choose a secret store.'] } : target.fieldErrors;
          if (mayMint) {
            try {
              await recordAudit({
                requestId: ctx.requestId,
                actor: ctx.user,
                action: AUDIT_ACTION,
                outcome: 'refused',
                orgID: scope.org.id,
                detail: { reason: 'delivery-target', store: delivery.storeId, fields: Object.keys(fieldErrors) },
              });
            } catch {
              // Best effort, as every refusal's audit: the person still gets the reason.
            }
            return fail('invalid-input', Object.values(fieldErrors)[0]![0]!, { fieldErrors });
          }
        }
        const fourEyes = await fourEyesRefusal(form, ctx.user.role, scope.connection.id);
        if (fourEyes) return fourEyes;
        const minted = await mintToken(form, ctx, consoleMintDeps(scope.connection.id));
        // Never the mint's own answer: it carries the value, which here goes only to the store.
        if (!minted.ok) {
          const { code, formError, fieldErrors, partial } = minted;
          return fail(code, formError, { ...(fieldErrors ? { fieldErrors } : {}), ...(partial ? { partial } : {}) });
        }
        if (!target.ok || !store) throw new Error('delivery target vanished after the mint was allowed');
        const connectionID = storedConnectionID(scope.connection.id);
        return deliverMinted(
          minted.data,
          { store, request: delivery, path: target.path, connectionID, influxUrl: scope.connection.url },
          ctx,
          consoleDeliverDeps(store, scope.connection.id, ctx),
        );
      },
      { ctx, operation: 'token.mint' },
    ),
);

const followUp = z.strictObject({ operationId: z.uuid({ error: 'The operation id is missing or malformed.' }) });

/** The deps for a held delivery: its store's client and its connection. */
function heldDeps(operationId: string, ctx: ActionContext) {
  const held = peekHeld<DeliveryContext>(operationId, ctx.user.id);
  if (!held) return undefined;
  const store = findStore(held.context.store.id) ?? held.context.store;
  const connectionID = connectionOfStored(held.context.connectionID)?.id ?? defaultConnection().id;
  return consoleDeliverDeps(store, connectionID, ctx);
}

const NOTHING_HELD =
  'The console no longer holds anything for this delivery (too much time passed, it was settled already, or the console restarted). The token itself is in the inventory: delete it there if nobody has it.';

export const retryTokenDelivery = defineAction(
  {
    name: 'tokens.delivery-retry',
    schema: followUp,
    operation: 'token.deliver',
    doing: 'write the token to the store',
    perMinute: 20,
    audit: DELIVER_AUDIT_ACTION,
  },
  async ({ operationId }, ctx) => {
    const deps = heldDeps(operationId, ctx);
    return deps ? retryDelivery(operationId, ctx, deps) : fail('not-found', NOTHING_HELD);
  },
);

export const showHeldToken = defineAction(
  {
    name: 'tokens.delivery-show-once',
    schema: followUp,
    operation: 'token.deliver',
    doing: 'show the token once',
    perMinute: 20,
    audit: DELIVER_AUDIT_ACTION,
  },
  async ({ operationId }, ctx) => {
    const deps = heldDeps(operationId, ctx);
    return deps ? showHeldValue(operationId, ctx, deps) : fail('not-found', NOTHING_HELD);
  },
);

export const deleteUndeliveredToken = defineAction(
  {
    name: 'tokens.delivery-delete',
    schema: followUp,
    operation: 'token.deliver',
    doing: 'delete the token',
    perMinute: 20,
    audit: 'token.delete',
  },
  async ({ operationId }, ctx) => {
    const deps = heldDeps(operationId, ctx);
    return deps ? deleteHeldToken(operationId, ctx, deps) : fail('not-found', NOTHING_HELD);
  },
);

/** "Rotate now" on a token's page: the path it is at gets a successor (admins: it is a replace). */
export const rotateDeliveredToken = defineAction(
  {
    name: 'tokens.rotate-now',
    schema: z.strictObject({ authorizationID: influxIdSchema }),
    operation: 'token.replace',
    doing: 'rotate the token in its secret store',
    perMinute: 10,
    audit: ROTATE_AUDIT_ACTION,
  },
  async ({ authorizationID }, ctx) => {
    const rotation = await rotationOfToken(authorizationID);
    if (!rotation) return fail('not-found', 'This token is not the one at a secret-store path the console rotates.');
    const r = await rotateNow(rotation, ctx.requestId, ctx.user);
    return r.ok ? ok({ message: r.message, successorID: r.successorID, version: r.version }) : fail('upstream', r.problem);
  },
);
