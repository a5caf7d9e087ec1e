// Behind a TLS-terminating reverse proxy, the production arrangement: people reach the console
// over https, the proxy reaches it over plain http. The proxy here is a small node https server
// with a self-signed certificate made by `openssl req` for this run. Two arrangements, each with a
// console of its own: AUTH_URL=https://... behind a proxy that adds no headers (the console must
// send HSTS although no request reaches it over https), and no AUTH_URL but
// CONSOLE_TRUST_PROXY=true behind a proxy that sets X-Forwarded-Proto.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer, request as httpsRequest, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleEnv, freePort, startConsole, type RunningConsole } from './support/console-server';
import { submitSignInForm } from './support/sign-in';
import { stack } from './support/stack';
import { expect, recordResponses, test } from './support/test';

const HSTS = 'max-age=63072000; includeSubDomains';

let dir = '';
let cert: Buffer;
let key: Buffer;

interface Arrangement {
  /** The public https address (the proxy). */
  proxyURL: string;
  /** The console itself, plain http, as only the proxy should reach it. */
  consoleURL: string;
  stop(): Promise<void>;
}
let bareProxy: Arrangement | undefined;
let forwardingProxy: Arrangement | undefined;

/** Forwards every request to the console over http, as a reverse proxy in front of it would. */
function startTlsProxy(upstreamPort: number, setsForwardedProto: boolean): Promise<Server> {
  const server = createServer({ key, cert }, (req, res) => {
    const headers: IncomingHttpHeaders = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' };
    // nginx's bare proxy_pass adds no X-Forwarded-Proto; a configured one overwrites the client's.
    if (setsForwardedProto) headers['x-forwarded-proto'] = 'https';
    else delete headers['x-forwarded-proto'];
    const upstream = httpRequest({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function behindTlsProxy(
  label: string,
  setsForwardedProto: boolean,
  env: (proxyURL: string, work: string) => Record<string, string>,
): Promise<Arrangement> {
  const consolePort = await freePort();
  const proxy = await startTlsProxy(consolePort, setsForwardedProto);
  const proxyURL = `https://localhost:${(proxy.address() as AddressInfo).port}`;
  const work = join(dir, label);
  let app: RunningConsole | undefined;
  try {
    app = await startConsole(env(proxyURL, work), consolePort, work);
  } catch (error) {
    proxy.close();
    throw error;
  }
  return {
    proxyURL,
    consoleURL: app.baseURL,
    stop: async () => {
      await app.stop();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}

/** A GET that trusts only this run's certificate (any URL: https through a proxy, or plain http). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(url, { ca: cert, headers, signal: AbortSignal.timeout(10_000) }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = mkdtempSync(join(tmpdir(), 'itc-tls-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'].concat([
      '-addext',
      'subjectAltName=DNS:localhost',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
    ]),
    { cwd: dir, stdio: 'ignore' },
  );
  cert = readFileSync(join(dir, 'cert.pem'));
  key = readFileSync(join(dir, 'key.pem'));
  const { influx, usersFile } = stack();
  bareProxy = await behindTlsProxy('auth-url', false, (proxyURL, work) => consoleEnv({ influx, baseURL: proxyURL, dir: work, usersFile }));
  forwardingProxy = await behindTlsProxy('trusted-proxy', true, (proxyURL, work) => {
    const { AUTH_URL: _unset, ...env } = consoleEnv({ influx, baseURL: proxyURL, dir: work, usersFile });
    return { ...env, CONSOLE_TRUST_PROXY: 'true' };
  });
});

test.afterAll(async () => {
  await bareProxy?.stop();
  await forwardingProxy?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('behind a TLS-terminating proxy with an https AUTH_URL, every kind of response carries HSTS and COOP', async () => {
  const { proxyURL } = bareProxy!;
  for (const path of ['/signin', '/tokens', '/api/health', '/api/health/live', '/api/auth/csrf']) {
    const res = await get(`${proxyURL}${path}`);
    expect(res.status, path).toBeLessThan(500);
    expect(res.headers['strict-transport-security'], path).toBe(HSTS);
    expect(res.headers['cross-origin-opener-policy'], path).toBe('same-origin');
    expect(res.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
  }
  // Auth.js takes the scheme from AUTH_URL too: its cookies are the Secure, prefixed kind.
  const csrf = await get(`${proxyURL}/api/auth/csrf`);
  expect(csrf.headers['set-cookie']?.join('\n')).toMatch(/^__Host-authjs\.csrf-token=[^\n]*; Secure/im);
  // The sign-in redirect keeps the public https address.
  const redirect = await get(`${proxyURL}/tokens`);
  expect(redirect.status).toBe(307);
  expect(redirect.headers.location).toMatch(new RegExp(`^(${proxyURL.replace(/[.]/g, '\\.')})?/signin`));
});

test('a person signs in and out through the https proxy; the session cookie is Secure', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: bareProxy!.proxyURL, ignoreHTTPSErrors: true });
  recordResponses(context, 'tls-proxy');
  try {
    const page = await context.newPage();
    await page.goto('/tokens');
    await expect(page).toHaveURL(/\/signin/);
    await submitSignInForm(page, 'viewer');
    await expect(page.getByTestId('signed-in-user')).toContainText('viewer');
    const session = (await context.cookies()).find((c) => c.name.endsWith('authjs.session-token'));
    expect(session).toMatchObject({ name: '__Secure-authjs.session-token', secure: true, httpOnly: true });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/signin/);
  } finally {
    await context.close();
  }
});

test("without AUTH_URL, a trusted proxy's X-Forwarded-Proto decides: HSTS through it, none over plain http", async () => {
  const { proxyURL, consoleURL } = forwardingProxy!;
  const through = await get(`${proxyURL}/signin`);
  expect(through.status).toBe(200);
  expect(through.headers['strict-transport-security']).toBe(HSTS);
  const direct = await get(`${consoleURL}/signin`);
  expect(direct.status).toBe(200);
  expect(direct.headers['strict-transport-security']).toBeUndefined();
  expect(direct.headers['cross-origin-opener-policy']).toBe('same-origin');
});

test('an http AUTH_URL and an untrusted X-Forwarded-Proto: no HSTS, COOP all the same', async ({ baseURL }) => {
  const res = await fetch(`${baseURL}/signin`, { headers: { 'X-Forwarded-Proto': 'https' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('strict-transport-security')).toBeNull();
  expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
});
