// Server action bodies larger than experimental.serverActions.bodySizeLimit: Next.js throws a 413
// while reading one, then turns every error of a fetch action into a bare HTTP 500 with a digest
// (observed on 16.4, next start; its own TODO in app-render/action-handler.js says so). proxy.ts
// asks this module first and answers them 413 with the actions' own result shape, as JSON.
//
// Only the size is checked here, and the body is read only when no length is declared. Reading an
// action's body in the proxy makes Next.js copy the whole request stream for the action (measured:
// 0.5-0.8 ms of CPU on every action call, about a tenth of a mint), so action calls that declare a
// length under 100,000 bytes do not run the proxy at all (its matcher). A body that is not a JSON
// array of arguments is refused by Next.js itself (its bare 500); the browser's own calls are
// always one, and nothing is run or minted for one that is not (e2e/action-bodies.spec.ts).
// Pure: no Next.js imports, so it is tested directly.

/** The body size limit of every server action; next.config.mjs sets the same (a test checks). */
export const ACTION_BODY_LIMIT = '256kb';
export const ACTION_BODY_LIMIT_BYTES = 256 * 1024;

/**
 * The proxy's matcher lets an action call through only when its Content-Length matches this (six
 * digits or more, 100,000 bytes and up) or is missing: a regular expression, because a matcher is
 * read at build time and can only compare header values with one. Too wide on purpose: the exact
 * comparison is refuseByLength's. proxy.ts writes the same literal (a test checks).
 */
export const LENGTHS_WORTH_CHECKING = '\\d{6,}';

export interface ActionBodyRefusal {
  status: 413;
  result: { ok: false; code: 'invalid-input'; formError: string };
}

export const TOO_LARGE: ActionBodyRefusal = {
  status: 413,
  result: {
    ok: false,
    code: 'invalid-input',
    formError: `This request is larger than the console accepts (${ACTION_BODY_LIMIT}); nothing was done. A token form is a few kB, with at most 200 permissions.`,
  },
};

/** The refusal for a declared Content-Length, or undefined when the length is acceptable or absent. */
export function refuseByLength(contentLength: string | null): ActionBodyRefusal | undefined {
  if (contentLength === null || !/^\d+$/.test(contentLength.trim())) return undefined;
  return Number(contentLength) > ACTION_BODY_LIMIT_BYTES ? TOO_LARGE : undefined;
}

/** A server action call (what Next.js treats as one): a POST with the Next-Action header. */
export const isActionCall = (method: string, headers: Headers) => method === 'POST' && headers.has('next-action');

/**
 * Checks an action call's size; `readText` is called only for a body without a declared length
 * that Next.js would read as text (multipart bodies, arguments with files, are left to Next.js).
 * Resolves to undefined when Next.js may go on.
 */
export async function checkActionBody(headers: Headers, readText: () => Promise<string>): Promise<ActionBodyRefusal | undefined> {
  const length = headers.get('content-length');
  if (length !== null) return refuseByLength(length);
  if ((headers.get('content-type') ?? '').startsWith('multipart/form-data')) return undefined;
  return Buffer.byteLength(await readText(), 'utf8') > ACTION_BODY_LIMIT_BYTES ? TOO_LARGE : undefined;
}
