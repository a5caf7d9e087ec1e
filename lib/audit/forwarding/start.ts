import 'server-only';
// Starts the forwarding worker in the console's server process (from instrumentation.ts, next to
// the scheduler). The worker polls the outbox: audit rows are written by request handlers that
// may live in another module instance, so there is no in-memory signal to wait on.
import { hostname } from 'node:os';
import { getConfig } from '@/lib/config/server-config';
import { logger } from '@/lib/log/logger';
import { storage } from '@/lib/storage/db';
import { configuredSinks } from './configured';
import { sinkStatus, type SinkStatus } from './outbox';
import { startForwarder, type Forwarder } from './worker';

const KEY = Symbol.for('influx-token-console.audit-forwarding');
type Holder = { [KEY]?: Forwarder };

const POLL_MS = 1_000;
// With no sink nothing reads the outbox; the pass only empties it.
const IDLE_POLL_MS = 60 * 60 * 1000;

function sinks() {
  return configuredSinks(getConfig(), { hostname: hostname(), procId: process.pid });
}

export function startAuditForwarding(): void {
  const holder = globalThis as Holder;
  if (holder[KEY]) return;
  const configured = sinks();
  const forwarder = startForwarder({
    sql: storage(),
    sinks: configured,
    pollMs: configured.length ? POLL_MS : IDLE_POLL_MS,
    log: (msg, fields) => logger.warn(msg, fields),
  });
  holder[KEY] = forwarder;
  logger.info('audit forwarding started', { sinks: configured.map((s) => `${s.name} ${s.target}`) });
  void forwarder.tick().catch((error: unknown) => logger.error('audit forwarding pass failed', { error: String(error) }));
}

/** What Settings shows per configured sink. */
export function forwardingStatus(): Promise<SinkStatus[]> {
  return Promise.all(sinks().map((s) => sinkStatus(storage(), s.name, s.target)));
}
