import 'server-only';
// The one place that chooses where rate-limit counts live. One console process (SQLite): in its
// memory. Several behind a load balancer (DATABASE_URL): in PostgreSQL, so a limit holds across
// all of them (the table is created by migration 14). Should PostgreSQL stop answering, each
// process falls back to counting in its own memory until it answers again, rather than refusing
// every request or letting every request through.
import pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import { getConfig } from '@/lib/config/server-config';
import { logger } from '@/lib/log/logger';
import { memoryStore, type LimiterStore } from './signin-limits';

export const RATE_LIMITS_TABLE = 'rate_limits';

/** Counts in PostgreSQL through `pool`. */
export function postgresStore(pool: pg.Pool): LimiterStore {
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
  const url = getConfig().DATABASE_URL;
  chosen ??= url ? postgresStore(limitsPool(url)) : memoryStore;
  return chosen;
}

// A small pool of its own: rate-limiter-flexible speaks pg's API ($1 placeholders, a Pool), not
// the console's `Sql`. Two connections: each check is one short upsert.
function limitsPool(url: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    connectionTimeoutMillis: 2000,
    application_name: 'influx-token-console limits',
  });
  // An idle connection the server drops must not take the process down; the next check reconnects.
  pool.on('error', (error) => logger.warn('rate-limit database connection lost', { error: error.message }));
  return pool;
}
