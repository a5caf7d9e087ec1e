// Where a person may be sent after sign-in. One pure function, used by the sign-in page and by
// Auth.js's redirect callback, so the two cannot disagree.
//
// A prefix test ("starts with / and not //") is not enough: browsers drop tabs and newlines while
// parsing a URL, so "/\t/evil.example" passes the test and then loads "//evil.example", another
// host. Backslashes are read as slashes in http(s) URLs. So we refuse both outright, let the URL
// parser decide where the value really points, and hand back only a path on the console itself.

const FALLBACK = '/';
// C0 controls, DEL, C1 controls, and the backslash.
// eslint-disable-next-line no-control-regex -- control characters are what this check is about.
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * The value as a path on the console (`/tokens?x=1#y`), or `/` when it is missing, malformed,
 * contains a control character or backslash, or resolves to any other origin.
 */
export function safeCallbackPath(value: unknown, consoleOrigin: string): string {
  if (typeof value !== 'string' || value === '' || value.length > 2048 || UNSAFE_CHARACTER.test(value)) return FALLBACK;
  let target: URL;
  let origin: string;
  try {
    origin = new URL(consoleOrigin).origin;
    target = new URL(value, origin);
  } catch {
    return FALLBACK;
  }
  // `origin` ignores credentials; "http://evil@console/" is nobody's idea of a console link.
  if (target.origin !== origin || target.username || target.password) return FALLBACK;
  const path = target.pathname + target.search + target.hash;
  // "/.//evil.example" normalises to the path "//evil.example", which as a relative URL names
  // another host.
  return path.startsWith('//') ? FALLBACK : path;
}
