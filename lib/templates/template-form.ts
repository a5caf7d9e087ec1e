// The template editor's one schema: zodResolver uses it in the browser, the actions parse with it
// again on the server. Permissions are written one per line in the link grammar
// (`write:buckets/telemetry`), which is also how they are stored. Pure.
import { scopeFields } from '@/lib/connections/scope-fields';
import { z } from 'zod';
import {
  descriptionSchema,
  lifetimeTextSchema,
  normalisePrefill,
  prefillDeliverSchema,
  type PrefillDeliver,
  type PrefillGrant,
} from '@/lib/links/prefill';
import { SLUG_MAX, SLUG_PATTERN, parsePermissionPart, permissionParts } from '@/lib/links/share-link';
import { TEMPLATE_ROLES, type TemplateContent, type TemplateRole } from './model';

export const slugSchema = z
  .string()
  .trim()
  .min(2, { error: 'at least 2 characters' })
  .max(SLUG_MAX, { error: `at most ${SLUG_MAX} characters` })
  .regex(SLUG_PATTERN, { error: 'lowercase letters, digits and single dashes, e.g. telegraf-writer' });

export interface LineProblem {
  line: number;
  text: string;
  reason: string;
}

/** One permission per line; blank lines and `#` comments are ignored; `p=` prefixes are accepted. */
export function parsePermissionLines(text: string): { grants: PrefillGrant[]; problems: LineProblem[] } {
  const grants: PrefillGrant[] = [];
  const problems: LineProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim().replace(/^p=/, '');
    if (!line || line.startsWith('#')) return;
    const r = parsePermissionPart(line);
    if (r.ok) grants.push(r.grant);
    else problems.push({ line: i + 1, text: line.length > 60 ? `${line.slice(0, 57)}…` : line, reason: r.reason });
  });
  return { grants, problems };
}

/** The editor's text for stored grants: one canonical line per permission. */
export function permissionLines(grants: readonly PrefillGrant[]): string {
  return normalisePrefill({ grants: [...grants] })
    .grants.flatMap(permissionParts)
    .join('\n');
}

export const AUDIENCES = { creators: 'Creators and admins', admins: 'Admins only' } as const;
export type Audience = keyof typeof AUDIENCES;
export const rolesFor = (a: Audience): TemplateRole[] => (a === 'admins' ? ['admin'] : [...TEMPLATE_ROLES]);
export const audienceOf = (roles: readonly TemplateRole[]): Audience => (roles.includes('creator') ? 'creators' : 'admins');

const contentFields = {
  // The page's connection and org (from its URL): the template records them; the action checks the connection.
  ...scopeFields,
  title: z.string().trim().min(1, { error: 'give the template a title' }).max(100, { error: 'at most 100 characters' }),
  purpose: z.string().trim().max(500, { error: 'at most 500 characters' }),
  notes: z.string().trim().max(4000, { error: 'at most 4000 characters' }),
  description: z.union([z.literal(''), descriptionSchema]),
  permissions: z
    .string()
    .max(20_000, { error: 'too long' })
    .superRefine((text, ctx) => {
      const { grants, problems } = parsePermissionLines(text);
      for (const p of problems) ctx.addIssue({ code: 'custom', message: `line ${p.line} (${p.text}): ${p.reason}` });
      if (problems.length === 0 && grants.length === 0) ctx.addIssue({ code: 'custom', message: 'add at least one permission' });
      if (grants.length > 200) ctx.addIssue({ code: 'custom', message: 'at most 200 permissions' });
    }),
  audience: z.enum(['creators', 'admins'], { error: 'choose who may use it' }),
  /** Issue 13: the builder's Expires choice ('' = the policy default); the action decides it against the policy. */
  lifetime: z.union([z.literal(''), lifetimeTextSchema]).optional(),
  /** Issue 15: tokens from it are requested and approved, not minted directly. */
  needsApproval: z.boolean().optional(),
  /** Issue 17: "Deliver to" a secret store ('' or absent: the copy-once dialog); the action checks store and prefix. */
  deliverStore: z.string().max(63).optional(),
  deliverPath: z.string().max(512).optional(),
  deliverKey: z.string().max(64).optional(),
  deliverUrlOrg: z.boolean().optional(),
};

