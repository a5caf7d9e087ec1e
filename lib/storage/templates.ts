import 'server-only';
// Saved templates in the console's own database. The rest of the console sees only the
// TemplateStore interface (async, plain values), so a shared server database can replace SQLite
// when several console instances run; an implementation must keep the same rules: every edit is a
// new immutable version, an edit based on an old version is refused, deleted slugs stay reserved,
// and each change is audited in the same transaction as the change itself.
import type Database from 'better-sqlite3';
import type { ConsoleUser } from '@/lib/auth/session';
import { prefillSchema } from '@/lib/links/prefill';
import { buildShareLink, decodeShareLink, permissionParts } from '@/lib/links/share-link';
import { TEMPLATE_ROLES, type Template, type TemplateContent, type TemplateRole, type TemplateVersion } from '@/lib/templates/model';
import { recordAudit } from './audit';
import { database } from './db';

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
    version: r.version,
    title: r.title,
    purpose: r.purpose,
    notes: r.notes,
    prefill: decoded.prefill,
    roles: r.roles.split(',').filter((x): x is TemplateRole => (TEMPLATE_ROLES as readonly string[]).includes(x)),
    ...(r.connection_id && r.connection_id !== 'default' ? { connection: r.connection_id } : {}),
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

/**
 * The store interface is asynchronous (a networked store needs it); SQLite answers at once. A throw
 * inside still becomes a rejected promise, as it would from an async function.
 */
const answer = <T>(fn: () => T): Promise<T> => new Promise((resolve) => resolve(fn()));

export class SqliteTemplateStore implements TemplateStore {
  constructor(private readonly db: Database.Database) {}

  list(): Promise<Template[]> {
    return answer(() => {
      const rows = this.db.prepare(`${LATEST} ORDER BY v.title COLLATE NOCASE, t.slug`).all() as TemplateRow[];
      return rows.map(toTemplate);
    });
  }

  get(slug: string): Promise<Template | undefined> {
    return answer(() => {
      const row = this.db.prepare(`${LATEST} AND t.slug = ?`).get(slug) as TemplateRow | undefined;
      return row ? toTemplate(row) : undefined;
    });
  }

  version(slug: string, version: number): Promise<TemplateVersion | undefined> {
    return answer(() => {
      const row = this.db
        .prepare(
          `SELECT v.* FROM template_versions v JOIN templates t ON t.slug = v.slug
           WHERE v.slug = ? AND v.version = ? AND t.deleted_at IS NULL`,
        )
        .get(slug, version) as VersionRow | undefined;
      return row ? toVersion(row) : undefined;
    });
  }

  versions(slug: string): Promise<TemplateVersion[]> {
    return answer(() => {
      const rows = this.db
        .prepare(
          `SELECT v.* FROM template_versions v JOIN templates t ON t.slug = v.slug
           WHERE v.slug = ? AND t.deleted_at IS NULL ORDER BY v.version DESC`,
        )
        .all(slug) as VersionRow[];
      return rows.map(toVersion);
    });
  }

  create(slug: string, content: TemplateContent, ctx: ChangeContext): Promise<TemplateVersion> {
    return answer(() => {
      checkContent(content);
      const now = new Date().toISOString();
      // IMMEDIATE: two consoles creating the same slug at once must not both succeed.
      return this.db
        .transaction(() => {
          const existing = this.db.prepare('SELECT deleted_at FROM templates WHERE slug = ?').get(slug) as
            { deleted_at: string | null } | undefined;
          if (existing?.deleted_at) {
            throw new TemplateStoreError(
              'slug-retired',
              `A deleted template used the name “${slug}”; names are not reused, so old links never change meaning. Choose another name.`,
            );
          }
          if (existing) throw new TemplateStoreError('exists', `A template named “${slug}” already exists.`);
          const u = ctx.user;
          this.db
            .prepare(
              `INSERT INTO templates (slug, created_at, created_by_id, created_by_name, created_by_email, latest_version)
               VALUES (?, ?, ?, ?, ?, 1)`,
            )
            .run(slug, now, u.id, u.name, u.email ?? null);
          const saved = this.insertVersion(slug, 1, content, ctx.user, now);
          this.audit('template.create', saved, ctx);
          return saved;
        })
        .immediate();
    });
  }

