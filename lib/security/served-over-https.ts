// Whether the people using the console reach it over https, which decides whether responses carry
// Strict-Transport-Security. The console (`next start`) never terminates TLS itself: in production
// a reverse proxy does, and every request reaches the console over plain http, so the request's
// own scheme says nothing. The public address (AUTH_URL) does. X-Forwarded-Proto counts only when
// CONSOLE_TRUST_PROXY says a proxy in front sets it (and drops what clients send): Next.js takes
// the request's scheme from that header whoever sent it, so without the setting it is ignored.
// Pure, for proxy.ts and its tests.

export interface SchemeFacts {
  /** The configured public address, when set. */
  authUrl?: string | undefined;
  /** CONSOLE_TRUST_PROXY: the proxy in front sets X-Forwarded-Proto and strips what clients send. */
  trustProxy: boolean;
  /** The X-Forwarded-Proto header as received, if any. */
  forwardedProto?: string | null | undefined;
}

export function servedOverHttps(facts: SchemeFacts): boolean {
  if (facts.authUrl) return URL.canParse(facts.authUrl) && new URL(facts.authUrl).protocol === 'https:';
  if (facts.trustProxy && facts.forwardedProto) {
    // A chain of proxies appends: the first value is what the client used.
    return facts.forwardedProto.split(',')[0]!.trim().toLowerCase() === 'https';
  }
  return false;
}

/** Two years, subdomains included: the value the security checklist asks for. */
export const HSTS_VALUE = 'max-age=63072000; includeSubDomains';
