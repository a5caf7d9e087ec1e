// Audit forwarding against the production build: a second console (its own data folder) forwards
// to a webhook and a TCP syslog receiver this spec starts on 127.0.0.1. The syslog receiver is
// down at first: Settings shows its backlog and the error, and it gets everything once it listens.
// No forwarded message holds the minted token's value.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleEnv, freePort, startConsole, type RunningConsole } from './support/console-server';
import { finishDialog, mintSimple, uniq } from './support/mint';
import { expect, storageStateFor, test } from './support/test';

let second: RunningConsole | undefined;
let dir: string | undefined;
const servers: (HttpServer | TcpServer)[] = [];

test.afterAll(async () => {
  await second?.stop();
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('new audit rows reach the webhook and, once it is up, the syslog receiver; Settings shows the backlog', async ({ browser, stack }) => {
  test.setTimeout(240_000);
  const posts: { body: string; authorization: string | undefined }[] = [];
  const hook = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      posts.push({ body, authorization: req.headers.authorization });
      res.writeHead(204).end();
    });
  });
  servers.push(hook);
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const hookURL = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/audit`;
  const syslogPort = await freePort();

  dir = mkdtempSync(join(tmpdir(), 'itc-forwarding-'));
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  second = await startConsole(
    consoleEnv({
      influx: stack.influx,
      baseURL,
      dir,
      usersFile: stack.usersFile,
      extra: {
        CONSOLE_AUDIT_WEBHOOK_URL: hookURL,
        CONSOLE_AUDIT_WEBHOOK_SECRET: 'e2e-hook-secret',
        CONSOLE_AUDIT_SYSLOG: `tcp://127.0.0.1:${syslogPort}`,
      },
    }),
    port,
    dir,
  );

  const creator = await (await browser.newContext({ baseURL, storageState: storageStateFor('creator') })).newPage();
  const description = uniq('e2e forwarded');
  const token = await mintSimple(creator, description);
  await finishDialog(creator);
  await creator.context().close();

  const created = () =>
    posts
      .map((p) => JSON.parse(p.body) as { action: string; outcome: string; actorId: string })
      .find((r) => r.action === 'token.create' && r.outcome === 'success');
  await expect.poll(created, { timeout: 20_000 }).toMatchObject({ actorId: 'local:cy-creator' });
  expect(posts[0]!.authorization).toBe('Bearer e2e-hook-secret');

  const admin = await (await browser.newContext({ baseURL, storageState: storageStateFor('admin') })).newPage();
  await admin.goto('/settings');
  const syslog = admin.getByTestId('forwarding-syslog');
  await expect(syslog).toContainText(`tcp://127.0.0.1:${syslogPort}`);
  await expect(admin.getByTestId('forwarding-syslog-error')).toContainText('refused the connection');
  expect(Number(await syslog.getAttribute('data-backlog'))).toBeGreaterThan(0);
  await expect(admin.getByTestId('forwarding-webhook')).toContainText('Delivering');
  expect(await admin.content()).not.toContain('e2e-hook-secret');

  const lines: string[] = [];
  const receiver = createTcpServer((socket) => {
    let buffer = '';
    socket.on('data', (c) => (buffer += c.toString('utf8')));
    socket.on('end', () => lines.push(buffer));
  });
  servers.push(receiver);
  await new Promise<void>((r) => receiver.listen(syslogPort, '127.0.0.1', r));
  await expect
    .poll(() => lines.join('\n'), { timeout: 90_000 })
    .toMatch(/<\d+>1 \S+ \S+ influx-token-console \d+ token\.create \[audit@32473 /);
  await expect
    .poll(
      async () => {
        await admin.reload();
        return admin.getByTestId('forwarding-syslog').getAttribute('data-backlog');
      },
      { timeout: 90_000 },
    )
    .toBe('0');
  await admin.context().close();

  const forwarded = [...posts.map((p) => p.body), ...lines].join('\n');
  expect(forwarded).toContain(description);
  expect(forwarded).not.toContain(token);
});
