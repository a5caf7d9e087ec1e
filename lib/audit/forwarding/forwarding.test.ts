// Forwarding against real receivers started here: a TCP syslog listener (octet counting), a UDP
// one and an HTTP server, all on 127.0.0.1. No sleeps: every wait is a bounded poll for a
// condition.
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit, type AuditActor } from '@/lib/storage/audit';
import type { Sql } from '@/lib/storage/sql';
import { freshTestStorage, openTestStorageAt, type TestStorage } from '@/lib/storage/support/open-test-storage';
import { sinkStatus } from './outbox';
import { syslogSink, webhookSink, type Sink } from './sinks';
import { parseSyslogTarget } from './syslog-target';
import { startForwarder, type Forwarder } from './worker';

const host = { hostname: 'console-test', procId: 4242 };
const ada: AuditActor = { id: 'local:ada', name: 'Ada', email: 'ada@example.com', role: 'admin' };

let store: TestStorage;
let db: Sql;
const cleanups: (() => Promise<void> | void)[] = [];
beforeEach(async () => {
  store = await freshTestStorage();
  db = store.sql;
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await store.dispose();
});

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function forwarder(sinks: Sink[], database = db): Forwarder {
  const f = startForwarder({ sql: database, sinks, pollMs: 20, backoffMs: 20, maxBackoffMs: 40 });
  cleanups.push(() => f.stop());
  return f;
}

/** A syslog receiver over TCP that splits the stream by RFC 6587 octet counting. */
async function tcpReceiver(port = 0): Promise<{ port: number; messages: string[]; server: TcpServer }> {
  const messages: string[] = [];
  const server = createTcpServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const space = buffer.indexOf(0x20);
        if (space < 0) return;
        const length = Number(buffer.subarray(0, space).toString('ascii'));
        expect(Number.isInteger(length) && length > 0).toBe(true);
        if (buffer.length < space + 1 + length) return;
        messages.push(buffer.subarray(space + 1, space + 1 + length).toString('utf8'));
        buffer = buffer.subarray(space + 1 + length);
      }
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return { port: (server.address() as AddressInfo).port, messages, server };
}

async function udpReceiver(): Promise<{ port: number; messages: string[]; socket: UdpSocket }> {
  const messages: string[] = [];
  const socket = createSocket('udp4');
  socket.on('message', (m) => messages.push(m.toString('utf8')));
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => socket.close(() => r())));
  return { port: socket.address().port, messages, socket };
}

