// Calls a server action the way an attacker would: a bare POST with the Next-Action header, no UI.
// Action ids come from the build's server-reference-manifest, so the test hits the real endpoints.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { ROOT } from './console-server';

interface ManifestEntry {
  filename?: string;
  exportedName?: string;
  workers?: Record<string, unknown>;
}

/** The id of `exportedName` declared in the given actions file (e.g. app/(console)/templates/actions.ts). */
export function actionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, ManifestEntry>;
  };
  const found = Object.entries(manifest.node).find(([, e]) => e.exportedName === exportedName && (e.filename ?? '').endsWith(file));
  if (!found) throw new Error(`no server action ${exportedName} from ${file} in the build`);
  return found[0];
}

/** POSTs `args` to the action at `path` (a page that uses it); returns status and the RSC text. */
export async function postAction(
  request: APIRequestContext,
  opts: { baseURL: string; path: string; id: string; args: unknown[]; origin?: string | null },
): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = {
    'Next-Action': opts.id,
    'Content-Type': 'text/plain;charset=UTF-8',
    Accept: 'text/x-component',
  };
  if (opts.origin !== null) headers.Origin = opts.origin ?? opts.baseURL;
  const res = await request.post(new URL(opts.path, opts.baseURL).toString(), { headers, data: JSON.stringify(opts.args) });
  return { status: res.status(), body: await res.text() };
}
