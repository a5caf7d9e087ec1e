import 'server-only';
// The console's own database: embedded SQLite (better-sqlite3) in CONSOLE_DATA_DIR. WAL mode lets
// two console processes on one data folder read and write the same file safely.
//
// `storage()` hands out one handle at once, without waiting: the database is opened and migrated
// on its first use, and every call awaits that one run. A failed open or migration rejects the call
// that waited for it with the reason (MigrationError names the migration); the next call tries again.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { getConfig } from '@/lib/config/server-config';
import { openSqliteStorage } from './open-sqlite';
import type { Sql, SqlValue, TransactionOptions } from './sql';

export { openSqliteStorage };

/** Delegates every call to the storage once it is open and migrated. */
class MigratedOnFirstUse implements Sql {
  readonly dialect = 'sqlite' as const;
  private opening: Promise<Sql> | undefined;

  constructor(private readonly open: () => Promise<Sql>) {}

  ready(): Promise<Sql> {
    this.opening ??= this.open().catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  async all<T>(text: string, params?: readonly SqlValue[]): Promise<T[]> {
    return (await this.ready()).all<T>(text, params);
  }
  async get<T>(text: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return (await this.ready()).get<T>(text, params);
  }
  async run(text: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return (await this.ready()).run(text, params);
  }
  async exec(script: string): Promise<void> {
    return (await this.ready()).exec(script);
  }
  async transaction<T>(fn: (tx: Sql) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return (await this.ready()).transaction(fn, options);
  }
  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    if (opening) await (await opening).close();
  }
}

// One handle per process, kept on globalThis: Next.js may load this module more than once (route
// handlers, instrumentation), and a second SQLite connection in the same process would wait,
// blocking the event loop, for a transaction that the first one can then never finish.
const KEY = Symbol.for('influx-token-console.storage');
type Holder = { [KEY]?: MigratedOnFirstUse };

function shared(): MigratedOnFirstUse {
  const holder = globalThis as Holder;
  holder[KEY] ??= new MigratedOnFirstUse(() => {
    const dir = getConfig().CONSOLE_DATA_DIR;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return openSqliteStorage(join(dir, 'console.sqlite'));
  });
  return holder[KEY];
}

/** The console's storage, through the one interface every store uses. */
export function storage(): Sql {
  return shared();
}

/** Opens and migrates the storage now (at start), so a broken database is reported at once. */
export async function prepareStorage(): Promise<void> {
  await shared().ready();
}
