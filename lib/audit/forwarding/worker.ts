// The forwarding worker (issue 14): for each configured sink, sends the outbox entries past the
// sink's cursor in order, moves the cursor when the sink accepted them, and when a sink fails,
// waits with exponential backoff before trying again (the backlog stays in the database meanwhile).
// Nothing is kept in memory: a new worker on the same database continues where the last one
// stopped. Free of Next.js; everything it needs is passed in.
import type { Sql } from '@/lib/storage/sql';
import { ensureSink, markFailed, markSent, pendingEntries, pruneOutbox, sinkState } from './outbox';
import type { Sink } from './sinks';

export interface ForwarderDeps {
  sql: Sql;
  sinks: Sink[];
  /** How often the worker looks for new entries (ms). */
  pollMs: number;
  batchSize?: number;
  /** First retry delay after a failure, doubled per failure in a row up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  now?: () => Date;
  log?: (msg: string, fields: Record<string, unknown>) => void;
}

export interface Forwarder {
  /** Runs one pass over every sink now (tests and the poll timer both use it). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function backoffDelay(failures: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, failures - 1));
}

export function startForwarder(deps: ForwarderDeps): Forwarder {
  const { sql, sinks, pollMs } = deps;
  const batchSize = deps.batchSize ?? 100;
  const base = deps.backoffMs ?? 1_000;
  const max = deps.maxBackoffMs ?? 5 * 60_000;
  const now = deps.now ?? (() => new Date());
  // Every sink is registered before a pass reads its cursor; a failed registration (the database
  // was down) surfaces from that pass and is tried again by the next.
  let registered: Promise<unknown> | undefined;
  const register = () =>
    (registered ??= Promise.all(sinks.map((sink) => ensureSink(sql, sink.name, sink.target))).catch((error: unknown) => {
      registered = undefined;
      throw error;
    }));

  const busy = new Map<string, Promise<void>>();

  async function drain(sink: Sink): Promise<void> {
    for (;;) {
      const state = await sinkState(sql, sink.name);
      if (state?.nextAttemptAt && Date.parse(state.nextAttemptAt) > now().getTime()) return;
      const entries = await pendingEntries(sql, sink.name, batchSize);
      if (entries.length === 0) return;
      try {
        await sink.send(entries.map((e) => e.row));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const at = now();
        const failures = (state?.failures ?? 0) + 1;
        const retryAt = new Date(at.getTime() + backoffDelay(failures, base, max));
        await markFailed(sql, sink.name, message, at, retryAt);
        deps.log?.('audit forwarding failed; will retry', {
          sink: sink.name,
          target: sink.target,
          error: message,
          retryAt: retryAt.toISOString(),
        });
        return;
      }
      await markSent(sql, sink.name, entries.at(-1)!.id, now());
    }
  }

  async function tick(): Promise<void> {
    await register();
    await Promise.all(
      sinks.map((sink) => {
        // One pass per sink at a time, so entries leave in order.
        const running = busy.get(sink.name);
        if (running) return running;
        const pass = drain(sink).finally(() => busy.delete(sink.name));
        busy.set(sink.name, pass);
        return pass;
      }),
    );
    await pruneOutbox(
      sql,
      sinks.map((s) => s.name),
    );
  }

  let stopped = false;
  const timer = setInterval(() => {
    if (!stopped) void tick().catch((error) => deps.log?.('audit forwarding pass failed', { error: String(error) }));
  }, pollMs);
  timer.unref();

  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.all(busy.values());
    },
  };
}
