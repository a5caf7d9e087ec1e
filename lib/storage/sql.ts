// The console's one storage interface. Every store (templates, audit, form keys, schedules,
// requests, notices...) talks to the database only through `Sql`, so the same store code runs on
// the embedded SQLite file (one console process, or several on one data folder) and on a shared
// PostgreSQL (several console processes behind a load balancer, DATABASE_URL).
//
// Query text is written once, in the SQL both dialects read, with `?` placeholders; the PostgreSQL
// implementation numbers them. Where the dialects differ (rare), a store branches on `dialect`.

export type SqlValue = string | number | null;
export type Dialect = 'sqlite' | 'postgres';

export interface TransactionOptions {
  /**
   * Names a lock held until the transaction ends, for writes that read then write (the audit
   * chain's head, a scheduler claim). SQLite already serialises every write transaction (BEGIN
   * IMMEDIATE), so it ignores the name; PostgreSQL takes a transaction-level advisory lock on it.
   */
  lock?: string;
}

export interface Sql {
  readonly dialect: Dialect;
  all<T = Record<string, unknown>>(text: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T = Record<string, unknown>>(text: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** `changes`: rows inserted, updated or deleted. */
  run(text: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /** Several statements at once, no parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Calls made
   * inside it (also through the default `storage()` handle, from any function `fn` awaits) join the
   * transaction, so store functions compose without passing the handle around. Keep InfluxDB calls
   * out of `fn`: a transaction holds the write lock while it runs. A statement that fails inside
   * `fn` ends the transaction on PostgreSQL (every later statement in it fails too): let the error
   * propagate, and where a conflict is expected write `ON CONFLICT ... DO NOTHING` and read
   * `changes` rather than catching the constraint error.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}
