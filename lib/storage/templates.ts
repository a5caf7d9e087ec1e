import 'server-only';
// Saved templates in the console's own database. The rest of the console sees only the
// TemplateStore interface (async, plain values), so a shared server database can replace SQLite
// when several console instances run; an implementation must keep the same rules: every edit is a
// new immutable version, an edit based on an old version is refused, deleted slugs stay reserved,
// and each change is audited in the same transaction as the change itself.
import type { ConsoleUser } from '@/lib/auth/session';
import { prefillSchema } from '@/lib/links/prefill';
import { buildShareLink, decodeShareLink, permissionParts } from '@/lib/links/share-link';
import { TEMPLATE_ROLES, type Template, type TemplateContent, type TemplateRole, type TemplateVersion } from '@/lib/templates/model';
import { recordAudit } from './audit';
import { storage } from './db';
import type { Sql } from './sql';

export type TemplateStoreErrorCode = 'exists' | 'slug-retired' | 'not-found' | 'stale';

export class TemplateStoreError extends Error {
  constructor(
    readonly code: TemplateStoreErrorCode,
    message: string,
    /** For `stale`: the version that is now the latest. */
    readonly latestVersion?: number,
  ) {
    super(message);
    this.name = 'TemplateStoreError';
  }
}

/** Who changes a template, and the request it belongs to (for the audit row). */
export interface ChangeContext {
  user: ConsoleUser;
  requestId: string;
}

export interface TemplateStore {
  /** Every template that is not deleted, latest version each, by title. */
  list(): Promise<Template[]>;
  get(slug: string): Promise<Template | undefined>;
  /** One version of a template that is not deleted. */
  version(slug: string, version: number): Promise<TemplateVersion | undefined>;
  /** All versions, newest first. */
  versions(slug: string): Promise<TemplateVersion[]>;
  create(slug: string, content: TemplateContent, ctx: ChangeContext): Promise<TemplateVersion>;
  /** Saves `content` as version latest+1; refused (`stale`) unless `baseVersion` is the latest. */
  update(slug: string, content: TemplateContent, baseVersion: number, ctx: ChangeContext): Promise<TemplateVersion>;
  /** Returns false when there was nothing to delete. */
  remove(slug: string, ctx: ChangeContext): Promise<boolean>;
}

interface VersionRow {
  slug: string;
  version: number;
  title: string;
  purpose: string;
  notes: string;
  prefill: string;
  roles: string;
  saved_at: string;
  saved_by_id: string;
  saved_by_name: string;
  saved_by_email: string | null;
  /** Migration 8; absent in rows read before it ran. */
  connection_id?: string;
  /** Migration 16; absent in rows read before it ran. */
  needs_approval?: number;
}
interface TemplateRow extends VersionRow {
  created_at: string;
  created_by_id: string;
  created_by_name: string;
  created_by_email: string | null;
}

/** The prefill is kept in the link grammar, so stored templates decode like old links do. */
const encodePrefill = (c: TemplateContent) => buildShareLink(c.prefill).href.split('?')[1] ?? '';

function toVersion(r: VersionRow): TemplateVersion {
  const decoded = decodeShareLink(r.prefill);
  return {
    slug: r.slug,
    version: Number(r.version),
    title: r.title,
    purpose: r.purpose,
    notes: r.notes,
    prefill: decoded.prefill,
    roles: r.roles.split(',').filter((x): x is TemplateRole => (TEMPLATE_ROLES as readonly string[]).includes(x)),
    ...(r.connection_id && r.connection_id !== 'default' ? { connection: r.connection_id } : {}),
    ...(Number(r.needs_approval ?? 0) === 1 ? { needsApproval: true } : {}),
    savedAt: r.saved_at,
    savedBy: { id: r.saved_by_id, name: r.saved_by_name, ...(r.saved_by_email ? { email: r.saved_by_email } : {}) },
  };
}

function toTemplate(r: TemplateRow): Template {
  return {
    slug: r.slug,
    source: 'database',
    latest: toVersion(r),
    createdAt: r.created_at,
    createdBy: { id: r.created_by_id, name: r.created_by_name, ...(r.created_by_email ? { email: r.created_by_email } : {}) },
  };
}

const LATEST = `
  SELECT v.*, t.created_at, t.created_by_id, t.created_by_name, t.created_by_email
  FROM templates t JOIN template_versions v ON v.slug = t.slug AND v.version = t.latest_version
  WHERE t.deleted_at IS NULL`;

/** Held by every change: each reads the latest version (or whether the slug exists) before writing. */
const TEMPLATES_LOCK = 'templates';

export class SqlTemplateStore implements TemplateStore {
  constructor(private readonly sql: Sql = storage()) {}

  async list(): Promise<Template[]> {
    // LOWER, not COLLATE NOCASE: both dialects read it.
    const rows = await this.sql.all<TemplateRow>(`${LATEST} ORDER BY LOWER(v.title), t.slug`);
    return rows.map(toTemplate);
  }

  async get(slug: string): Promise<Template | undefined> {
    const row = await this.sql.get<TemplateRow>(`${LATEST} AND t.slug = ?`, [slug]);
    return row ? toTemplate(row) : undefined;
  }

  async version(slug: string, version: number): Promise<TemplateVersion | undefined> {
    const row = await this.sql.get<VersionRow>(
      `SELECT v.* FROM template_versions v JOIN templates t ON t.slug = v.slug
       WHERE v.slug = ? AND v.version = ? AND t.deleted_at IS NULL`,
      [slug, version],
    );
    return row ? toVersion(row) : undefined;
  }

