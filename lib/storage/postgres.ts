// `Sql` on a shared PostgreSQL (DATABASE_URL), for several console processes behind a load
// balancer. A pool of connections: statements outside a transaction take any free one; a
// transaction holds one connection from BEGIN to COMMIT, and every call made while it runs (found
// through AsyncLocalStorage, as in the SQLite implementation) goes to that connection. Writes that
// read then write name a lock, taken as a transaction-level advisory lock, since PostgreSQL's
// default isolation would let two such transactions read the same value.
// No `server-only` (as sqlite.ts): scripts such as audit-verify open the database outside Next.js.
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { numberedPlaceholders } from './placeholders';
import type { Sql, SqlValue, TransactionOptions } from './sql';
import { DATABASE_UNREACHABLE_DIGEST } from './unreachable';

interface OpenTransaction {
  client: pg.PoolClient;
  open: boolean;
}

const INT8 = 20;
const NUMERIC = 1700;

/** SQLite hands back integers as numbers; so does this, for BIGINT ids, epoch ms and COUNT(*). */
function toNumber(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n)))
    throw new Error(`a number from the database does not fit a JavaScript number: ${text}`);
  return n;
}

// Per pool, not pg.types.setTypeParser: a global parser would change every other pg user in the process.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8 || oid === NUMERIC ? toNumber : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
};

// Node socket errors and PostgreSQL's "cannot serve you" codes (class 08 connection exception,
// 57P01-03 shutdown / starting up, 3D000 no such database, 28xxx login refused).
const UNREACHABLE_NODE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNREACHABLE_NODE.has(code) || /^(08|57P0[123]|3D000|28)/.test(code))) return true;
  return /Connection terminated|timeout expired|connection timeout/i.test(error.message);
}

/** The database cannot be reached (down, wrong address, login refused): a person must act. */
export class DatabaseUnreachableError extends Error {
  /** Kept by Next.js when a page throws this, so the page's error boundary can name the cause. */
  readonly digest = DATABASE_UNREACHABLE_DIGEST;

  constructor(
    readonly where: string,
    reason: string,
  ) {
    super(
      `The console's database (PostgreSQL at ${where}) is not reachable: ${reason}. Check that it is running and that DATABASE_URL points to it.`,
    );
    this.name = 'DatabaseUnreachableError';
  }
}

/** host:port of a postgres:// URL, for messages: never its user or password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || u.searchParams.get('host') || 'localhost';
    return `${host}:${u.port || '5432'}`;
  } catch {
    return 'DATABASE_URL';
  }
}

export interface PgSqlOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  max?: number;
  /** A guard against a host that swallows packets: without it a connect waits forever. */
  connectTimeoutMs?: number;
  applicationName?: string;
  /** Every transaction read-only (checks that must not change what they check). */
  readOnly?: boolean;
  /** Told (password removed) when the server drops an idle connection; the console logs it. */
  onConnectionLost?: (reason: string) => void;
  /** Let the process end while connections sit idle (scratch test stores nobody closes). */
  allowExitOnIdle?: boolean;
}

export class PgSql implements Sql {
  readonly dialect = 'postgres' as const;
  readonly pool: pg.Pool;
  readonly where: string;
  private readonly password: string;
  private readonly current = new AsyncLocalStorage<OpenTransaction>();
  private closed: Promise<void> | undefined;

  constructor(options: PgSqlOptions) {
    this.where = describeDatabaseUrl(options.url);
    this.password = passwordOf(options.url);
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      application_name: options.applicationName ?? 'influx-token-console',
      allowExitOnIdle: options.allowExitOnIdle ?? false,
      ...(options.readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
      types,
    });
    // An idle connection the server drops (restart, failover) is reported here; unhandled, the
    // event would end the process. The next statement gets a fresh connection or a clear error.
    const lost = options.onConnectionLost ?? ((reason: string) => console.warn(`database connection lost (${this.where}): ${reason}`));
    this.pool.on('error', (error) => lost(this.reason(error)));
  }

  async all<T>(text: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.query(numberedPlaceholders(text), params)).rows as T[];
  }

  async get<T>(text: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.query(numberedPlaceholders(text), params)).rows[0] as T | undefined;
  }

  async run(text: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return { changes: (await this.query(numberedPlaceholders(text), params)).rowCount ?? 0 };
  }

  async exec(script: string): Promise<void> {
    // No parameters: pg sends it as one simple query, which may hold several statements.
    await this.query(script, []);
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const joined = this.current.getStore();
    if (joined?.open) {
      // Joining: the lock is still taken, so the inner read-then-write is covered too.
      if (options.lock) await this.lock(joined.client, options.lock);
      return fn(this);
    }
    const client = await this.connect();
    const tx: OpenTransaction = { client, open: true };
    let broken: Error | undefined;
    try {
      await this.on(client, 'BEGIN');
      if (options.lock) await this.lock(client, options.lock);
      const out = await this.current.run(tx, () => fn(this));
      await this.on(client, 'COMMIT');
      return out;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollback) {
        broken = rollback as Error;
      }
      throw error;
    } finally {
      tx.open = false;
      // A connection that could not even roll back is not given to the next caller.
      client.release(broken);
    }
  }

  close(): Promise<void> {
    this.closed ??= this.pool.end();
    return this.closed;
  }

  private lock(client: pg.PoolClient, name: string) {
    return this.on(client, 'SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
  }

  private query(text: string, params: readonly SqlValue[]) {
    const tx = this.current.getStore();
    return tx?.open ? this.on(tx.client, text, params) : this.on(this.pool, text, params);
  }

  private async on(target: pg.Pool | pg.PoolClient, text: string, params: readonly SqlValue[] = []) {
    try {
      return await target.query(text, params as SqlValue[]);
    } catch (error) {
      throw this.translate(error);
    }
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw this.translate(error);
    }
  }

  private translate(error: unknown): unknown {
    if (!isUnreachable(error)) return error;
    return Object.assign(new DatabaseUnreachableError(this.where, this.reason(error)), { cause: error });
  }

  private reason(error: unknown): string {
    // Node reports a refused connect to a name with several addresses as an AggregateError, message ''.
    const first: unknown = error instanceof AggregateError && error.errors.length ? error.errors[0] : error;
    const text = first instanceof Error ? first.message : String(first);
    const plain = text || String((error as { code?: string })?.code ?? 'unknown error');
    return this.password ? plain.split(this.password).join('***') : plain;
  }
}

export function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}
