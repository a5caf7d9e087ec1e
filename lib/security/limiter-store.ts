import 'server-only';
// The one place that chooses where rate-limit counts live. One console process (SQLite): in its
// memory. Several behind a load balancer (DATABASE_URL): in PostgreSQL, so a limit holds across
// all of them (the table is created by migration 14). Should PostgreSQL stop answering, each
// process falls back to counting in its own memory until it answers again, rather than refusing
// every request or letting every request through.
import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import { getConfig } from '@/lib/config/server-config';
import { storage } from '@/lib/storage/db';
import { memoryStore, type LimiterStore } from './signin-limits';

export const RATE_LIMITS_TABLE = 'rate_limits';

/** Counts in PostgreSQL through `pool` (a pg.Pool). */
export function postgresStore(pool: unknown): LimiterStore {
  return (options) =>
    new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: RATE_LIMITS_TABLE,
      tableCreated: true,
      ...options,
      insuranceLimiter: new RateLimiterMemory(options),
    });
}

let chosen: LimiterStore | undefined;

export function consoleLimiterStore(): LimiterStore {
  chosen ??= (getConfig() as { DATABASE_URL?: string }).DATABASE_URL ? postgresStore(poolOf(storage())) : memoryStore;
  return chosen;
}

function poolOf(sql: unknown): unknown {
  const pool = (sql as { pool?: unknown }).pool;
  if (!pool) throw new Error('DATABASE_URL is set but the console storage has no PostgreSQL pool');
  return pool;
}
