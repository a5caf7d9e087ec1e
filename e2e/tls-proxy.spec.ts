// Behind a TLS-terminating reverse proxy, the production arrangement: people reach the console
// over https, the proxy reaches it over plain http. The proxy here is a small node https server
// with a self-signed certificate made by `openssl req` for this run; the console gets
// AUTH_URL=https://... and must send HSTS although no request reaches it over https.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer, request as httpsRequest, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleEnv, freePort, startConsole, type RunningConsole } from './support/console-server';
import { stack } from './support/stack';
import { expect, test } from './support/test';

const HSTS = 'max-age=63072000; includeSubDomains';

let dir: string | undefined;
let cert: Buffer;
let proxy: Server | undefined;
let proxyURL = '';
let app: RunningConsole | undefined;

/** Forwards every request to the console over http, as a reverse proxy in front of it would. */
function startTlsProxy(key: Buffer, upstreamPort: number): Promise<Server> {
  const server = createServer({ key, cert }, (req, res) => {
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: upstreamPort,
        method: req.method,
        path: req.url,
        // Like nginx's bare proxy_pass: no X-Forwarded-Proto, so only AUTH_URL tells the scheme.
        headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A GET through the proxy that trusts only this run's certificate. */
function getOverTls(path: string): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${proxyURL}${path}`, { ca: cert, signal: AbortSignal.timeout(10_000) }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'itc-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
    ].concat(['-keyout', 'key.pem', '-out', 'cert.pem']),
    { cwd: dir, stdio: 'ignore' },
  );
  cert = readFileSync(join(dir, 'cert.pem'));
  const consolePort = await freePort();
  proxy = await startTlsProxy(readFileSync(join(dir, 'key.pem')), consolePort);
  proxyURL = `https://localhost:${(proxy.address() as AddressInfo).port}`;
  const env = consoleEnv({ influx: stack().influx, baseURL: proxyURL, dir, usersFile: stack().usersFile });
  app = await startConsole(env, consolePort, join(dir, 'console'));
});

test.afterAll(async () => {
  await app?.stop();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('behind a TLS-terminating proxy with an https AUTH_URL, every kind of response carries HSTS and COOP', async () => {
  for (const path of ['/signin', '/tokens', '/api/health', '/api/health/live', '/api/auth/csrf']) {
    const res = await getOverTls(path);
    expect(res.status, path).toBeLessThan(500);
    expect(res.headers['strict-transport-security'], path).toBe(HSTS);
    expect(res.headers['cross-origin-opener-policy'], path).toBe('same-origin');
    expect(res.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
  }
  // Auth.js takes the scheme from AUTH_URL too: its cookies are the Secure, prefixed kind.
  const csrf = await getOverTls('/api/auth/csrf');
  expect(csrf.headers['set-cookie']?.join('\n')).toMatch(/^__Host-authjs\.csrf-token=[^\n]*; Secure/im);
  // The sign-in redirect keeps the public https address.
  const redirect = await getOverTls('/tokens');
  expect(redirect.status).toBe(307);
  expect(redirect.headers.location).toMatch(new RegExp(`^(${proxyURL.replace(/[.]/g, '\\.')})?/signin`));
});

test('an http AUTH_URL and an untrusted X-Forwarded-Proto: no HSTS, COOP all the same', async ({ baseURL }) => {
  const res = await fetch(`${baseURL}/signin`, { headers: { 'X-Forwarded-Proto': 'https' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('strict-transport-security')).toBeNull();
  expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
});
