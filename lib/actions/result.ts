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
  | 'internal';

export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: ActionErrorCode;
      formError: string;
      fieldErrors?: Record<string, string[]>;
      retryAfterSeconds?: number;
      requestId?: string;
    };

export const fail = (
  code: ActionErrorCode,
  formError: string,
  extra: { fieldErrors?: Record<string, string[]>; retryAfterSeconds?: number } = {},
): ActionResult<never> => ({ ok: false, code, formError, ...extra });

export const ok = <T>(data: T): ActionResult<T> => ({ ok: true, data });
