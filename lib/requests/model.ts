// An access request (issue 15): the whole token form a person could not mint themselves, plus why
// they need it. Pure and free of Next.js: the builder validates with these schemas and the request
// actions parse the same again. The form parts reuse the token form's own schemas, so a request
// can hold nothing the builder could not.
import { z } from 'zod';
import { roleSchema } from '@/lib/auth/role-schemas';
import { lifetimeChoiceSchema, type LifetimeChoice } from '@/lib/lifetimes/choice';
import type { Grant } from '@/lib/permissions/model';
import { influxIdSchema } from '@/lib/permissions/model-schema';
import { grantsFieldSchema, ownerSchema, tokenFormSchema, type Owner } from '@/lib/permissions/token-form-schema';

import { DENY_REASON_MAX, JUSTIFICATION_MAX } from './text-limits';

export { DENY_REASON_MAX, JUSTIFICATION_MAX } from './text-limits';

/** Connection ids as the configuration names them: short, plain, safe in URLs and logs. */
export const connectionIdSchema = z
  .string({ error: 'Choose the InfluxDB connection.' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: 'Choose the InfluxDB connection.' });

// eslint-disable-next-line no-control-regex -- control characters (other than new lines) are what this refuses.
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f]/;

export const justificationSchema = z
  .string({ error: 'Say why you need this token.' })
  .trim()
  .min(1, { error: 'Say why you need this token: the admin who reviews it reads this first.' })
  .max(JUSTIFICATION_MAX, { error: `Keep the justification to ${JUSTIFICATION_MAX} characters or fewer.` })
  .refine((t) => !CONTROL_EXCEPT_NEWLINE.test(t), { error: 'Use plain text without control characters.' });

export const denyReasonSchema = z
  .string({ error: 'Say why the request is denied.' })
  .trim()
  .min(1, { error: 'Say why the request is denied: the requester reads this.' })
  .max(DENY_REASON_MAX, { error: `Keep the reason to ${DENY_REASON_MAX} characters or fewer.` })
  .refine((t) => !CONTROL_EXCEPT_NEWLINE.test(t), { error: 'Use plain text without control characters.' });

/** What is requested: the token as the builder would mint it. */
export const requestFormSchema = z.strictObject({
  connectionId: connectionIdSchema,
  orgID: influxIdSchema,
  description: tokenFormSchema.shape.description,
  owner: ownerSchema,
  grants: grantsFieldSchema,
  lifetime: lifetimeChoiceSchema,
});
export type RequestFormInput = z.input<typeof requestFormSchema>;

/** The parsed form; spelled out so the fingerprint and the narrowing rules name each part. */
export interface RequestForm {
  connectionId: string;
  orgID: string;
  description: string;
  owner: Owner;
  grants: Grant[];
  lifetime: LifetimeChoice;
}

/** What the requester submits: the form and the justification. */
export const requestSubmissionSchema = z.strictObject({
  form: requestFormSchema,
  justification: justificationSchema,
});

/**
 * The submission schema for one server: a grant of a type the server does not have is refused on
 * its own field, naming the type (the builder only offers the server's types; a link, a template
 * written for another server or a direct post can name others).
 */
export function requestSubmissionSchemaFor(serverTypes: readonly string[]) {
  const known = new Set(serverTypes);
  return requestSubmissionSchema.superRefine((s, ctx) => {
    s.form.grants.forEach((g, i) => {
      if (!known.has(g.type)) {
        ctx.addIssue({
          code: 'custom',
          path: ['form', 'grants', i, 'type'],
          message: `This InfluxDB server has no resource type "${g.type}". Remove that permission, or request it on a server that has it.`,
        });
      }
    });
  });
}

export type RequestSubmission = { form: RequestForm; justification: string };

export type ParsedSubmission = { ok: true; data: RequestSubmission } | { ok: false; fieldErrors: Record<string, string[]> };

/**
 * Parses a submission with errors keyed by dotted path ("justification", "form.grants.2.type"),
 * so the builder can put each message beside the field it names.
 */
export function parseRequestSubmission(input: unknown, serverTypes: readonly string[]): ParsedSubmission {
  const parsed = requestSubmissionSchemaFor(serverTypes).safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.') || 'form';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, fieldErrors };
}

export const REQUEST_STATES = ['pending', 'approved', 'approved-narrowed', 'denied', 'expired', 'withdrawn', 'minted'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
export const requestStateSchema = z.enum(REQUEST_STATES);

/** States in which the requester may mint (an approval, as given or narrowed). */
export const APPROVED_STATES: readonly RequestState[] = ['approved', 'approved-narrowed'];
/** States nothing leaves. */
export const FINAL_STATES: readonly RequestState[] = ['denied', 'expired', 'withdrawn', 'minted'];

export const personSchema = z.object({
  id: z.string().min(1).max(300),
  name: z.string().max(300).optional(),
  email: z.string().max(300).optional(),
  role: roleSchema,
});
export type Person = z.infer<typeof personSchema>;

/** One request as the console keeps it. Never a token value: a mint records only the token's id. */
export interface AccessRequest {
  id: string;
  state: RequestState;
  /** What would be minted now: the submitted form, or the narrowed one after a narrowed approval. */
  form: RequestForm;
  justification: string;
  requester: Person;
  createdAt: Date;
  updatedAt: Date;
  /** Who approved, narrowed or denied, and when. */
  reviewer?: Person;
  reviewedAt?: Date;
  /** The deny reason, or the reviewer's note on a narrowed approval. */
  reviewNote?: string;
  /** Fingerprint of the approved form: a mint must present a form with exactly this one. */
  approvedFingerprint?: string;
  mintedAt?: Date;
  /** InfluxDB's id of the minted token (16 hex digits), never its value. */
  authorizationId?: string;
  /** Bumped by every change; with the state, what a store's compare-and-set compares. */
  version: number;
}
