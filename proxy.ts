// Next 16 proxy (formerly middleware): it only redirects visitors without a session cookie to the
// sign-in page and sets the Content-Security-Policy nonce. It decides nothing about access: every
// page, route and action checks the session itself, so skipping this file protects nothing less.
// It also answers action calls too large for Next.js, which would refuse them with a bare 500
// (lib/security/action-body.ts). Other action calls skip this file (the matcher): their answers are
// React's data, not documents, so they need no CSP, and running it costs every action call CPU.
import { NextResponse, type NextRequest } from 'next/server';
import { parseEnv } from '@/lib/config/env-schema';
import { checkActionBody, isActionCall } from '@/lib/security/action-body';
import { HSTS_VALUE, servedOverHttps } from '@/lib/security/served-over-https';

const PUBLIC_PATHS = ['/signin', '/api/auth', '/api/health'];
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

// Parsed here rather than through getConfig (server-only): a configuration the server refuses
// never gets this far (instrumentation.ts stops the process), so a failed parse only means
// "nothing configured": no HSTS.
let schemeConfig: { authUrl?: string; trustProxy: boolean } | undefined;
function httpsSettings(): { authUrl?: string; trustProxy: boolean } {
  if (!schemeConfig) {
    const parsed = parseEnv(process.env);
    schemeConfig = parsed.ok
      ? { ...(parsed.env.AUTH_URL ? { authUrl: parsed.env.AUTH_URL } : {}), trustProxy: parsed.env.CONSOLE_TRUST_PROXY }
      : { trustProxy: false };
  }
  return schemeConfig;
}

export async function proxy(request: NextRequest) {
  if (isActionCall(request.method, request.headers)) {
    const refused = await checkActionBody(request.headers, () => request.text());
    if (refused) return NextResponse.json(refused.result, { status: refused.status, headers: { 'Cache-Control': 'no-store' } });
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const dev = process.env.NODE_ENV !== 'production';
  const csp = [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data:`,
    `connect-src 'self'`,
    `font-src 'self'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');

  const { pathname, search } = request.nextUrl;
  const isPublic = PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  const hasSessionCookie = SESSION_COOKIES.some((name) => request.cookies.has(name));

  let response: NextResponse;
  if (!isPublic && !hasSessionCookie && request.method === 'GET') {
    const target = new URL('/signin', request.url);
    // Only a same-site path goes into callbackUrl: never an absolute URL (no open redirect).
    target.searchParams.set('callbackUrl', pathname + search);
    response = NextResponse.redirect(target);
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('Content-Security-Policy', csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set('Content-Security-Policy', csp);
  const https = servedOverHttps({ ...httpsSettings(), forwardedProto: request.headers.get('x-forwarded-proto') });
  if (https) response.headers.set('Strict-Transport-Security', HSTS_VALUE);
  return response;
}

// The second and third entries: action calls without a declared length, or one of six digits or
// more (LENGTHS_WORTH_CHECKING in lib/security/action-body.ts). Next.js reads this at build time,
// so it must be literals only, with the path pattern written three times.
export const config = {
  matcher: [
    { source: '/((?!_next/static|_next/image|favicon.ico|favicon.svg).*)', missing: [{ type: 'header', key: 'next-action' }] },
    {
      source: '/((?!_next/static|_next/image|favicon.ico|favicon.svg).*)',
      has: [{ type: 'header', key: 'next-action' }],
      missing: [{ type: 'header', key: 'content-length' }],
    },
    {
      source: '/((?!_next/static|_next/image|favicon.ico|favicon.svg).*)',
      has: [
        { type: 'header', key: 'next-action' },
        { type: 'header', key: 'content-length', value: '\\d{6,}' },
      ],
    },
  ],
};
