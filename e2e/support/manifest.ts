// Reads the production build's manifests: every server action id and every app route, so the
// access tests cover what was actually built, not a hand-kept list.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './console-server';

export function builtActionIds(): { id: string; workers: string[] }[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, '.next', 'server', 'server-reference-manifest.json'), 'utf8'));
  return Object.entries(manifest.node ?? {}).map(([id, entry]) => ({
    id,
    workers: Object.keys((entry as { workers: Record<string, unknown> }).workers ?? {}),
  }));
}

export function builtRoutes(): string[] {
  const file = join(ROOT, '.next', 'server', 'app-paths-manifest.json');
  if (!existsSync(file)) return [];
  return Object.keys(JSON.parse(readFileSync(file, 'utf8')));
}

/** Posts to a server action like the browser does (Next-Action header, JSON args). */
export async function callAction(
  baseURL: string,
  actionId: string,
  args: unknown[],
  init: { cookie?: string; origin?: string | null; page?: string } = {},
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {
    'Next-Action': actionId,
    'Content-Type': 'text/plain;charset=UTF-8',
    Accept: 'text/x-component',
  };
  if (init.origin !== null) headers.Origin = init.origin ?? baseURL;
  if (init.cookie) headers.Cookie = init.cookie;
  const res = await fetch(`${baseURL}${init.page ?? '/tokens'}`, { method: 'POST', headers, body: JSON.stringify(args), redirect: 'manual' });
  return { status: res.status, text: await res.text() };
}
