// The permission model's zod schemas, as the server actions and link decoding parse with them. Apart
// from model.ts (types and pure functions) so that client code does not pull zod into the browser.
import { z } from 'zod';
import { ACTIONS, type Grant, type ItemRef, type Scope } from './model';

/** InfluxDB ids are 16 lowercase hex digits. */
export const influxIdSchema = z.string().regex(/^[0-9a-f]{16}$/, { error: 'must be a 16-hex-digit InfluxDB id' });

/** Resource type names as InfluxDB spells them (camelCase ASCII). `instance` is never grantable. */
export const resourceTypeSchema = z
  .string()
  .regex(/^[a-zA-Z]{2,40}$/, { error: 'unknown resource type' })
  .refine((t) => t !== 'instance', { error: 'instance cannot be granted' });

export const itemRefSchema = z.object({
  id: influxIdSchema,
  /** For display only; the server never trusts it (OSS ignores names, see the reference). */
  name: z.string().max(300).optional(),
});

/**
 * How far one action on one type reaches:
 * - all: every resource of the type in the token's org (for `orgs`: the org itself);
 * - items: only these resources (buckets, telegrafs, ... chosen by id);
 * - owner: only for `users`: the user who will own the token (what InfluxDB's All Access does).
 */
export const scopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('items'), items: z.array(itemRefSchema).min(1, { error: 'choose at least one item' }).max(500) }),
  z.object({ kind: z.literal('owner') }),
]);

export const grantSchema = z.object({
  type: resourceTypeSchema,
  action: z.enum(ACTIONS),
  scope: scopeSchema,
});

// The hand-written types in model.ts and what these schemas produce must stay the same.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: [
  Same<z.infer<typeof itemRefSchema>, ItemRef>,
  Same<z.infer<typeof scopeSchema>, Scope>,
  Same<z.infer<typeof grantSchema>, Grant>,
] = [true, true, true];
void sameTypes;
