// The expiry notice outbox's table, as a migration for lib/storage/migrations.ts to take with the
// next free id when the notices are wired (kept here meanwhile: that file is being changed in
// parallel). Plain SQL that SQLite and PostgreSQL both read, like the other migrations.
//
// One row per token, expiry, kind of notice and channel; the unique key is what makes "each notice
// once" hold even when two console processes record at the same moment. A changed expiry (renewal,
// an admin's change) is a new key, so it gets its own notices. Rows with channel '-' record a kind
// that was handled without delivery: superseded by a later notice, or with no one to tell.
export const EXPIRY_NOTICES_MIGRATION = {
  name: 'expiry notices',
  sql: `
    CREATE TABLE expiry_notices (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      authorization_id TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      kind TEXT NOT NULL,
      channel TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'superseded', 'no-recipient')),
      recipients TEXT NOT NULL DEFAULT '[]',
      facts TEXT NOT NULL,
      due_at INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      claimed_by TEXT,
      claimed_until INTEGER,
      last_error TEXT,
      last_error_at INTEGER,
      sent_at INTEGER,
      UNIQUE (authorization_id, expires_at, kind, channel)
    );
    CREATE INDEX expiry_notices_work ON expiry_notices(state, next_attempt_at);
  `,
} as const;
