// The outbox of event notices (access request steps, failed secret-store rotations): migration 15
// in lib/storage/migrations.ts. SQL that SQLite and PostgreSQL both read: TEXT ids, BIGINT epoch ms.
//
// One row per event and channel; the unique key (event_key, channel) is what makes "each notice
// once" hold when two console processes record the same event. The message is stored as it will be
// sent (built from facts that hold no token value). Rows with channel '-' record an event nobody
// could be told of (no address known).
export const EVENT_NOTICES_MIGRATION = {
  id: 15,
  name: 'event notices',
  sql: `
    CREATE TABLE event_notices (
      id TEXT PRIMARY KEY,
      event_key TEXT NOT NULL,
      kind TEXT NOT NULL,
      channel TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'no-recipient')),
      recipients TEXT NOT NULL DEFAULT '[]',
      message TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at BIGINT NOT NULL,
      claimed_by TEXT,
      claimed_until BIGINT,
      last_error TEXT,
      last_error_at BIGINT,
      sent_at BIGINT,
      UNIQUE (event_key, channel)
    );
    CREATE INDEX event_notices_work ON event_notices(state, next_attempt_at);
  `,
} as const;
