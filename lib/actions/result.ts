// The one shape every server action returns. Expected failures are values; the UI renders
// formError and fieldErrors as they are. Shared by client and server (no server imports).

export type ActionErrorCode =
  | 'invalid-input'
  | 'unauthenticated'
  | 'forbidden'
  | 'bad-origin'
  | 'rate-limited'
  | 'upstream'
  | 'outcome-unknown'
  | 'conflict'
  | 'not-found'
  | 'unavailable'
  | 'internal';

/**
 * `P` is what a failed multi-step action did manage to do (e.g. "the user was created, the token
 * was not"), so the page can offer to finish or undo it. Most actions have none.
 */
export type ActionResult<T, P = never> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: ActionErrorCode;
      formError: string;
      fieldErrors?: Record<string, string[]>;
      retryAfterSeconds?: number;
      requestId?: string;
      partial?: P;
    };

export const fail = <P = never>(
  code: ActionErrorCode,
  formError: string,
  extra: { fieldErrors?: Record<string, string[]>; retryAfterSeconds?: number; partial?: P } = {},
): ActionResult<never, P> => ({ ok: false, code, formError, ...extra });

export const ok = <T>(data: T): ActionResult<T> => ({ ok: true, data });
