// Inputs of the set / change / remove expiry actions, shared by the dialog and the actions (which
// parse again and then decide the expiry on the server, whatever the page sent). Pure: no server
// imports. The expiry is the builder's choice grammar ("30d", "2026-12-31", an instant, "never").
import { z } from 'zod';
import { scopeFields } from '@/lib/connections/scope-fields';
import { MAX_BULK } from '@/lib/inventory/action-limits';
import { influxIdSchema } from '@/lib/permissions/model-schema';

const expiry = z.string().trim().max(64, { error: 'That is not an expiry: choose a number of days, a date, or "no expiry".' });

export const changeExpiryInput = z.object({ ...scopeFields, id: influxIdSchema, expiry });
export const bulkChangeExpiryInput = z.object({
  ...scopeFields,
  ids: z
    .array(influxIdSchema)
    .min(1, { error: 'Select at least one token.' })
    .max(MAX_BULK, { error: `Select at most ${MAX_BULK} tokens at once.` })
    .transform((ids) => [...new Set(ids)]),
  expiry,
});
