// The address a sign-in attempt comes from, for the sign-in limits. Next.js gives route handlers
// no socket address, so this trusts headers: the console must run behind a proxy that SETS
// X-Forwarded-For (or X-Real-IP) to the client's address, overwriting what the client sent (nginx:
// `proxy_set_header X-Forwarded-For $remote_addr;`). A proxy that appends leaves the client's own
// first entry in place. Without a proxy every request counts as 'unknown' unless the client
// claims an address; the per-username and global limits hold either way.

export function clientAddress(headers: Pick<Headers, 'get'> | undefined): string {
  const forwarded = headers?.get('x-forwarded-for')?.split(',')[0]?.trim();
  const real = headers?.get('x-real-ip')?.trim();
  // Bounded: it becomes part of a limiter key and a log field.
  return (forwarded || real || 'unknown').slice(0, 64);
}
