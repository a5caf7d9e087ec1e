import 'server-only';
// Every template the console knows: the configuration file's (read-only, reviewed in git) and the
// database's (edited by admins). A file template shadows a database one of the same name, and the
// console refuses to create a database template with a name the file uses.
import { readFileSync, statSync } from 'node:fs';
import { getConfig } from '@/lib/config/server-config';
import { logger } from '@/lib/log/logger';
import { templateStore, type TemplateStore } from '@/lib/storage/templates';
import { parseTemplatesFile, type ParsedTemplatesFile } from './file-templates';
import type { Template, TemplateVersion } from './model';

let fileCache: { path: string; mtimeMs: number; size: number; parsed: ParsedTemplatesFile } | undefined;

/** The configuration file's templates, re-read when the file changes. Never throws. */
export function fileTemplates(path = getConfig().CONSOLE_TEMPLATES_FILE): ParsedTemplatesFile {
  if (!path) return { templates: [], problems: [] };
  try {
    const { mtimeMs, size } = statSync(path);
    if (fileCache && fileCache.path === path && fileCache.mtimeMs === mtimeMs && fileCache.size === size) return fileCache.parsed;
    const parsed = parseTemplatesFile(readFileSync(path, 'utf8'), new Date(mtimeMs).toISOString());
    if (parsed.problems.length > 0) logger.warn('templates file: entries skipped', { problems: parsed.problems });
    fileCache = { path, mtimeMs, size, parsed };
    return parsed;
  } catch (error) {
    logger.warn('templates file unreadable', { error: String((error as NodeJS.ErrnoException)?.code ?? error) });
    return { templates: [], problems: ['the templates file (CONSOLE_TEMPLATES_FILE) could not be read; see the server log'] };
  }
}

export interface Catalogue {
  templates: Template[];
  /** For admins: file entries that were skipped, and database templates hidden by the file. */
  problems: string[];
}

export async function loadCatalogue(store: TemplateStore = templateStore()): Promise<Catalogue> {
  const file = fileTemplates();
  const fromDb = await store.list();
  const fileSlugs = new Set(file.templates.map((t) => t.slug));
  const shadowed = fromDb.filter((t) => fileSlugs.has(t.slug));
  const templates = [...file.templates, ...fromDb.filter((t) => !fileSlugs.has(t.slug))].sort(
    (a, b) => a.latest.title.localeCompare(b.latest.title) || a.slug.localeCompare(b.slug),
  );
  return {
    templates,
    problems: [
      ...file.problems,
      ...shadowed.map((t) => `the configuration file defines “${t.slug}”, so the console’s own template of that name is hidden`),
    ],
  };
}

export async function findTemplate(slug: string, store: TemplateStore = templateStore()): Promise<Template | undefined> {
  return fileTemplates().templates.find((t) => t.slug === slug) ?? (await store.get(slug));
}

export const isFileTemplate = (slug: string) => fileTemplates().templates.some((t) => t.slug === slug);

export type VersionLookup = { ok: true; template: Template; version: TemplateVersion; pinned: boolean } | { ok: false; reason: string };

/** The latest version, or the pinned one; says why when there is none. */
export async function findTemplateVersion(slug: string, version?: number, store: TemplateStore = templateStore()): Promise<VersionLookup> {
  const template = await findTemplate(slug, store);
  if (!template) return { ok: false, reason: `there is no template named “${slug}” (it may have been deleted)` };
  if (version === undefined || version === template.latest.version)
    return { ok: true, template, version: template.latest, pinned: version !== undefined };
  if (template.source === 'file') {
    return {
      ok: false,
      reason: `the configuration file holds version ${template.latest.version} of “${slug}” only, not version ${version}`,
    };
  }
  const found = await store.version(slug, version);
  return found
    ? { ok: true, template, version: found, pinned: true }
    : { ok: false, reason: `template “${slug}” has no version ${version}; the latest is ${template.latest.version}` };
}

/** Newest first. A file template has the one version the file holds. */
export async function templateHistory(template: Template, store: TemplateStore = templateStore()): Promise<TemplateVersion[]> {
  return template.source === 'file' ? [template.latest] : store.versions(template.slug);
}
