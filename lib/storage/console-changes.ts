import 'server-only';
// The console process's change feed (changes.ts): LISTEN/NOTIFY on PostgreSQL, the change log on
// SQLite. One per process, kept on globalThis so that Next.js's separately bundled routes share it.
import pg from 'pg';
import { getConfig } from '@/lib/config/server-config';
import { logger } from '@/lib/log/logger';
import { postgresChangeFeed, sqliteChangeFeed, type ChangeFeed, type ChangeTopic } from './changes';
import { storage } from './db';

const KEY = Symbol.for('influx-token-console.change-feed');
type Holder = { [KEY]?: ChangeFeed };

function feed(): ChangeFeed {
  const holder = globalThis as Holder;
  holder[KEY] ??= createFeed();
  return holder[KEY];
}

function createFeed(): ChangeFeed {
  const sql = storage();
  if (sql.dialect === 'postgres') return postgresChangeFeed({ sql, connect: () => postgresListener(), onProblem: problem });
  return sqliteChangeFeed(sql);
}

/** LISTEN needs a connection of its own: a pooled one is handed back and stops listening. */
function postgresListener(): pg.Client {
  const url = getConfig().DATABASE_URL;
  return new pg.Client({ connectionString: url, application_name: 'influx-token-console changes', connectionTimeoutMillis: 5000 });
}

function problem(message: string, error: unknown) {
  logger.warn(message, { error: String(error) });
}

/**
 * After a change through this process: the others drop their copy. A failure is logged, not
 * thrown, since the change itself is done; the others then catch up when their copy expires.
 */
export async function publishChange(topic: ChangeTopic, key: string): Promise<void> {
  try {
    await feed().publish(topic, key);
  } catch (error) {
    logger.error('change not published', { topic, key, error: String(error) });
  }
}

export function onChange(topic: ChangeTopic, drop: (key: string) => void): void {
  feed().subscribe(topic, drop);
}

/** Before reading a cache: hear what other processes changed. Never throws. */
export async function catchUpChanges(): Promise<void> {
  try {
    await feed().catchUp();
  } catch (error) {
    problem('change feed catch-up failed', error);
  }
}
