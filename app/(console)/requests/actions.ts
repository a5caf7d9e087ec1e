'use server';
// The access request actions (issue 15): public POST endpoints like every action, declared with
// defineAction (origin, session, role, schema, rate limit); lib/requests/console-requests.ts does
// the steps. Each action's schema is the shared one of lib/requests/model.ts.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import type { ActionResult } from '@/lib/actions/result';
import { getConfig } from '@/lib/config/server-config';
import { change, mintApproved, review, submit, withdraw } from '@/lib/requests/console-requests';
import { denyReasonSchema, requestFormSchema, requestSubmissionSchema } from '@/lib/requests/model';

const requestIdSchema = z.uuid({ error: 'The request id is missing or malformed.' });

const revalidated = async <T extends ActionResult<unknown, unknown>>(result: Promise<T>): Promise<T> => {
  const out = await result;
  if (out.ok) revalidatePath('/requests', 'layout');
  return out;
};

export const requestToken = defineAction(
  {
    name: 'requests.create',
    schema: requestSubmissionSchema,
    operation: 'request.create',
    doing: 'send the request',
    perMinute: 10,
    audit: 'request.create',
  },
  (input, ctx) => revalidated(submit(input, ctx)),
);

export const withdrawRequest = defineAction(
  {
    name: 'requests.withdraw',
    schema: z.strictObject({ id: requestIdSchema }),
    operation: 'request.withdraw',
    doing: 'withdraw the request',
    audit: 'request.withdraw',
  },
  ({ id }, ctx) => revalidated(withdraw(id, ctx)),
);

/** Changing a request (also an approved one) sends it back for review. */
export const changeRequest = defineAction(
  {
    name: 'requests.change',
    schema: requestSubmissionSchema.extend({ id: requestIdSchema }),
    operation: 'request.withdraw',
    doing: 'change the request',
    perMinute: 10,
    audit: 'request.change',
  },
  ({ id, ...submission }, ctx) => revalidated(change(id, submission, ctx)),
);

export const approveRequest = defineAction(
  {
    name: 'requests.approve',
    // `form`: the narrowed form (grants removed, lifetime shortened); absent: approve as requested.
    schema: z.strictObject({
      id: requestIdSchema,
      form: requestFormSchema.optional(),
      note: denyReasonSchema.optional(),
    }),
    operation: 'request.review',
    doing: 'approve the request',
    audit: 'request.approve',
  },
  ({ id, form, note }, ctx) => revalidated(review(id, { verdict: 'approve', ...(form ? { form } : {}), ...(note ? { note } : {}) }, ctx)),
);

export const denyRequest = defineAction(
  {
    name: 'requests.deny',
    schema: z.strictObject({ id: requestIdSchema, reason: denyReasonSchema }),
    operation: 'request.review',
    doing: 'deny the request',
    audit: 'request.deny',
  },
  ({ id, reason }, ctx) => revalidated(review(id, { verdict: 'deny', reason }, ctx)),
);

export const mintRequest = defineAction(
  {
    name: 'requests.mint',
    schema: z.strictObject({
      id: requestIdSchema,
      form: requestFormSchema,
      formKey: z.uuid({ error: 'The form key is missing or malformed. Reload the page.' }),
      confirmSensitive: z.boolean().default(false),
    }),
    operation: 'request.mint',
    doing: 'create the approved token',
    perMinute: () => getConfig().CONSOLE_MINT_PER_MINUTE,
    audit: 'request.mint',
  },
  (input, ctx) => revalidated(mintApproved(input, ctx)),
);
