/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // better-sqlite3 is a native module: load it from node_modules at run time.
  serverExternalPackages: ['better-sqlite3'],
  experimental: {
    // Deliberately small (Next's default is 1 MB): a token form a person builds is a few kB, and
    // one at the schema's limits with 40-character names (200 grants; read and write on buckets
    // and telegrafs with 500 items each) about 150 kB. Anything larger is refused before it is
    // decoded. Keep equal to ACTION_BODY_LIMIT in lib/security/action-body.ts: proxy.ts uses it to
    // answer an oversize or malformed body with 413/400 and the actions' result shape instead of
    // Next's bare 500 (action-body.test.ts checks that the two agree).
    serverActions: { bodySizeLimit: '256kb' },
  },
  // Tokens and templates are per request; never let a proxy or the browser keep a page.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Frame-Options', value: 'DENY' },
          // A window this console opens, or one that opened it, gets no handle on the other.
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
    ];
  },
};

export default nextConfig;
