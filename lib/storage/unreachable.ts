// How a page or action knows the console's database is down, shared by server and client code (no
// imports). In production Next.js hides a server error's message from the page's error boundary
// and passes only its `digest`; an error that already has one keeps it, so this fixed digest is
// how the boundary can say "the database is not reachable" rather than "something went wrong".
export const DATABASE_UNREACHABLE_DIGEST = 'DATABASE_UNREACHABLE';

export const DATABASE_UNREACHABLE_WORDS =
  "The console's database is not reachable right now. Nothing is wrong with your input: try again in a moment. If this lasts, ask whoever runs the console to check its database.";

/** True for the storage's "cannot reach the database" error, also when another error wraps it. */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { digest?: unknown }).digest === DATABASE_UNREACHABLE_DIGEST) return true;
  }
  return false;
}
