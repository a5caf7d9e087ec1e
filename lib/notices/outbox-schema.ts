// The expiry notice outbox's table: migration 10 in lib/storage/migrations.ts. SQL that SQLite and
// PostgreSQL both read: TEXT ids (no AUTOINCREMENT), BIGINT epoch milliseconds.
//
// One row per token, expiry, kind of notice and channel; the unique key is what makes "each notice
// once" hold even when two console processes record at the same moment. A changed expiry (renewal,
// an admin's change) is a new key, so it gets its own notices. Rows with channel '-' record a kind
// that was handled without delivery: superseded by a later notice, or with no one to tell.
export const EXPIRY_NOTICES_MIGRATION = {
  name: 'expiry notices',
  sql: `
    CREATE TABLE expiry_notices (
      id TEXT PRIMARY KEY,
      authorization_id TEXT NOT NULL,
      expires_at BIGINT NOT NULL,
      kind TEXT NOT NULL,
      channel TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'superseded', 'no-recipient')),
      recipients TEXT NOT NULL DEFAULT '[]',
      facts TEXT NOT NULL,
      due_at BIGINT NOT NULL,
      created_at BIGINT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at BIGINT NOT NULL,
      claimed_by TEXT,
      claimed_until BIGINT,
      last_error TEXT,
      last_error_at BIGINT,
      sent_at BIGINT,
      UNIQUE (authorization_id, expires_at, kind, channel)
    );
    CREATE INDEX expiry_notices_work ON expiry_notices(state, next_attempt_at);
    CREATE INDEX expiry_notices_token ON expiry_notices(authorization_id);
  `,
} as const;
