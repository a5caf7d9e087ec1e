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

// Migration 17: one outbox for every notice (lib/notices/outbox.ts). Expiry notices (migration 10)
// and event notices (migration 15) were two tables with the same claim, send and retry columns;
// their rows are copied here. The two tables stay, unread by this version, for instances of the
// previous one while they are replaced (README, "Upgrades and migrations"): the rows not yet sent
// are parked there (never due again), so only this table sends them. A later migration drops them.
//
// `source` says how a row becomes a message: 'expiry' rows hold the facts and the message is built
// when sent (it says how long is left), 'event' rows hold the message as it will be sent. `kind`
// is the notice's own kind, as before (before-14d, expired, request.created, rotation.failed...).
// `notice_key` names what the notice is about, so (notice_key, channel) makes "each notice once"
// hold when two console processes record at the same moment: an event's key, or for an expiry
// notice `expiry:<token id>:<expires at, epoch ms>:<kind>` (the old key of expiry_notices). Expiry
// rows also keep the token and its expiry in columns, which their lookups use.
export const NOTICE_OUTBOX_TABLE = `
  CREATE TABLE notice_outbox (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL CHECK (source IN ('expiry', 'event')),
    notice_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    authorization_id TEXT,
    expires_at BIGINT,
    channel TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'superseded', 'no-recipient')),
    recipients TEXT NOT NULL DEFAULT '[]',
    payload TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_by TEXT,
    claimed_until BIGINT,
    last_error TEXT,
    last_error_at BIGINT,
    sent_at BIGINT,
    UNIQUE (notice_key, channel)
  );
  CREATE INDEX notice_outbox_work ON notice_outbox(state, next_attempt_at);
  CREATE INDEX notice_outbox_token ON notice_outbox(authorization_id);
`;

const CLAIM_COLUMNS = 'attempts, next_attempt_at, claimed_by, claimed_until, last_error, last_error_at, sent_at';
/** A time no clock reaches (epoch ms): a row due then, or claimed until then, is never claimed. */
const PARKED = Number.MAX_SAFE_INTEGER;

export const NOTICE_OUTBOX_MIGRATION = {
  id: 17,
  name: 'one notice outbox',
  sql: `
    ${NOTICE_OUTBOX_TABLE}
    INSERT INTO notice_outbox (id, source, notice_key, kind, authorization_id, expires_at, channel, state, recipients, payload,
        due_at, created_at, ${CLAIM_COLUMNS})
      SELECT id, 'expiry', 'expiry:' || authorization_id || ':' || CAST(expires_at AS TEXT) || ':' || kind, kind, authorization_id,
        expires_at, channel, state, recipients, facts, due_at, created_at, ${CLAIM_COLUMNS}
      FROM expiry_notices;
    INSERT INTO notice_outbox (id, source, notice_key, kind, channel, state, recipients, payload, due_at, created_at, ${CLAIM_COLUMNS})
      SELECT id, 'event', event_key, kind, channel, state, recipients, message, created_at, created_at, ${CLAIM_COLUMNS}
      FROM event_notices;
    UPDATE expiry_notices SET next_attempt_at = ${PARKED}, claimed_until = ${PARKED} WHERE state IN ('pending', 'sending');
    UPDATE event_notices SET next_attempt_at = ${PARKED}, claimed_until = ${PARKED} WHERE state IN ('pending', 'sending');
  `,
} as const;
