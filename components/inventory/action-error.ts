// An action's expected failure, thrown inside React Query so onError can roll back and show the
// action's own words (already chosen on the server; never an upstream body).
import type { ActionResult } from '@/lib/actions/result';

export class ActionFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ActionFailure';
  }
}

export function unwrap<T>(result: ActionResult<T>): T {
  if (result.ok) return result.data;
  throw new ActionFailure(result.code, result.formError);
}

/** Words for any error reaching the browser: ours as they are, anything else generic. */
export function errorWords(error: unknown, doing: string): string {
  if (error instanceof ActionFailure) return error.message;
  return `Could not ${doing}: the console did not answer. Check your connection and reload the page.`;
}
