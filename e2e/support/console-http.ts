// Talks to a running console over plain HTTP the way a browser does: calls a server action by its
// id (POST with the Next-Action header). Signing in over HTTP is in sign-in.ts.
// The one reader of the production build's manifests, so tests hit what was actually built.
// Used by the e2e specs (direct posts to actions) and the benchmarks.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

type ActionManifest = { node: Record<string, { exportedName?: string; filename?: string; workers?: Record<string, unknown> }> };
const actionManifest = (): ActionManifest =>
  JSON.parse(readFileSync(join(ROOT, '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as ActionManifest;

/** Every server action in the build: id, export name and file. */
export function builtActions(): { id: string; exportedName?: string; filename?: string }[] {
  return Object.entries(actionManifest().node).map(([id, e]) => ({ id, exportedName: e.exportedName, filename: e.filename }));
}

/** The ids of one actions file's exports, by export name. */
export function actionIds(filename: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of builtActions()) if (a.filename === filename && a.exportedName) out[a.exportedName] = a.id;
  return out;
}

/** The id Next.js gave an exported server action in the current build. */
export function actionId(exportedName: string, filename: string): string {
  const id = actionIds(filename)[exportedName];
  if (!id) throw new Error(`no server action ${exportedName} in ${filename} in the build manifest`);
  return id;
}

/**
 * A page that loads the action, from the build's manifest (a browser posts an action to the page
 * it is on). Static pages first; a dynamic segment gets `placeholder`, as the action runs before
 * the page would render.
 */
export function pagePathOf(id: string, placeholder = '00000000-0000-4000-8000-000000000000'): string {
  const pages = Object.keys(actionManifest().node[id]?.workers ?? {})
    .map(
      (w) =>
        w
          .replace(/^app/, '')
          .replace(/\/\([^)]*\)/g, '')
          .replace(/\/page$/, '') || '/',
    )
    .sort((a, b) => Number(a.includes('[')) - Number(b.includes('[')));
  if (!pages[0]) throw new Error(`action ${id} is in no page of the build`);
  return pages[0].replace(/\[[^\]]+\]/g, placeholder);
}

/** Every app route (page or route handler) in the build, e.g. "/(console)/tokens/[id]/page". */
export function builtRoutes(): string[] {
  const file = join(ROOT, '.next', 'server', 'app-paths-manifest.json');
  return existsSync(file) ? Object.keys(JSON.parse(readFileSync(file, 'utf8'))) : [];
}

export interface ActionResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** The raw response body (React Server Components "flight" text). */
  raw: string;
  /** The action's return value, parsed from the flight text. */
  result: T;
}

/**
 * Calls a server action like the browser's router does. The return value is the flight row "1:"
 * (row 0 is the router state); plain JSON-able results come through as JSON.
 */
export async function callAction<T = unknown>(
  baseURL: string,
  path: string,
  id: string,
  args: unknown[],
  opts: { cookie?: string; origin?: string | null } = {},
): Promise<ActionResponse<T>> {
  const headers: Record<string, string> = {
    'Next-Action': id,
    'Content-Type': 'text/plain;charset=UTF-8',
    Accept: 'text/x-component',
  };
  if (opts.cookie) headers.Cookie = opts.cookie;
  const origin = opts.origin === undefined ? baseURL : opts.origin;
  if (origin !== null) headers.Origin = origin;
  const res = await fetch(`${baseURL}${path}`, { method: 'POST', headers, body: JSON.stringify(args) });
  const raw = await res.text();
  return { status: res.status, headers: res.headers, raw, result: parseFlightResult(raw) as T };
}

export function parseFlightResult(raw: string): unknown {
  let result: unknown;
  // Development builds add debug rows ("1:D..."); the value is the last row 1 that is JSON.
  for (const line of raw.split('\n')) {
    if (!line.startsWith('1:')) continue;
    try {
      result = JSON.parse(line.slice(2));
    } catch {
      // not JSON: a debug or reference row
    }
  }
  return result;
}
