// A prefill: what a shared link or a template puts into the token builder. Everything is by NAME
// (org, owner, buckets, Telegraf configurations), so a link made on one InfluxDB works on another
// with the same names; the server resolves names to ids when the link is opened
// (resolve-prefill.ts). Pure: no React, no I/O; shared by client and server.
import { z } from 'zod';
import { ACTIONS, ITEM_PICKABLE_TYPES, type Action } from '@/lib/permissions/model';
import { resourceTypeSchema } from '@/lib/permissions/model-schema';
import { parseLifetimeChoice } from '@/lib/lifetimes/choice-text';
import { checkKeyName, checkPathShape, DEFAULT_KEY_NAME } from '@/lib/secret-stores/secret-path';

export const STATUSES = ['active', 'inactive'] as const;
export type TokenStatus = (typeof STATUSES)[number];

/** Something a link or template asked for that was not applied, and why, in plain words. */
export interface NotApplied {
  /** The part as written (`p=write:functions`), shortened; secret-looking values are hidden. */
  part: string;
  reason: string;
}

// An InfluxDB token is 64 random bytes in base64 (86 characters and "=="). A long run of base64
// characters mixing digits, upper and lower case is treated as a secret wherever it appears, so a
// pasted token can never ride along in a description or a name.
const LONG_RUN = /[A-Za-z0-9+/_=-]{40,}/g;
export function looksLikeSecret(value: string): boolean {
  for (const run of value.match(LONG_RUN) ?? []) {
    if (/[0-9]/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run)) return true;
  }
  return false;
}

// No control characters (they do not belong in one-line form fields and make links unreadable),
// well-formed Unicode only (a lone surrogate cannot be put in a URL), no secrets.
// eslint-disable-next-line no-control-regex -- C0, DEL and C1 controls are exactly what this refuses.
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const text = (what: string, max: number) =>
  z
    .string()
    .max(max, { error: `${what} is longer than ${max} characters` })
    .refine((s) => !CONTROL.test(s), { error: `${what} contains control characters` })
    .refine((s) => !LONE_SURROGATE.test(s), { error: `${what} is not valid text` })
    .refine((s) => !looksLikeSecret(s), { error: `${what} looks like it contains a secret; links never carry secrets` });

export const descriptionSchema = text('the description', 400).min(1, { error: 'the description is empty' });
/** Org, user, bucket and Telegraf names. `*` is reserved: it means "all" in the grammar. */
export const nameSchema = text('the name', 255)
  .min(1, { error: 'the name is empty' })
  .refine((s) => s !== '*', { error: '"*" means every item, it cannot be a name' })
  // Names are written one per line in template files and the editor, where edges are trimmed.
  .refine((s) => s.trim() === s, { error: 'a name cannot begin or end with a space' });

export const prefillScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('items'), names: z.array(nameSchema).min(1).max(200) }),
  z.object({ kind: z.literal('owner') }),
]);
export type PrefillScope = z.infer<typeof prefillScopeSchema>;

const PICKABLE: readonly string[] = ITEM_PICKABLE_TYPES;

/** Which scopes the grammar allows for a type; the reason is shown when a link asks for another. */
export function scopeProblem(type: string, scope: PrefillScope['kind']): string | undefined {
  if (type === 'orgs') return scope === 'all' ? undefined : 'an org grant always means the token’s own org; no item can be named';
  if (type === 'users') {
    return scope === 'owner' ? undefined : 'users can be granted only for the token’s own user, written users/owner';
  }
  if (scope === 'owner') return 'only users can be scoped to the owner';
  if (scope === 'items' && !PICKABLE.includes(type)) {
    return 'only buckets and Telegraf configurations can be chosen one by one; other types apply to the whole org';
  }
  return undefined;
}

export const prefillGrantSchema = z
  .object({ type: resourceTypeSchema, action: z.enum(ACTIONS), scope: prefillScopeSchema })
  .superRefine((g, ctx) => {
    const problem = scopeProblem(g.type, g.scope.kind);
    if (problem) ctx.addIssue({ code: 'custom', path: ['scope'], message: problem });
  });
export type PrefillGrant = z.infer<typeof prefillGrantSchema>;

export const MAX_PREFILL_GRANTS = 200;

/** A lifetime a link or template may carry: the builder's choice grammar, checked again at mint. */
export const lifetimeTextSchema = z
  .string()
  .max(40)
  .refine((v) => parseLifetimeChoice(v).ok, { error: 'a lifetime is 7d, 30d, 90d (any whole s/m/h/d), a date YYYY-MM-DD, or never' });

/**
 * Issue 17 (link format 4): where the builder delivers the token, a KV path in a configured secret
 * store. Only the shape is checked here (no `..`, no empty segment, a plain key name); whether the
 * store exists and the path lies under its prefix is decided on the server when the link is opened
 * and again when the token is minted.
 */
