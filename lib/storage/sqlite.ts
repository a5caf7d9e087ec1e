// `Sql` on the embedded SQLite file (better-sqlite3). No `server-only`: scripts (audit-verify,
// benchmarks) and e2e helpers open the console's file with it outside Next.js.
// One connection per process, shared by every request: better-sqlite3 is synchronous, so a single
// statement never interleaves with another, but a transaction spans awaits. While one is open,
// statements from other requests wait for it (they would otherwise run inside it), and statements
// made within it (found through AsyncLocalStorage) run at once. Between processes on one data
// folder, BEGIN IMMEDIATE and WAL serialise writers.
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { Sql, SqlValue } from './sql';

// Statements are prepared once per SQL text and kept: preparing parses and plans the text, which
// the profile of a mint showed at 0.4 ms of its 1.3 ms of SQLite (scripts/bench/PROFILE.md). The
// console's statements are a fixed set of texts, so the bound is only against a caller building
// texts from data (an IN list of varying length); the oldest is dropped first. SQLite prepares a
// kept statement again by itself when the schema changes under it (a migration).
const KEPT_STATEMENTS = 500;

interface OpenTransaction {
  open: boolean;
}

export class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly current = new AsyncLocalStorage<OpenTransaction>();
  private active: OpenTransaction | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly handle: Database.Database) {}

  all<T>(text: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.statement(() => this.prepared(text).all(...params) as T[]);
  }

  get<T>(text: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.statement(() => this.prepared(text).get(...params) as T | undefined);
  }

  run(text: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return this.statement(() => ({ changes: this.prepared(text).run(...params).changes }));
  }

  exec(script: string): Promise<void> {
    return this.statement(() => void this.handle.exec(script));
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    if (this.inside()) return fn(this);
    return this.exclusive(async () => {
      const tx: OpenTransaction = { open: true };
      this.active = tx;
      this.handle.exec('BEGIN IMMEDIATE');
      try {
        const out = await this.current.run(tx, () => fn(this));
        this.handle.exec('COMMIT');
        return out;
      } catch (error) {
        if (this.handle.inTransaction) this.handle.exec('ROLLBACK');
        throw error;
      } finally {
        tx.open = false;
        this.active = undefined;
      }
    });
  }

  close(): Promise<void> {
    return this.exclusive(() => {
      this.statements.clear();
      this.handle.close();
    });
  }

  private prepared(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.handle.prepare(text);
      if (this.statements.size >= KEPT_STATEMENTS) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private inside(): boolean {
    const tx = this.current.getStore();
    return tx !== undefined && tx.open && tx === this.active;
  }

  private statement<T>(run: () => T): Promise<T> {
    // No transaction open (or this is one): run now, without a trip through the queue.
    if (this.inside() || !this.active) return new Promise<T>((resolve) => resolve(run()));
    return this.exclusive(run);
  }

  /** Runs `task` after every transaction queued before it has ended. */
  private exclusive<T>(task: () => T | Promise<T>): Promise<T> {
    const turn = this.tail.then(task);
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}
