// The forms of v1 credentials, one schema each: the page validates with them and the actions
// parse the same thing again. Pure: no server imports.
import { z } from 'zod';
import { scopeFields } from '@/lib/connections/scope-fields';
import { influxIdSchema } from '@/lib/permissions/model-schema';

/**
 * The username is shown in clear in every list and sent in URLs (u=) and Basic auth, where a `:`
 * would end it. InfluxDB accepts any text; the console asks for a plain identifier of at most 32
 * characters, so it can never be mistaken for (or be) a token or a password pasted in the wrong
 * field (tokens are 88 characters).
 */
export const V1_USERNAME_MAX = 32;
export const v1UsernameSchema = z
  .string({ error: 'Type a username.' })
  .trim()
  .min(1, { error: 'Type a username.' })
  .max(V1_USERNAME_MAX, { error: `At most ${V1_USERNAME_MAX} characters.` })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, { error: 'Use letters, digits and . _ @ - only, starting with a letter or digit.' });

const bucketIds = z.array(influxIdSchema).max(200, { error: 'At most 200 buckets.' });

export const v1CreateSchema = z
  .strictObject({
    username: v1UsernameSchema,
    description: z.string().trim().max(300, { error: 'Keep the description under 300 characters.' }).default(''),
    read: bucketIds.default([]),
    write: bucketIds.default([]),
    owner: z
      .discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('console') }),
        z.strictObject({ kind: z.literal('existing'), userID: influxIdSchema, name: z.string().max(300).optional() }),
      ])
      .default({ kind: 'console' }),
    // The page's connection and org; the server resolves and checks them again.
    ...scopeFields,
  })
  .refine((f) => f.read.length + f.write.length > 0, { error: 'Choose at least one bucket to read or write.', path: ['read'] });
export type V1CreateForm = z.infer<typeof v1CreateSchema>;
export type V1CreateInput = z.input<typeof v1CreateSchema>;

export const v1IdInput = z.strictObject({ id: influxIdSchema, ...scopeFields });
export const v1StatusInput = z.strictObject({ id: influxIdSchema, status: z.enum(['active', 'inactive']), ...scopeFields });
