// Saved permission templates, as the gallery, the editor, the builder and both stores see them.
// Pure types and small helpers; the permissions are a prefill in the link grammar (by name).
import type { Role } from '@/lib/auth/roles';
import type { Prefill } from '@/lib/links/prefill';

/** Who saved a version: the console user id (local:<name> / oidc:<sub>) and, when known, email. */
export interface TemplateActor {
  id: string;
  name: string;
  email?: string;
}

/** Roles that may start a token from a template. Viewers cannot mint, so they are not offered. */
export const TEMPLATE_ROLES = ['creator', 'admin'] as const satisfies readonly Role[];
export type TemplateRole = (typeof TEMPLATE_ROLES)[number];

/** What an admin writes; every save of it is a new version. */
export interface TemplateContent {
  title: string;
  /** One or two sentences: what the token is for ("Telegraf agents writing to telemetry"). */
  purpose: string;
  notes: string;
  /** Description, status and permissions of the token, by name. */
  prefill: Prefill;
  /** Who may use it (admins always may). */
  roles: TemplateRole[];
  /** The connection it was saved on, as stored (absent: 'default', the one older templates belong to). */
  connection?: string;
  /** Issue 15: a token from it is requested and approved, never minted directly (absent: false). */
  needsApproval?: boolean;
}

export interface TemplateVersion extends TemplateContent {
  slug: string;
  version: number;
  savedAt: string;
  savedBy: TemplateActor;
}

export type TemplateSource = 'database' | 'file';

export interface Template {
  slug: string;
  /** `file`: from CONSOLE_TEMPLATES_FILE, reviewed in git, read-only in the console. */
  source: TemplateSource;
  latest: TemplateVersion;
  createdAt: string;
  createdBy: TemplateActor;
}

/** Admins may use every template; others only those that list their role. */
export function mayUseTemplate(role: Role, t: Pick<TemplateContent, 'roles'>): boolean {
  return role === 'admin' || (t.roles as readonly Role[]).includes(role);
}

/** "admin@acme" when the email is known, else the name: how an author is shown. */
export const actorLabel = (a: TemplateActor) => a.email ?? a.name;
