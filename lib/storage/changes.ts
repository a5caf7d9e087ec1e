// Changes made through one console process, told to the others, so that caches kept in each
// process (the inventory's token list, the bucket index) drop what another process changed. A
// cache subscribes to a topic and drops the entry named by the key; the process that made the
// change has already patched its own copy, so it does not hear its own changes.
//
// Two feeds, one per store:
// - PostgreSQL (several instances, DATABASE_URL): NOTIFY on a channel, heard through one dedicated
//   LISTEN connection per process. `catchUp()` makes one round trip on that connection, which
//   delivers every notification committed before it, so a page load that starts after the change
//   was published sees it. While that connection is down nothing is heard: every cache is dropped
//   when it comes back, and on every catch-up until then.
// - SQLite (several processes on one data folder): a small log table. `catchUp()` asks SQLite's
//   `PRAGMA data_version` (changes only when another connection committed, no disk read) and reads
//   the log only then.
// Free of Next.js: the process-wide feed is chosen in console-changes.ts.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Sql } from './sql';

export type ChangeTopic = 'inventory' | 'buckets';
/** Passed to subscribers when changes may have been missed: drop every entry. */
export const EVERYTHING = '*';

export interface ChangeFeed {
  /** Tells the other processes that `key` of `topic` changed. Resolves once they can hear it. */
  publish(topic: ChangeTopic, key: string): Promise<void>;
  /** `drop(key)` runs for each change another process publishes (key `EVERYTHING`: drop all). */
  subscribe(topic: ChangeTopic, drop: (key: string) => void): () => void;
  /** Hears every change published before this call; call it before reading a cache. */
  catchUp(): Promise<void>;
  close(): Promise<void>;
}

type Listeners = Map<ChangeTopic, Set<(key: string) => void>>;

function listeners() {
  const byTopic: Listeners = new Map();
  return {
    subscribe: (topic: ChangeTopic, drop: (key: string) => void) => {
      const set = byTopic.get(topic) ?? new Set();
      byTopic.set(topic, set);
      set.add(drop);
      return () => void set.delete(drop);
    },
    deliver: (topic: string, key: string) => {
      for (const drop of byTopic.get(topic as ChangeTopic) ?? []) drop(key);
    },
    everything: () => {
      for (const set of byTopic.values()) for (const drop of set) drop(EVERYTHING);
    },
  };
}

/** One catch-up at a time; callers that arrive while one runs wait for the next. */
function serialised(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  return () => {
    if (!running) {
      running = fn().finally(() => (running = undefined));
      return running;
    }
    next ??= running.then(() => {
      next = undefined;
      return fn();
    });
    return next;
  };
}

// ---- SQLite ------------------------------------------------------------------------------------

/** Rows older than this are pruned on publish; a process that missed pruned rows drops everything. */
const KEEP_MS = 60 * 60_000;

export function sqliteChangeFeed(sql: Sql, opts: { now?: () => number } = {}): ChangeFeed {
  const origin = randomUUID();
  const now = opts.now ?? Date.now;
  const subs = listeners();
  let seen: { version: number; seq: number } | undefined;

  const version = async () => (await sql.get<{ data_version: number }>('PRAGMA data_version'))?.data_version ?? 0;
  const catchUp = serialised(async () => {
    if (!seen) {
      // Read the version first: a commit between the two reads is then read again next time.
      const v = await version();
      const last = await sql.get<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM cache_changes');
      seen = { version: v, seq: last?.seq ?? 0 };
      return;
    }
    const v = await version();
    if (v === seen.version) return;
    const rows = await sql.all<{ seq: number; topic: string; key: string; origin: string }>(
      'SELECT seq, topic, key, origin FROM cache_changes WHERE seq > ? ORDER BY seq',
      [seen.seq],
    );
    // seq has no gaps (SQLite gives max + 1), so a first row past seen + 1 means pruned rows.
    if (rows[0] && rows[0].seq !== seen.seq + 1) subs.everything();
    else for (const r of rows) if (r.origin !== origin) subs.deliver(r.topic, r.key);
    seen = { version: v, seq: rows.at(-1)?.seq ?? seen.seq };
  });

  return {
    async publish(topic, key) {
      // Our own rows are skipped by origin; catching up first keeps `seen` from lagging behind them.
      await catchUp();
      await sql.run('INSERT INTO cache_changes (topic, key, origin, at) VALUES (?, ?, ?, ?)', [topic, key, origin, now()]);
      // The newest row always stays, so seq keeps growing and a gap always shows.
      await sql.run('DELETE FROM cache_changes WHERE at < ? AND seq < (SELECT MAX(seq) FROM cache_changes)', [now() - KEEP_MS]);
    },
    subscribe: subs.subscribe,
    catchUp,
    close: async () => {},
  };
}

// ---- PostgreSQL --------------------------------------------------------------------------------

export const CHANGES_CHANNEL = 'console_changes';

export interface PostgresFeedOptions {
  /** For NOTIFY: the console's pool, so a change published inside a transaction goes out at commit. */
  sql: Sql;
  /** A dedicated connection for LISTEN (a pooled one would be handed back and stop listening). */
  connect: () => pg.Client;
  /** First wait before reconnecting; doubles up to 30 s. */
  retryMs?: number;
  onProblem?: (message: string, error: unknown) => void;
}

export function postgresChangeFeed(opts: PostgresFeedOptions): ChangeFeed & { connected(): boolean } {
  const origin = randomUUID();
  const subs = listeners();
  let client: pg.Client | undefined;
  let ready: Promise<void> | undefined;
  let closed = false;
  let wait = opts.retryMs ?? 500;
  let timer: NodeJS.Timeout | undefined;

  const problem = (message: string, error: unknown) => opts.onProblem?.(message, error);

  function listen(): Promise<void> {
    const c = opts.connect();
    const lost = (error?: unknown) => {
      if (client !== c) return;
      client = undefined;
      ready = undefined;
      c.removeAllListeners('notification');
      c.end().catch(() => {});
      if (error) problem('change feed connection lost', error);
      // Whatever was published meanwhile is not heard: forget everything now, and again on return.
      subs.everything();
      schedule();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', (n) => {
      if (n.channel !== CHANGES_CHANNEL || !n.payload) return;
      try {
        const { o, t, k } = JSON.parse(n.payload) as { o: string; t: string; k: string };
        if (o !== origin) subs.deliver(t, k);
      } catch (error) {
        problem('change feed: unreadable notification', error);
      }
    });
    client = c;
    ready = c
      .connect()
      .then(() => c.query(`LISTEN ${CHANGES_CHANNEL}`))
      .then(() => {
        wait = opts.retryMs ?? 500;
        // Changes published while this connection was being made were not heard.
        subs.everything();
      });
    ready.catch(lost);
    return ready;
  }

  function schedule() {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (!closed && !client) listen().catch(() => {});
    }, wait);
    timer.unref();
    wait = Math.min(wait * 2, 30_000);
  }

  void listen().catch(() => {});

  const catchUp = serialised(async () => {
    const c = client;
    try {
      if (!c || !ready) throw new Error('not listening');
      await ready;
      // Notifications committed before this query reach us before its answer.
      await c.query('SELECT 1');
    } catch {
      subs.everything();
    }
  });

  return {
    async publish(topic, key) {
      await opts.sql.run('SELECT pg_notify(?, ?)', [CHANGES_CHANNEL, JSON.stringify({ o: origin, t: topic, k: key })]);
    },
    subscribe: subs.subscribe,
    catchUp,
    connected: () => client !== undefined,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}
