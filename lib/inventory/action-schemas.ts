// Inputs of the inventory's server actions: one schema per action, shared by the forms and the
// actions (which parse again). Pure: no server imports.
import { z } from 'zod';
import { scopeFields } from '@/lib/connections/scope-fields';
import { influxIdSchema } from '@/lib/permissions/model-schema';
import { DESCRIPTION_EDIT_MAX, DESCRIPTION_TOO_LONG, MAX_BULK, MAX_GRACE_SECONDS } from './action-limits';
import { inventoryQuerySchema } from './query-schema';

export { GRACE_PRESETS, MAX_BULK, MAX_GRACE_SECONDS, formatDuration } from './action-limits';

// Every input names the connection and org it acts on (absent: the default ones); the action
// resolves both again on the server (lib/connections/resolve-scope.ts).
export const listTokensInput = inventoryQuerySchema.extend({ refresh: z.boolean().default(false), ...scopeFields });
export const tokenIdInput = z.object({ id: influxIdSchema, ...scopeFields });
export const setStatusInput = z.object({ id: influxIdSchema, status: z.enum(['active', 'inactive']), ...scopeFields });
export const describeInput = z.object({
  ...scopeFields,
  id: influxIdSchema,
  description: z.string().trim().max(DESCRIPTION_EDIT_MAX, { error: DESCRIPTION_TOO_LONG }),
});
export const bulkInput = z.object({
  ...scopeFields,
  ids: z
    .array(influxIdSchema)
    .min(1, { error: 'Select at least one token.' })
    .max(MAX_BULK, { error: `Select at most ${MAX_BULK} tokens at once.` })
    .transform((ids) => [...new Set(ids)]),
});
/** The dialog's one-time key (made once per opening): a repeated post makes no second token. */
const formKey = z.uuid({ error: 'The form key is missing or malformed. Reload the page.' });
export const cloneInput = z.object({ id: influxIdSchema, formKey, ...scopeFields });
export const replaceInput = z.object({
  ...scopeFields,
  id: influxIdSchema,
  /** 0: deactivate the original now. Otherwise at least CONSOLE_MIN_GRACE_SECONDS (checked on the server). */
  graceSeconds: z.number().int().min(0).max(MAX_GRACE_SECONDS, { error: 'Choose a grace period of 30 days or less.' }),
  formKey,
  /** Issue 13: the replacement's lifetime (the builder's grammar); absent: the policy's default. */
  lifetime: z.string().trim().max(64).optional(),
});
export const scheduleIdInput = z.object({ scheduleId: z.number().int().positive(), ...scopeFields });
