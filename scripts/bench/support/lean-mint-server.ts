// An experiment for bench:lean-mint (not part of the console): the console's mint work served by a
// bare `node:http` server instead of a Next.js server action, in its own process, on the console's
// real modules and database. What it keeps of the action wrapper: the Origin check, the session
// looked up in the same kind of cache a warm session hits (sessionCookieKey + createSessionCache:
// a cookie hash and a map; the person is fixed, no Auth.js decoding), the policy, the schema, the
// per-person rate limit, one deadline. Then createToken's own handler, createTokenInScope (the
// scope, the template approval gate, four eyes, mintToken with the console's deps: one-time key, the
// create call, key + audit row + outbox in one transaction, the kept list). Answers JSON.
//
//   node --conditions react-server --import tsx scripts/bench/support/lean-mint-server.ts <port>
// with the console's environment (consoleEnv); prints "listening" when ready.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { sessionCookieKey, createSessionCache } from '@/lib/auth/session-cache';
import type { ConsoleUser } from '@/lib/auth/session';
import { withDeadline } from '@/lib/influx/deadline';
import { tokenFormSchema } from '@/lib/permissions/token-form-schema';
import { consolePolicy } from '@/lib/policy/console-policy';
import { decide } from '@/lib/policy/operations';
import { isSameOrigin } from '@/lib/security/origin';
import { rateLimit } from '@/lib/security/rate-limit';
import { createTokenInScope } from '@/lib/tokens/console-mint';

const port = Number(process.argv[2]);
const creator: ConsoleUser = { id: 'local:creator', name: 'creator', role: 'creator', provider: 'local' };
const sessions = createSessionCache<ConsoleUser>({ ttlMs: 3_600_000, max: 2_000 });

function cookiesOf(header: string | undefined): { name: string; value: string }[] {
  return (header ?? '').split(/;\s*/).flatMap((part) => {
    const i = part.indexOf('=');
    return i > 0 ? [{ name: part.slice(0, i), value: part.slice(i + 1) }] : [];
  });
}

async function mint(req: http.IncomingMessage, body: string): Promise<unknown> {
  const requestId = randomUUID();
  if (!isSameOrigin({ origin: req.headers.origin ?? null, host: req.headers.host ?? null, forwardedHost: null }))
    return { ok: false, code: 'bad-origin' };
  const key = sessionCookieKey(cookiesOf(req.headers.cookie));
  if (!key) return { ok: false, code: 'unauthenticated' };
  let user = sessions.get(key);
  if (!user) sessions.set(key, (user = creator)); // the first call of a session: where Auth.js would decode it
  const decision = decide(user.role, 'token.mint', consolePolicy());
  if (!decision.allowed) return { ok: false, code: 'forbidden' };
  const parsed = tokenFormSchema.safeParse(JSON.parse(body));
  if (!parsed.success) return { ok: false, code: 'invalid-input', fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const limit = await rateLimit(`action:${user.id}:tokens.create`, 10_000, 60_000);
  if (!limit.allowed) return { ok: false, code: 'rate-limited' };
  return withDeadline(() => createTokenInScope(parsed.data, { user, requestId }));
}

// Exit normally on SIGTERM, so that `node --cpu-prof` writes its profile (bench:lean-mint --profile).
process.on('SIGTERM', () => process.exit(0));

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      mint(req, Buffer.concat(chunks).toString('utf8')).then(
        (result) => {
          res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          res.end(JSON.stringify(result));
        },
        (error: unknown) => {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(String(error));
        },
      );
    });
  })
  .listen(port, '127.0.0.1', () => console.log('listening'));
