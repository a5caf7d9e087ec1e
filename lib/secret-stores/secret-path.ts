// Paths and key names inside a store: what a person (or a template or link) may ask the console
// to write to. Pure; used by the configuration schema, the form schema and the KV client alike,
// so a path that passes here is the path that is written.

/** One path segment: what Vault and OpenBao accept without escaping, and nothing that walks. */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
export const MAX_PATH_LENGTH = 512;

export type PathCheck = { ok: true; path: string } | { ok: false; error: string };

/**
 * Checks the shape of a slash-separated path (a mount, a prefix, or a secret's path): no leading
 * or trailing slash, no empty segment, no `.` or `..`, only letters, digits and `._-` in a
 * segment, and a segment does not start with a dot (so `..` cannot hide as `...`).
 */
export function checkPathShape(input: string, what = 'The path'): PathCheck {
  const path = input.trim();
  if (path === '') return { ok: false, error: `${what} is empty.` };
  if (path.length > MAX_PATH_LENGTH) return { ok: false, error: `${what} is longer than ${MAX_PATH_LENGTH} characters.` };
  if (path.startsWith('/')) return { ok: false, error: `${what} must not start with “/”.` };
  if (path.endsWith('/')) return { ok: false, error: `${what} must not end with “/”: that names a folder, not a secret.` };
  for (const segment of path.split('/')) {
    if (segment === '') return { ok: false, error: `${what} has an empty segment (“//”).` };
    if (segment === '.' || segment === '..') return { ok: false, error: `${what} must not contain “${segment}” as a segment.` };
    if (!SEGMENT.test(segment)) {
      const bad = [...segment].find((c) => !/[A-Za-z0-9._-]/.test(c));
      return {
        ok: false,
        error: bad
          ? `${what} contains “${bad}”; use letters, digits, “.”, “_” and “-” between the slashes.`
          : `${what} has a segment that starts with “${segment[0]}”; start each segment with a letter, digit or “_”.`,
      };
    }
  }
  return { ok: true, path };
}

/**
 * A requested secret path, relative to the store's mount, that lies strictly under `prefix`
 * (segment by segment: `influx-old/x` is not under `influx`). Templates and links may carry the
 * mount in front (`secret/influx/edge-01`); that form is accepted when the prefix itself does not
 * start with the mount's name, so the reading is never ambiguous.
 */
export function resolveSecretPath(store: { mount: string; pathPrefix: string }, input: string): PathCheck {
  let requested = input.trim();
  const withMount = `${store.mount}/`;
  if (requested.startsWith(withMount) && !isUnder(store.pathPrefix, requested) && !store.pathPrefix.startsWith(withMount)) {
    requested = requested.slice(withMount.length);
  }
  const shape = checkPathShape(requested);
  if (!shape.ok) return shape;
  if (!isUnder(store.pathPrefix, shape.path)) {
    return {
      ok: false,
      error: `The path must be under “${store.pathPrefix}/”, e.g. ${store.pathPrefix}/edge-01; this store allows nothing else.`,
    };
  }
  return shape;
}

/** True when `path` has every segment of `prefix` first and at least one more after them. */
export function isUnder(prefix: string, path: string): boolean {
  const p = prefix.split('/');
  const q = path.split('/');
  return q.length > p.length && p.every((segment, i) => q[i] === segment);
}

const KEY_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const DEFAULT_KEY_NAME = 'token';

/** The key inside the secret that holds the value: a plain identifier (`token`, `influx_token`). */
export function checkKeyName(input: string): { ok: true; key: string } | { ok: false; error: string } {
  const key = input.trim() || DEFAULT_KEY_NAME;
  if (!KEY_NAME.test(key)) {
    return {
      ok: false,
      error: 'The key name must be a plain identifier: a letter or “_”, then letters, digits or “_” (at most 64), e.g. token.',
    };
  }
  return { ok: true, key };
}