  async versions(slug: string): Promise<TemplateVersion[]> {
    const rows = await this.sql.all<VersionRow>(
      `SELECT v.* FROM template_versions v JOIN templates t ON t.slug = v.slug
       WHERE v.slug = ? AND t.deleted_at IS NULL ORDER BY v.version DESC`,
      [slug],
    );
    return rows.map(toVersion);
  }

  async create(slug: string, content: TemplateContent, ctx: ChangeContext): Promise<TemplateVersion> {
    checkContent(content);
    const now = new Date().toISOString();
    // Under the lock: two consoles creating the same slug at once must not both succeed.
    return this.sql.transaction(
      async (tx) => {
        const existing = await tx.get<{ deleted_at: string | null }>('SELECT deleted_at FROM templates WHERE slug = ?', [slug]);
        if (existing?.deleted_at) {
          throw new TemplateStoreError(
            'slug-retired',
            `A deleted template used the name “${slug}”; names are not reused, so old links never change meaning. Choose another name.`,
          );
        }
        if (existing) throw new TemplateStoreError('exists', `A template named “${slug}” already exists.`);
        const u = ctx.user;
        await tx.run(
          `INSERT INTO templates (slug, created_at, created_by_id, created_by_name, created_by_email, latest_version)
           VALUES (?, ?, ?, ?, ?, 1)`,
          [slug, now, u.id, u.name, u.email ?? null],
        );
        const saved = await insertVersion(tx, slug, 1, content, ctx.user, now);
        await audit(tx, 'template.create', saved, ctx);
        return saved;
      },
      { lock: TEMPLATES_LOCK },
    );
  }

  async update(slug: string, content: TemplateContent, baseVersion: number, ctx: ChangeContext): Promise<TemplateVersion> {
    checkContent(content);
    const now = new Date().toISOString();
    return this.sql.transaction(
      async (tx) => {
        const row = await tx.get<{ latest_version: number }>('SELECT latest_version FROM templates WHERE slug = ? AND deleted_at IS NULL', [
          slug,
        ]);
        if (!row) throw new TemplateStoreError('not-found', `There is no template named “${slug}” (it may have been deleted).`);
        const latest = Number(row.latest_version);
        if (latest !== baseVersion) {
          throw new TemplateStoreError(
            'stale',
            `Someone saved version ${latest} of “${slug}” while you were editing version ${baseVersion}. Reload to see it, then make your change again.`,
            latest,
          );
        }
        const next = baseVersion + 1;
        await tx.run('UPDATE templates SET latest_version = ? WHERE slug = ?', [next, slug]);
        const saved = await insertVersion(tx, slug, next, content, ctx.user, now);
        await audit(tx, 'template.update', saved, ctx);
        return saved;
      },
      { lock: TEMPLATES_LOCK },
    );
  }

  async remove(slug: string, ctx: ChangeContext): Promise<boolean> {
    return this.sql.transaction(
      async (tx) => {
        const row = await tx.get<{ latest_version: number }>('SELECT latest_version FROM templates WHERE slug = ? AND deleted_at IS NULL', [
          slug,
        ]);
        if (!row) return false;
        await tx.run('UPDATE templates SET deleted_at = ?, deleted_by_id = ? WHERE slug = ?', [
          new Date().toISOString(),
          ctx.user.id,
          slug,
        ]);
        await recordAudit(
          {
            requestId: ctx.requestId,
            actor: ctx.user,
            action: 'template.delete',
            outcome: 'success',
            detail: { template: slug, latestVersion: Number(row.latest_version) },
          },
          tx,
        );
        return true;
      },
      { lock: TEMPLATES_LOCK },
    );
  }
}

async function insertVersion(
  tx: Sql,
  slug: string,
  version: number,
  c: TemplateContent,
  u: ConsoleUser,
  now: string,
): Promise<TemplateVersion> {
  await tx.run(
    `INSERT INTO template_versions (slug, version, title, purpose, notes, prefill, roles, saved_at, saved_by_id, saved_by_name, saved_by_email, connection_id, needs_approval)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      slug,
      version,
      c.title,
      c.purpose,
      c.notes,
      encodePrefill(c),
      c.roles.join(','),
      now,
      u.id,
      u.name,
      u.email ?? null,
      c.connection ?? 'default',
      c.needsApproval ? 1 : 0,
    ],
  );
  const row = await tx.get<VersionRow>('SELECT * FROM template_versions WHERE slug = ? AND version = ?', [slug, version]);
  return toVersion(row!);
}

// Template and version in the audit trail, with the permissions as written: never a token
// (the grammar cannot hold one, see share-link.ts).
async function audit(tx: Sql, action: string, v: TemplateVersion, ctx: ChangeContext): Promise<void> {
  await recordAudit(
    {
      requestId: ctx.requestId,
      actor: ctx.user,
      action,
      outcome: 'success',
      detail: {
        template: v.slug,
        version: v.version,
        title: v.title,
        roles: v.roles,
        ...(v.needsApproval ? { needsApproval: true } : {}),
        // Absent: the 'default' connection (the Audit filter reads it so).
        ...(v.connection ? { connection: v.connection } : {}),
        permissions: v.prefill.grants.flatMap(permissionParts),
      },
    },
    tx,
  );
}

/** A store must never hold what the link grammar cannot express: it would not read back. */
function checkContent(c: TemplateContent) {
  const parsed = prefillSchema.safeParse(c.prefill);
  if (!parsed.success) throw new Error(`template content is not a valid prefill: ${parsed.error.issues[0]?.message}`);
  if (buildShareLink(c.prefill).leftOut.length > 0) throw new Error('template content holds parts the link grammar cannot carry');
  if (c.roles.length === 0) throw new Error('a template needs at least one role');
}

let store: TemplateStore | undefined;
/** The console's template store, on the console's storage. */
export function templateStore(): TemplateStore {
  store ??= new SqlTemplateStore(storage());
  return store;
}
