// Calling server actions the way an attacker would, from a Playwright request context (so a
// signed-in page's cookies come along): a plain POST with the action id, the Next-Action header
// and, unless told otherwise, a same-origin Origin. What the UI hides must still be refused here.
import type { APIRequestContext } from '@playwright/test';
import { actionId as idOf, actionIds as idsOf, parseFlightResult } from './console-http';

export const actionIds = (file = 'app/(console)/tokens/actions.ts') => idsOf(file);
export const actionId = (file: string, exportedName: string) => idOf(exportedName, file);

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
  const result = parseFlightResult(text) as ActionReply['result'];
  return { status: res.status(), text, ...(result ? { result } : {}) };
}
