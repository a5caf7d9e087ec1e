// Calling server actions the way an attacker would: a plain POST with the action id (from the
// build's server-reference manifest), the Next-Action header and a same-origin Origin, carrying
// a signed-in person's cookies. What the browser UI hides must still be refused here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { ROOT } from './console-server';

type Manifest = { node: Record<string, { exportedName?: string; filename?: string }> };

export function actionIds(file = 'app/(console)/tokens/actions.ts'): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(ROOT, '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as Manifest;
  const out: Record<string, string> = {};
  for (const [id, entry] of Object.entries(manifest.node)) if (entry.filename === file && entry.exportedName) out[entry.exportedName] = id;
  return out;
}

export interface ActionReply {
  status: number;
  text: string;
  /** The action's return value (the flight row the action result lives in), when there is one. */
  result?: { ok: boolean; code?: string; formError?: string; data?: unknown };
}

export async function postAction(
  request: APIRequestContext,
  baseURL: string,
  actionId: string,
  args: unknown[],
  opts: { origin?: string | null; path?: string } = {},
): Promise<ActionReply> {
  const origin = opts.origin === undefined ? baseURL : opts.origin;
  const res = await request.post(opts.path ?? '/tokens', {
    headers: {
      'Next-Action': actionId,
      'Content-Type': 'text/plain;charset=UTF-8',
      Accept: 'text/x-component',
      ...(origin === null ? {} : { Origin: origin }),
    },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  const text = await res.text();
  const line = text.split('\n').find((l) => l.startsWith('1:{'));
  return { status: res.status(), text, ...(line ? { result: JSON.parse(line.slice(2)) } : {}) };
}

/** The id of `exportedName` declared in the given actions file (e.g. app/(console)/templates/actions.ts). */
export function actionId(file: string, exportedName: string): string {
  const id = actionIds(file)[exportedName];
  if (!id) throw new Error(`no server action ${exportedName} from ${file} in the build`);
  return id;
}
