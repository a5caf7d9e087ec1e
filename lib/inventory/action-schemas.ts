// Inputs of the inventory's server actions: one schema per action, shared by the forms and the
// actions (which parse again). Pure: no server imports.
import { z } from 'zod';
import { scopeFields } from '@/lib/connections/scope';
import { influxIdSchema } from '@/lib/permissions/model';
import { inventoryQuerySchema } from './query';

export const MAX_BULK = 500;
/** Longest grace period offered for "replace": 30 days. */
export const MAX_GRACE_SECONDS = 30 * 24 * 3600;

// Every input names the connection and org it acts on (absent: the default ones); the action
// resolves both again on the server (lib/connections/resolve-scope.ts).
export const listTokensInput = inventoryQuerySchema.extend({ refresh: z.boolean().default(false), ...scopeFields });
export const tokenIdInput = z.object({ id: influxIdSchema, ...scopeFields });
export const setStatusInput = z.object({ id: influxIdSchema, status: z.enum(['active', 'inactive']), ...scopeFields });
export const describeInput = z.object({
  ...scopeFields,
  id: influxIdSchema,
  description: z.string().trim().max(300, { error: 'Keep the description under 300 characters.' }),
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
});
export const scheduleIdInput = z.object({ scheduleId: z.number().int().positive(), ...scopeFields });

/** Grace period choices offered in the replace dialog (seconds). */
export const GRACE_PRESETS = [
  { seconds: 0, label: 'Immediately' },
  { seconds: 3600, label: 'In 1 hour' },
  { seconds: 24 * 3600, label: 'In 24 hours' },
  { seconds: 7 * 24 * 3600, label: 'In 7 days' },
] as const;

export function formatDuration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} day${seconds === 86400 ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}
