// CSRF guard for state-changing calls. Next.js compares Origin with Host but lets a request with
// no Origin through; we refuse it, and refuse `null` and foreign origins. Pure for testing.

export function isSameOrigin(headers: {
  origin: string | null;
  host: string | null;
  forwardedHost?: string | null;
  secFetchSite?: string | null;
}): boolean {
  const host = headers.forwardedHost?.split(',')[0]?.trim() || headers.host;
  if (!host) return false;
  const origin = headers.origin;
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
