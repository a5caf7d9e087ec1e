// Scrubs anything secret-shaped before a line is written. Pure, so it is property-tested.

// Field names whose values are secrets: headers like Authorization and Cookie, anything ending in
// "token", passwords, secrets, credentials. Ids (authorizationID, tokenID) stay readable.
const SECRET_KEYS = /^(authorization|cookie|set-cookie)$|token$|password|secret|credential/i;
// InfluxDB tokens are 64 random bytes in base64 (86 chars + "=="). Long unbroken base64 runs are
// treated as secrets whatever they are. Runs with "/" must be longer, so permission paths
// ("orgs/<16 hex>/buckets/<16 hex>") and request ids (UUIDs, 36 chars) stay readable in logs.
const SECRET_VALUE = /[A-Za-z0-9+_-]{40,}={0,2}|[A-Za-z0-9+/_-]{80,}={0,2}/g;

export function redactString(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) if (secret) out = out.split(secret).join('[redacted]');
  return out.replace(SECRET_VALUE, '[redacted]');
}

export function redact(value: unknown, known: readonly string[] = [], depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return redactString(value, known);
  if (Array.isArray(value)) return value.map((v) => redact(v, known, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEYS.test(k) ? '[redacted]' : redact(v, known, depth + 1);
    }
    return out;
  }
  return value;
}
