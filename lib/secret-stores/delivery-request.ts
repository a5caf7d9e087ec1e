// "Deliver to" in the builder, as one schema: the browser checks the shape, the action parses it
// again and then checks it against the configured store (checkDeliveryTarget) before anything is
// created. Pure: no server imports.
import { z } from 'zod';
import { checkKeyName, DEFAULT_KEY_NAME, resolveSecretPath } from './secret-path';

import { ROTATION_GRACE_DEFAULT, WRAP_TTL_DEFAULT, WRAP_TTL_MAX, WRAP_TTL_MIN } from './delivery-limits';

export { ROTATION_GRACE_DEFAULT, WRAP_TTL_DEFAULT, WRAP_TTL_MAX, WRAP_TTL_MIN } from './delivery-limits';

const storeId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'Choose a secret store.' });
const keyName = z
  .string()
  .max(64, { error: 'At most 64 characters.' })
  .default(DEFAULT_KEY_NAME)
  .superRefine((v, ctx) => {
    const k = checkKeyName(v);
    if (!k.ok) ctx.addIssue({ code: 'custom', message: k.error });
  })
  .transform((v) => v.trim() || DEFAULT_KEY_NAME);

export const deliveryRequestSchema = z.discriminatedUnion('kind', [
  /** Written as a new version of a KV v2 secret under the store's prefix. */
  z.strictObject({
    kind: z.literal('kv'),
    storeId,
    path: z.string().trim().min(1, { error: 'Type the path of the secret, under the store’s prefix.' }).max(512),
    key: keyName,
    /** Write the InfluxDB URL (key `url`) and org id (key `org_id`) beside the token. */
    withUrlAndOrg: z.boolean().default(false),
    /** Rotate the token at the path this often (absent: on demand only). */
    rotateEverySeconds: z.number().int().min(60, { error: 'Rotate at most once a minute.' }).max(31_622_400).optional(),
    /** How long the old token keeps working after a rotation, so readers pick up the new version. */
    graceSeconds: z.number().int().min(0).max(2_592_000).default(ROTATION_GRACE_DEFAULT),
  }),
  /** Put into the store's response wrapping: a single-use wrapping token for someone else. */
  z.strictObject({
    kind: z.literal('wrap'),
    storeId,
    key: keyName,
    withUrlAndOrg: z.boolean().default(false),
    ttlSeconds: z
      .number()
      .int()
      .min(WRAP_TTL_MIN, { error: `At least ${WRAP_TTL_MIN} seconds.` })
      .max(WRAP_TTL_MAX, { error: 'At most one day: a handoff is meant to be picked up soon.' })
      .default(WRAP_TTL_DEFAULT),
  }),
]);
export type DeliveryRequest = z.output<typeof deliveryRequestSchema>;
export type DeliveryRequestInput = z.input<typeof deliveryRequestSchema>;

/** What the builder knows of a store: enough to offer it and check a path, nothing secret. */
export interface StoreChoice {
  id: string;
  label: string;
  mount: string;
  pathPrefix: string;
}

export type TargetCheck = { ok: true; path: string | null } | { ok: false; fieldErrors: Record<string, string[]> };

/** The request against the configured stores: known store, a path under its prefix. */
export function checkDeliveryTarget(request: DeliveryRequest, stores: readonly StoreChoice[]): TargetCheck {
  const store = stores.find((s) => s.id === request.storeId);
  if (!store) {
    return {
      ok: false,
      fieldErrors: {
        'delivery.storeId': [
          stores.length === 0
            ? 'No secret store is configured on this console (CONSOLE_SECRET_STORES_FILE).'
            : `There is no secret store “${request.storeId}” on this console; choose one of ${stores.map((s) => s.label).join(', ')}.`,
        ],
      },
    };
  }
  if (request.kind === 'wrap') return { ok: true, path: null };
  const path = resolveSecretPath(store, request.path);
  if (!path.ok) return { ok: false, fieldErrors: { 'delivery.path': [path.error] } };
  return { ok: true, path: path.path };
}

/** The secret's fields: the value under the chosen key, and the URL and org id beside it if asked. */
export function secretData(
  request: Pick<DeliveryRequest, 'key' | 'withUrlAndOrg'>,
  value: string,
  where: { url: string; orgID: string },
): Record<string, string> {
  const data: Record<string, string> = { [request.key]: value };
  if (request.withUrlAndOrg) {
    // The token's own key wins if someone names it "url" or "org_id".
    if (request.key !== 'url') data.url = where.url;
    if (request.key !== 'org_id') data.org_id = where.orgID;
  }
  return data;
}
