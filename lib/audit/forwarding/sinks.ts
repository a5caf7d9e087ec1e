// The two kinds of forwarding sink (issue 14). A sink delivers a batch in order or throws; a
// throw leaves the whole batch pending (sent again: at least once). Errors are put in words for
// Settings, never with a secret in them.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import type { AuditRow } from '@/lib/storage/audit';
import { formatSyslog, octetCounted } from './syslog-format';
import type { SyslogTarget } from './syslog-target';

export interface Sink {
  /** Stable key of the sink's cursor: 'syslog' or 'webhook'. */
  name: string;
  /** What Settings shows: the address, never the secret. */
  target: string;
  send(rows: AuditRow[]): Promise<void>;
}

export class SinkError extends Error {
  override name = 'SinkError';
}

const TIMEOUT_MS = 10_000;

/** Node's socket errors in words a person can act on. */
export function describeSocketError(error: unknown, where: string): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `${where} refused the connection (is the receiver running and listening?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${where}: the host name could not be resolved`;
    case 'ETIMEDOUT':
      return `${where} did not answer in time`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `${where} closed the connection while the console was sending`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} cannot be reached from this machine (no route)`;
    default:
      return error instanceof SinkError ? error.message : `${where}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export interface HostInfo {
  hostname: string;
  procId: string | number;
}

/**
 * TCP: one connection per batch, octet-counted frames (RFC 6587), done when the receiver has
 * taken the whole stream and the connection closed cleanly. UDP: one datagram per row; a UDP
 * sender cannot know whether anyone listens, so only local errors count as failures.
 */
export function syslogSink(target: SyslogTarget, host: HostInfo): Sink {
  const address = `${target.protocol}://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  const where = `the syslog receiver at ${address}`;
  const send = target.protocol === 'tcp' ? sendTcp : sendUdp;
  return {
    name: 'syslog',
    target: address,
    send: async (rows) => {
      try {
        await send(
          target,
          rows.map((r) => formatSyslog(r, host)),
        );
      } catch (error) {
        throw new SinkError(describeSocketError(error, where));
      }
    },
  };
}

function sendTcp(target: SyslogTarget, messages: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.host, port: target.port });
    let failed = false;
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    socket.once('error', (error) => {
      failed = true;
      reject(error);
    });
    socket.once('connect', () => {
      socket.end(Buffer.concat(messages.map(octetCounted)));
    });
    socket.once('close', () => {
      if (!failed) resolve();
    });
  });
}

function sendUdp(target: SyslogTarget, messages: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(target.host.includes(':') ? 'udp6' : 'udp4');
    const done = (error?: Error | null) => {
      socket.close();
      if (error) reject(error);
      else resolve();
    };
    socket.once('error', done);
    let i = 0;
    const next = (error?: Error | null) => {
      if (error) return done(error);
      if (i === messages.length) return done();
      socket.send(Buffer.from(messages[i++]!, 'utf8'), target.port, target.host, next);
    };
    next();
  });
}

/** One POST per row, JSON body = the row; a 2xx answer is delivery. */
export function webhookSink(url: string, secret: string | undefined, fetchImpl: typeof fetch = fetch): Sink {
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  shown.search = '';
  const target = shown.toString();
  const where = `the webhook at ${target}`;
  return {
    name: 'webhook',
    target,
    send: async (rows) => {
      for (const row of rows) {
        let response: Response;
        try {
          response = await fetchImpl(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
            body: JSON.stringify(row),
            signal: AbortSignal.timeout(TIMEOUT_MS),
            redirect: 'error',
          });
        } catch (error) {
          const cause = (error as { cause?: unknown }).cause ?? error;
          if ((error as Error)?.name === 'TimeoutError') throw new SinkError(`${where} did not answer within ${TIMEOUT_MS / 1000} s`);
          throw new SinkError(describeSocketError(cause, where));
        }
        await response.body?.cancel();
        if (!response.ok) {
          const auth = response.status === 401 || response.status === 403 ? ' (check CONSOLE_AUDIT_WEBHOOK_SECRET)' : '';
          throw new SinkError(`${where} answered ${response.status} ${response.statusText}${auth}`.trim());
        }
      }
    },
  };
}
