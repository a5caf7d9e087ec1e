// The new-token form's limits and its one-time key, without zod: the builder's fields import these,
// and the schema (token-form-schema.ts) is loaded in the browser only when the form is first checked.

export const DESCRIPTION_MAX = 300;
export const GRANTS_MAX = 200;
export const NEW_USER_NAME_MAX = 64;

/** A fresh one-time key. crypto.randomUUID needs a secure context; getRandomValues does not. */
export function newFormKey(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID();
    } catch {
      // insecure context: fall through
    }
  }
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