type DeliverFields = { deliverStore?: string; deliverPath?: string; deliverKey?: string; deliverUrlOrg?: boolean };

/** The destination the fields describe, or the field and why not. Shape only: the store is checked on the server. */
export function deliverOf(
  v: DeliverFields,
): { ok: true; deliver?: PrefillDeliver } | { ok: false; field: keyof DeliverFields; message: string } {
  const store = v.deliverStore?.trim() ?? '';
  if (!store) return { ok: true };
  const key = v.deliverKey?.trim() ?? '';
  const r = prefillDeliverSchema.safeParse({
    store,
    path: v.deliverPath?.trim() ?? '',
    ...(key ? { key } : {}),
    ...(v.deliverUrlOrg ? { withUrlAndOrg: true } : {}),
  });
  if (r.success) return { ok: true, deliver: r.data };
  const issue = r.error.issues[0];
  const field = issue?.path[0] === 'key' ? 'deliverKey' : issue?.path[0] === 'store' ? 'deliverStore' : 'deliverPath';
  return { ok: false, field, message: issue?.message ?? 'not a destination' };
}

function checkDeliver(v: DeliverFields, ctx: z.RefinementCtx) {
  const d = deliverOf(v);
  if (!d.ok) ctx.addIssue({ code: 'custom', path: [d.field], message: d.message });
}

export const createTemplateSchema = z.object({ slug: slugSchema, ...contentFields }).superRefine(checkDeliver);
export type CreateTemplateInput = z.input<typeof createTemplateSchema>;

/** An edit names the version it started from, so a concurrent edit is caught, not overwritten. */
export const updateTemplateSchema = z
  .object({ slug: slugSchema, baseVersion: z.number().int().min(1), ...contentFields })
  .superRefine(checkDeliver);
export type UpdateTemplateInput = z.input<typeof updateTemplateSchema>;

export const deleteTemplateSchema = z.object({ slug: slugSchema });

export type TemplateFormValues = Omit<CreateTemplateInput, 'slug'>;

/** Parsed form values -> what the store keeps. */
export function toTemplateContent(v: z.output<typeof createTemplateSchema> | z.output<typeof updateTemplateSchema>): TemplateContent {
  const destination = deliverOf(v);
  return {
    title: v.title,
    purpose: v.purpose,
    notes: v.notes,
    prefill: normalisePrefill({
      ...(v.org ? { org: v.org } : {}),
      ...(v.description ? { description: v.description } : {}),
      ...(v.lifetime ? { lifetime: v.lifetime } : {}),
      ...(destination.ok && destination.deliver ? { deliver: destination.deliver } : {}),
      grants: parsePermissionLines(v.permissions).grants,
    }),
    roles: rolesFor(v.audience),
    ...(v.connection ? { connection: v.connection } : {}),
    ...(v.needsApproval ? { needsApproval: true } : {}),
  };
}

/** Stored content -> the editor's starting values. */
export function toFormValues(c: TemplateContent): TemplateFormValues {
  return {
    title: c.title,
    purpose: c.purpose,
    notes: c.notes,
    description: c.prefill.description ?? '',
    permissions: permissionLines(c.prefill.grants),
    audience: audienceOf(c.roles),
    lifetime: c.prefill.lifetime ?? '',
    needsApproval: c.needsApproval ?? false,
    deliverStore: c.prefill.deliver?.store ?? '',
    deliverPath: c.prefill.deliver?.path ?? '',
    deliverKey: c.prefill.deliver?.key ?? '',
    deliverUrlOrg: c.prefill.deliver?.withUrlAndOrg ?? false,
  };
}
