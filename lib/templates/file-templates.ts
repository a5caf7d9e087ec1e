// Templates from the deployment's configuration (CONSOLE_TEMPLATES_FILE): a JSON file the ops team
// reviews in git. They show in the gallery marked as such and cannot be edited in the console.
// Pure parsing here; file-source.ts reads the file.
//
// {
//   "templates": [{
//     "slug": "telegraf-writer", "version": 3, "title": "Telegraf writer",
//     "purpose": "Telegraf agents writing to telemetry", "notes": "One token per host.",
//     "description": "Telegraf on <host>", "status": "active",
//     "permissions": ["write:buckets/telemetry"], "roles": ["creator", "admin"],
//     "lifetime": "30d", "needsApproval": false,
//     "updatedBy": "ops@acme.com", "updatedAt": "2026-05-01T00:00:00Z"
//   }]
// }
import { z } from 'zod';
import { STATUSES, descriptionSchema, lifetimeTextSchema, normalisePrefill } from '@/lib/links/prefill';
import { TEMPLATE_ROLES, type Template, type TemplateActor } from './model';
import { parsePermissionLines, slugSchema } from './template-form';

const entrySchema = z.object({
  slug: slugSchema,
  version: z.number().int().min(1).max(999_999).default(1),
  title: z.string().trim().min(1).max(100),
  purpose: z.string().trim().max(500).default(''),
  notes: z.string().trim().max(4000).default(''),
  description: descriptionSchema.optional(),
  status: z.enum(STATUSES).optional(),
  permissions: z.array(z.string().max(600)).min(1).max(200),
  // The default lifetime in the builder's grammar; the builder and the mint decide it against the
  // lifetime policy as for any other choice.
  lifetime: lifetimeTextSchema.optional(),
  needsApproval: z.boolean().default(false),
  roles: z
    .array(z.enum(TEMPLATE_ROLES))
    .min(1)
    .default([...TEMPLATE_ROLES]),
  updatedBy: z.string().trim().min(1).max(200).optional(),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
});

export interface ParsedTemplatesFile {
  templates: Template[];
  /** One line per entry that was skipped, for admins: "entry 2 (db-reader): ...". */
  problems: string[];
}

export function parseTemplatesFile(text: string, loadedAt: string): ParsedTemplatesFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { templates: [], problems: ['the templates file is not valid JSON'] };
  }
  const list = (json as { templates?: unknown })?.templates;
  if (!Array.isArray(list)) return { templates: [], problems: ['the templates file needs a "templates" list'] };

  const templates: Template[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  list.slice(0, 500).forEach((raw, i) => {
    const label = `entry ${i + 1}${typeof (raw as { slug?: unknown })?.slug === 'string' ? ` (${String((raw as { slug: string }).slug).slice(0, 64)})` : ''}`;
    const r = entrySchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      problems.push(`${label}: ${issue?.path.join('.') || 'entry'}: ${issue?.message ?? 'invalid'}`);
      return;
    }
    const e = r.data;
    if (seen.has(e.slug)) {
      problems.push(`${label}: the name ${e.slug} is used twice; the first one is used`);
      return;
    }
    const lines = parsePermissionLines(e.permissions.join('\n'));
    if (lines.problems.length > 0) {
      const p = lines.problems[0]!;
      problems.push(`${label}: permission “${p.text}”: ${p.reason}`);
      return;
    }
    seen.add(e.slug);
    const by: TemplateActor = {
      id: 'file',
      name: e.updatedBy ?? 'the configuration file',
      ...(e.updatedBy?.includes('@') ? { email: e.updatedBy } : {}),
    };
    const at = e.updatedAt ?? loadedAt;
    templates.push({
      slug: e.slug,
      source: 'file',
      createdAt: at,
      createdBy: by,
      latest: {
        slug: e.slug,
        version: e.version,
        title: e.title,
        purpose: e.purpose,
        notes: e.notes,
        prefill: normalisePrefill({
          ...(e.description ? { description: e.description } : {}),
          ...(e.status ? { status: e.status } : {}),
          ...(e.lifetime ? { lifetime: e.lifetime } : {}),
          grants: lines.grants,
        }),
        roles: e.roles,
        ...(e.needsApproval ? { needsApproval: true } : {}),
        savedAt: at,
        savedBy: by,
      },
    });
  });
  if (list.length > 500) problems.push(`only the first 500 of ${list.length} entries are read`);
  return { templates, problems };
}