  update(slug: string, content: TemplateContent, baseVersion: number, ctx: ChangeContext): Promise<TemplateVersion> {
    return answer(() => {
      checkContent(content);
      const now = new Date().toISOString();
      return this.db
        .transaction(() => {
          const row = this.db.prepare('SELECT latest_version FROM templates WHERE slug = ? AND deleted_at IS NULL').get(slug) as
            { latest_version: number } | undefined;
          if (!row) throw new TemplateStoreError('not-found', `There is no template named “${slug}” (it may have been deleted).`);
          if (row.latest_version !== baseVersion) {
            throw new TemplateStoreError(
              'stale',
              `Someone saved version ${row.latest_version} of “${slug}” while you were editing version ${baseVersion}. Reload to see it, then make your change again.`,
              row.latest_version,
            );
          }
          const next = baseVersion + 1;
          this.db.prepare('UPDATE templates SET latest_version = ? WHERE slug = ?').run(next, slug);
          const saved = this.insertVersion(slug, next, content, ctx.user, now);
          this.audit('template.update', saved, ctx);
          return saved;
        })
        .immediate();
    });
  }

  remove(slug: string, ctx: ChangeContext): Promise<boolean> {
    return answer(() => {
      return this.db
        .transaction(() => {
          const row = this.db.prepare('SELECT latest_version FROM templates WHERE slug = ? AND deleted_at IS NULL').get(slug) as
            { latest_version: number } | undefined;
          if (!row) return false;
          this.db
            .prepare('UPDATE templates SET deleted_at = ?, deleted_by_id = ? WHERE slug = ?')
            .run(new Date().toISOString(), ctx.user.id, slug);
          recordAudit(
            {
              requestId: ctx.requestId,
              actor: ctx.user,
              action: 'template.delete',
              outcome: 'success',
              detail: { template: slug, latestVersion: row.latest_version },
            },
            this.db,
          );
          return true;
        })
        .immediate();
    });
  }

  private insertVersion(slug: string, version: number, c: TemplateContent, u: ConsoleUser, now: string): TemplateVersion {
    this.db
      .prepare(
        `INSERT INTO template_versions (slug, version, title, purpose, notes, prefill, roles, saved_at, saved_by_id, saved_by_name, saved_by_email, connection_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
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
      );
    const row = this.db.prepare('SELECT * FROM template_versions WHERE slug = ? AND version = ?').get(slug, version) as VersionRow;
    return toVersion(row);
  }

  // Template and version in the audit trail, with the permissions as written: never a token
  // (the grammar cannot hold one, see share-link.ts).
  private audit(action: string, v: TemplateVersion, ctx: ChangeContext) {
    recordAudit(
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
          // Absent: the 'default' connection (the Audit filter reads it so).
          ...(v.connection ? { connection: v.connection } : {}),
          permissions: v.prefill.grants.flatMap(permissionParts),
        },
      },
      this.db,
    );
  }
}

/** A store must never hold what the link grammar cannot express: it would not read back. */
function checkContent(c: TemplateContent) {
  const parsed = prefillSchema.safeParse(c.prefill);
  if (!parsed.success) throw new Error(`template content is not a valid prefill: ${parsed.error.issues[0]?.message}`);
  if (buildShareLink(c.prefill).leftOut.length > 0) throw new Error('template content holds parts the link grammar cannot carry');
  if (c.roles.length === 0) throw new Error('a template needs at least one role');
}

let store: TemplateStore | undefined;
/** The console's template store (SQLite in CONSOLE_DATA_DIR). */
export function templateStore(): TemplateStore {
  store ??= new SqliteTemplateStore(database());
  return store;
}
