// The "new token" form, as one schema: the builder validates with it (zodResolver) and the server
// action parses the same thing again, so what the person saw accepted is what the server accepts.
// Pure: no server imports.
import { z } from 'zod';
import { scopeFields } from '@/lib/connections/scope-fields';
import { ITEM_PICKABLE_TYPES, normaliseGrants, type Grant } from './model';
import { grantSchema, influxIdSchema } from './model-schema';
import { DESCRIPTION_MAX, GRANTS_MAX, NEW_USER_NAME_MAX } from './token-form-limits';

export { DESCRIPTION_MAX, GRANTS_MAX, NEW_USER_NAME_MAX, newFormKey } from './token-form-limits';

/**
 * A name for a NEW InfluxDB user (the "create a user" path). InfluxDB itself accepts almost any
 * text, but these names end up in CLI commands, logs and sign-in forms, so new users get a plain
 * identifier: letters, digits and . _ @ + - (e.g. iot_user_1, svc.telegraf@edge-01). Existing users
 * are chosen by id, whatever their name.
 */
export const newUserNameSchema = z
  .string({ error: 'Type a name for the new InfluxDB user.' })
  .trim()
  .min(1, { error: 'Type a name for the new InfluxDB user.' })
  .max(NEW_USER_NAME_MAX, { error: `At most ${NEW_USER_NAME_MAX} characters.` })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@+-]*$/, {
    error: 'Use letters, digits and . _ @ + - only, starting with a letter or digit.',
  });

/**
 * Who will own the token:
 * - console: the console's own InfluxDB user (the service user behind its credential), the default;
 * - existing: another InfluxDB user, by id (the name is for display only; the server looks it up);
 * - new: a user the console creates by name, then mints the token for (lib/tokens/owner-plan.ts).
 */
export const ownerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('console') }),
  z.strictObject({ kind: z.literal('existing'), userID: influxIdSchema, name: z.string().max(300).optional() }),
  z.strictObject({ kind: z.literal('new'), name: newUserNameSchema }),
]);
export type Owner = z.infer<typeof ownerSchema>;

/** Where each scope kind is allowed; the model itself is more general (inventory round-trips). */
export function scopeProblem(g: Grant): string | undefined {
  if (g.type === 'orgs' && g.scope.kind !== 'all') return 'an organisation grant always means the token’s own organisation';
  if (g.type === 'users' && g.scope.kind !== 'owner') return 'users can be granted only for the token’s own user';
  if (g.type !== 'users' && g.scope.kind === 'owner') return 'only users can be scoped to the owner';
  if (g.scope.kind === 'items' && !(ITEM_PICKABLE_TYPES as readonly string[]).includes(g.type))
    return `specific items cannot be chosen for ${g.type}`;
  return undefined;
}

export const grantsFieldSchema = z
  .array(grantSchema)
  .min(1, { error: 'Choose at least one permission.' })
  .max(GRANTS_MAX, { error: `At most ${GRANTS_MAX} permissions.` })
  .superRefine((grants, ctx) => {
    grants.forEach((g, i) => {
      const problem = scopeProblem(g);
      if (problem) ctx.addIssue({ code: 'custom', path: [i, 'scope'], message: problem });
    });
  })
  .transform((grants) => normaliseGrants(grants));

// Control characters would break the CLI preview and log lines; everything else is allowed.
// eslint-disable-next-line no-control-regex -- control characters are what this refuses.
const CONTROL = /[\u0000-\u001f\u007f]/;

export const tokenFormSchema = z.strictObject({
  /** One-time key of this form: claimed once on the server, so resubmits cannot mint twice. */
  formKey: z.uuid({ error: 'The form key is missing or malformed. Reload the page.' }),
  orgID: influxIdSchema,
  description: z
    .string({ error: 'Describe what the token is for.' })
    .trim()
    .min(1, { error: 'Describe what the token is for.' })
    .max(DESCRIPTION_MAX, { error: `At most ${DESCRIPTION_MAX} characters.` })
    .refine((d) => !CONTROL.test(d), { error: 'Use a single line without control characters.' }),
  status: z.enum(['active', 'inactive']),
  owner: ownerSchema,
  grants: grantsFieldSchema,
  /** The person ticked "I understand" for flagged grants; the server checks it, not only the UI. */
  confirmSensitive: z.boolean().default(false),
  /**
   * The lifetime choice as lib/lifetimes/choice.ts encodes it ("30d", a date, "never"); absent or
   * empty: the policy's default. The server decides it again (checkLifetimeField), so this only
   * bounds the size.
   */
  lifetime: z.string().max(64, { error: 'Choose 7, 30 or 90 days, a date (YYYY-MM-DD) or "never".' }).optional(),
  /**
   * Issue 15: the template the builder was opened from, by slug. The mint actions refuse a form
   * naming a template that needs approval (lib/templates/approval-gate.ts).
   */
  template: z
    .string()
    .max(64)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'Not a template name.' })
    .optional(),
  // Which connection and org the page mints on (absent: the default ones); the action resolves
  // both again and mints only in that org.
  ...scopeFields,
});

export type TokenFormInput = z.input<typeof tokenFormSchema>;
export type TokenForm = z.output<typeof tokenFormSchema>;