export const prefillDeliverSchema = z.object({
  store: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'a secret store id is lowercase letters, digits and dashes' }),
  path: z.string().superRefine((path, ctx) => {
    const shape = checkPathShape(path, 'the path');
    if (!shape.ok) ctx.addIssue({ code: 'custom', message: shape.error });
    else if (shape.path !== path) ctx.addIssue({ code: 'custom', message: 'the path has spaces around it' });
    else if (looksLikeSecret(path))
      ctx.addIssue({ code: 'custom', message: 'the path looks like it contains a secret; links never carry secrets' });
  }),
  /** The key the value is written under; absent: `token`. */
  key: z
    .string()
    .refine((k) => checkKeyName(k).ok && k.trim() === k, { error: 'the key name must be a plain identifier, e.g. token' })
    .optional(),
  /** Write the InfluxDB URL and org id beside the token. */
  withUrlAndOrg: z.boolean().optional(),
});
export type PrefillDeliver = z.infer<typeof prefillDeliverSchema>;

export const prefillSchema = z.object({
  org: nameSchema.optional(),
  description: descriptionSchema.optional(),
  status: z.enum(STATUSES).optional(),
  /** The user who will own the token, by name (the builder's "owner" choice). */
  owner: nameSchema.optional(),
  /** Issue 13 (link format 3): the token's lifetime in the builder's grammar ("30d", a date, "never"). */
  lifetime: lifetimeTextSchema.optional(),
  /** Issue 17 (link format 4): "Deliver to" a secret store path instead of the copy-once dialog. */
  deliver: prefillDeliverSchema.optional(),
  grants: z.array(prefillGrantSchema).max(MAX_PREFILL_GRANTS),
});
export type Prefill = z.infer<typeof prefillSchema>;

export const emptyPrefill = (): Prefill => ({ grants: [] });

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const actionRank: Record<Action, number> = { read: 0, write: 1 };

/** Grants in a stable order: by type, read before write. */
export function compareGrants(a: Pick<PrefillGrant, 'type' | 'action'>, b: Pick<PrefillGrant, 'type' | 'action'>): number {
  return cmp(a.type, b.type) || actionRank[a.action] - actionRank[b.action];
}

/**
 * The canonical form: one grant per (type, action), "all" absorbs items, item names deduplicated
 * and sorted, empty optional fields removed. Encoding then decoding yields exactly this.
 */
export function normalisePrefill(p: Prefill): Prefill {
  const byKey = new Map<string, PrefillGrant>();
  for (const g of p.grants) {
    const key = `${g.type}\u0000${g.action}`;
    const prev = byKey.get(key);
    if (!prev) byKey.set(key, g.scope.kind === 'items' ? { ...g, scope: { kind: 'items', names: uniqueSorted(g.scope.names) } } : { ...g });
    else if (prev.scope.kind === 'all' || g.scope.kind === 'all') byKey.set(key, { ...g, scope: { kind: 'all' } });
    else if (prev.scope.kind === 'items' && g.scope.kind === 'items')
      byKey.set(key, { ...g, scope: { kind: 'items', names: uniqueSorted([...prev.scope.names, ...g.scope.names]) } });
  }
  return {
    ...(p.org ? { org: p.org } : {}),
    ...(p.description ? { description: p.description } : {}),
    ...(p.status ? { status: p.status } : {}),
    ...(p.owner ? { owner: p.owner } : {}),
    ...(p.lifetime ? { lifetime: p.lifetime } : {}),
    ...(p.deliver
      ? {
          deliver: {
            store: p.deliver.store,
            path: p.deliver.path,
            ...(p.deliver.key && p.deliver.key !== DEFAULT_KEY_NAME ? { key: p.deliver.key } : {}),
            ...(p.deliver.withUrlAndOrg ? { withUrlAndOrg: true } : {}),
          },
        }
      : {}),
    grants: [...byKey.values()].sort(compareGrants),
  };
}

function uniqueSorted(names: readonly string[]): string[] {
  return [...new Set(names)].sort(cmp);
}

/** A part shown back to a person: single line, short, never a secret. */
export function showPart(key: string, value: string): string {
  const k = looksLikeSecret(key) ? '(hidden)' : key.replace(new RegExp(CONTROL.source, 'g'), '?').slice(0, 40);
  const hidden = `${k}=(hidden: looked like a secret)`;
  if (looksLikeSecret(value) || looksLikeSecret(key)) return hidden;
  const v = value.replace(new RegExp(CONTROL.source, 'g'), '?');
  const shown = `${k}=${v.length > 120 ? `${v.slice(0, 117)}…` : v}`;
  // Key and value together could form a secret-shaped run ("abc=" + "def..."): hide that too.
  return looksLikeSecret(shown) ? hidden : shown;
}

/** A part whose parameter name alone says it was meant to carry a secret: its value is never shown. */
export function hiddenPart(key: string): string {
  return `${looksLikeSecret(key) ? '(hidden)' : key.replace(new RegExp(CONTROL.source, 'g'), '?').slice(0, 40)}=(hidden)`;
}