interface Received {
  body: string;
  headers: IncomingHttpHeaders;
}
async function httpReceiver(status: () => number): Promise<{ url: string; received: Received[]; server: HttpServer }> {
  const received: Received[] = [];
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const code = status();
      if (code < 300) received.push({ body, headers: req.headers });
      res.writeHead(code).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/audit-hook`, received, server };
}

/** A port nothing listens on: bound, then released. */
async function freePort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function record(action: string, detail: Record<string, unknown> = {}, outcome: 'success' | 'failure' = 'success') {
  return recordAudit(
    { requestId: `req-${action}`, actor: ada, action, outcome, orgID: '0123456789abcdef', authorizationID: 'c000000000000001', detail },
    db,
  );
}

// <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] BOM MSG
const SYSLOG_LINE =
  /^<(\d{1,3})>1 (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (\S+) influx-token-console (\S+) (\S+) (\[audit@32473(?: [a-z]+="(?:[^"\\\]]|\\["\\\]])*")+\]) \uFEFF(\{.*\})$/s;

describe('audit forwarding', () => {
  it('sends each row over TCP as an RFC 5424 message in octet-counting frames, in order', async () => {
    const rx = await tcpReceiver();
    await record('token.create', { description: 'ci "writer" ]' });
    await record('token.deactivate', {}, 'failure');
    const f = forwarder([syslogSink(parseSyslogTarget(`tcp://127.0.0.1:${rx.port}`)!, host)]);
    await f.tick();
    await until('two syslog messages', () => rx.messages.length === 2);
    const [first, second] = rx.messages.map((m) => SYSLOG_LINE.exec(m));
    expect(first, rx.messages[0]).not.toBeNull();
    expect(second, rx.messages[1]).not.toBeNull();
    expect(first![1]).toBe(String(13 * 8 + 5));
    expect(second![1]).toBe(String(13 * 8 + 4));
    expect(first![3]).toBe('console-test');
    expect(first![4]).toBe('4242');
    expect(first![5]).toBe('token.create');
    expect(second![5]).toBe('token.deactivate');
    expect(first![6]).toContain('outcome="success"');
    expect(first![6]).toContain('actor="local:ada"');
    expect(first![6]).toContain('org="0123456789abcdef"');
    const row = JSON.parse(first![7]!);
    expect(row).toMatchObject({ id: 1, action: 'token.create', actorId: 'local:ada', detail: { description: 'ci "writer" ]' } });
    expect(first![2]).toBe(row.at);
    expect(await sinkStatus(db, 'syslog', 'x')).toMatchObject({ backlog: 0, lastError: null, failing: false });
  });

  it('sends each row over UDP as one RFC 5424 datagram', async () => {
    const rx = await udpReceiver();
    await record('signin');
    forwarder([syslogSink(parseSyslogTarget(`udp://127.0.0.1:${rx.port}`)!, host)]);
    await until('one datagram', () => rx.messages.length === 1);
    const m = SYSLOG_LINE.exec(rx.messages[0]!);
    expect(m, rx.messages[0]).not.toBeNull();
    expect(m![5]).toBe('signin');
  });

  it('posts each row as JSON to the webhook with the secret as a bearer token', async () => {
    const rx = await httpReceiver(() => 204);
    await record('token.create');
    await record('token.delete');
    forwarder([webhookSink(rx.url, 's3cret-hook')]);
    await until('two posts', () => rx.received.length === 2);
    expect(rx.received.map((r) => JSON.parse(r.body).action)).toEqual(['token.create', 'token.delete']);
    expect(rx.received[0]!.headers.authorization).toBe('Bearer s3cret-hook');
    expect(rx.received[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(rx.received[0]!.body)).toMatchObject({ id: 1, actorName: 'Ada', orgId: '0123456789abcdef' });
  });

  it('keeps the backlog while a TCP sink is down, says why, and delivers once it is back', async () => {
    const port = await freePort();
    const sink = syslogSink(parseSyslogTarget(`tcp://127.0.0.1:${port}`)!, host);
    await record('token.create');
    await record('token.activate');
    const f = forwarder([sink]);
    await f.tick();
    const down = await sinkStatus(db, 'syslog', sink.target);
    expect(down.backlog).toBe(2);
    expect(down.failing).toBe(true);
    expect(down.lastError).toBe(
      `the syslog receiver at tcp://127.0.0.1:${port} refused the connection (is the receiver running and listening?)`,
    );
    expect(down.oldestPendingAt).not.toBeNull();
    await record('token.delete');
    expect((await sinkStatus(db, 'syslog', sink.target)).backlog).toBe(3);

    const rx = await tcpReceiver(port);
    await until('the backlog delivered', () => rx.messages.length === 3);
    expect(rx.messages.map((m) => SYSLOG_LINE.exec(m)![5])).toEqual(['token.create', 'token.activate', 'token.delete']);
    await until('the cursor moved', async () => (await sinkStatus(db, 'syslog', sink.target)).backlog === 0);
    expect((await sinkStatus(db, 'syslog', sink.target)).failing).toBe(false);
  });

  it('a webhook that answers 503 keeps its backlog; a new worker on the same file delivers it', async () => {
    let status = 503;
    const rx = await httpReceiver(() => status);
    await record('token.create');
    await record('token.describe');
    const first = startForwarder({ sql: db, sinks: [webhookSink(rx.url, undefined)], pollMs: 60_000 });
    await first.tick();
    await first.stop();
    const pending = await sinkStatus(db, 'webhook', rx.url);
    expect(pending.backlog).toBe(2);
    expect(pending.lastError).toBe(`the webhook at ${rx.url} answered 503 Service Unavailable`);
    await db.close();

    // The "restart": a fresh handle and a fresh worker; nothing carried over in memory.
    status = 200;
    db = await openTestStorageAt(store.location);
    forwarder([webhookSink(rx.url, undefined)], db);
    await until('the pending rows delivered after the restart', () => rx.received.length === 2);
    expect(rx.received.map((r) => JSON.parse(r.body).action)).toEqual(['token.create', 'token.describe']);
    await until('the outbox emptied', async () => (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit_outbox'))!.n === 0);
  });

  it('one sink being down does not hold back the other', async () => {
    const rx = await httpReceiver(() => 200);
    const port = await freePort();
    const syslog = syslogSink(parseSyslogTarget(`tcp://127.0.0.1:${port}`)!, host);
    await record('token.create');
    forwarder([syslog, webhookSink(rx.url, undefined)]);
    await until('the webhook delivery', () => rx.received.length === 1);
    await until('the syslog failure recorded', async () => (await sinkStatus(db, 'syslog', syslog.target)).failing);
    expect((await sinkStatus(db, 'syslog', syslog.target)).backlog).toBe(1);
    // The outbox keeps the entry the syslog sink still owes.
    expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit_outbox'))!.n).toBe(1);
  });

  it('never forwards a token value or a password', async () => {
    const token = randomBytes(64).toString('base64');
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const tcp = await tcpReceiver();
    const web = await httpReceiver(() => 200);
    // A careless caller handing secrets to the trail: the row is redacted on the way in.
    await record('token.create', { token, password, note: `minted ${token}`, description: 'ci writer' });
    forwarder([syslogSink(parseSyslogTarget(`tcp://127.0.0.1:${tcp.port}`)!, host), webhookSink(web.url, undefined)]);
    await until('both deliveries', () => tcp.messages.length === 1 && web.received.length === 1);
    const everything = [...tcp.messages, ...web.received.map((r) => r.body)].join('\n');
    expect(everything).toContain('ci writer');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.slice(0, 40));
    expect(everything).not.toContain(password);
  });
});

describe('parseSyslogTarget', () => {
  it('reads tcp and udp addresses and refuses anything else', () => {
    expect(parseSyslogTarget('tcp://127.0.0.1:6514')).toEqual({ protocol: 'tcp', host: '127.0.0.1', port: 6514 });
    expect(parseSyslogTarget('udp://logs.example.com:514')).toEqual({ protocol: 'udp', host: 'logs.example.com', port: 514 });
    expect(parseSyslogTarget('udp://[::1]:514')).toEqual({ protocol: 'udp', host: '::1', port: 514 });
    expect(parseSyslogTarget('http://127.0.0.1:514')).toBeUndefined();
    expect(parseSyslogTarget('tcp://127.0.0.1')).toBeUndefined();
    expect(parseSyslogTarget('tcp://127.0.0.1:70000')).toBeUndefined();
  });
});

describe('ageWords', () => {
  it('says how long an entry has waited', async () => {
    const { ageWords } = await import('./age-words');
    const now = new Date('2026-11-30T12:00:00.000Z');
    expect(ageWords('2026-11-30T11:59:20.000Z', now)).toBe('40 s');
    expect(ageWords('2026-11-30T11:48:00.000Z', now)).toBe('12 min');
    expect(ageWords('2026-11-30T08:55:00.000Z', now)).toBe('3 h 5 min');
    expect(ageWords('2026-11-28T12:00:00.000Z', now)).toBe('2 days');
  });
});
