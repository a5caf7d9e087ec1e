// Server action bodies that Next.js refuses before any action code runs, and would answer with a
// bare HTTP 500 and a digest (observed on 16.4, next start; see app-render/action-handler.js):
// - larger than experimental.serverActions.bodySizeLimit: Next throws a 413 ApiError while reading
//   the body, then turns every error of a fetch action into a 500 (its own TODO says so);
// - not a JSON array (not JSON at all, or JSON of another shape): React's decodeReply fails or the
//   arguments cannot be applied, again a 500.
// proxy.ts asks this module first and answers these with the actions' own result shape, as JSON,
// with 413 or 400. The browser's own calls never get here: React encodes arguments as a JSON array
// of a few kB. Multipart bodies (arguments with files) are left to Next, past the size check.
// Pure: no Next.js imports, so it is tested directly.

/** The body size limit of every server action; next.config.mjs sets the same (a test checks). */
export const ACTION_BODY_LIMIT = '256kb';
export const ACTION_BODY_LIMIT_BYTES = 256 * 1024;

export interface ActionBodyRefusal {
  status: 400 | 413;
  result: { ok: false; code: 'invalid-input'; formError: string };
}

const refusal = (status: 400 | 413, formError: string): ActionBodyRefusal => ({
  status,
  result: { ok: false, code: 'invalid-input', formError },
});

export const TOO_LARGE = refusal(
  413,
  `This request is larger than the console accepts (${ACTION_BODY_LIMIT}); nothing was done. A token form is a few kB, with at most 200 permissions.`,
);
export const NOT_JSON_ARRAY = refusal(
  400,
  'This request body is not a JSON array of action arguments, so the action was not run and nothing was done.',
);

/** The refusal for a declared Content-Length, or undefined when the length is acceptable or absent. */
export function refuseByLength(contentLength: string | null): ActionBodyRefusal | undefined {
  if (contentLength === null || !/^\d+$/.test(contentLength.trim())) return undefined;
  return Number(contentLength) > ACTION_BODY_LIMIT_BYTES ? TOO_LARGE : undefined;
}

/** The refusal for a non-multipart action body, or undefined when Next.js can decode it. */
export function refuseBody(text: string): ActionBodyRefusal | undefined {
  if (Buffer.byteLength(text, 'utf8') > ACTION_BODY_LIMIT_BYTES) return TOO_LARGE;
  try {
    return Array.isArray(JSON.parse(text)) ? undefined : NOT_JSON_ARRAY;
  } catch {
    return NOT_JSON_ARRAY;
  }
}

/** A server action call (what Next.js treats as one): a POST with the Next-Action header. */
export const isActionCall = (method: string, headers: Headers) => method === 'POST' && headers.has('next-action');

/**
 * Checks an action call's body; `readText` is called only for bodies Next.js would decode as text.
 * Resolves to undefined when Next.js may go on.
 */
export async function checkActionBody(headers: Headers, readText: () => Promise<string>): Promise<ActionBodyRefusal | undefined> {
  const byLength = refuseByLength(headers.get('content-length'));
  if (byLength) return byLength;
  if ((headers.get('content-type') ?? '').startsWith('multipart/form-data')) return undefined;
  return refuseBody(await readText());
}
