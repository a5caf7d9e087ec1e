// Schema of the console's own database, as ordered migrations. Plain SQL that SQLite and a shared
// server database (PostgreSQL) both read, so the data layer can move when several consoles run.
// `data` is a step SQL cannot do (hashing existing rows); it runs after `sql` in the same transaction.
// `postgres` replaces `sql` on PostgreSQL where the dialects differ. lib/storage/migrate.ts runs them.
import { EXPIRY_NOTICES_MIGRATION } from '@/lib/notices/outbox-schema';
import { backfillAuditChain } from './audit-chain-backfill';
import type { Sql } from './sql';

export interface Migration {
  id: number;
  name: string;
  sql: string;
  postgres?: string;
  data?: (tx: Sql) => Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'audit and form keys',
    sql: `
      CREATE TABLE audit_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        request_id TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT,
        actor_email TEXT,
        actor_role TEXT NOT NULL,
        action TEXT NOT NULL,
        outcome TEXT NOT NULL,
        org_id TEXT,
        authorization_id TEXT,
        detail TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_events_at ON audit_events(at);
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;

      CREATE TABLE form_keys (
        key TEXT PRIMARY KEY,
        actor_id TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        state TEXT NOT NULL,
        authorization_id TEXT
      );
    `,
  },
  {
    // Issue 4 (inventory): "replace" with a grace period. Each row is one deactivation the console
    // must carry out at due_at (epoch ms); the scheduler claims a row atomically (state 'running',
    // claimed_by) so two console processes sharing the data folder never run it twice at once.
    id: 2,
    name: 'scheduled deactivations',
    sql: `
      CREATE TABLE scheduled_deactivations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        org_id TEXT NOT NULL,
        authorization_id TEXT NOT NULL,
        replacement_id TEXT,
        description TEXT NOT NULL DEFAULT '',
        due_at INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        requested_by_id TEXT NOT NULL,
        requested_by_name TEXT,
        requested_by_email TEXT,
        requested_by_role TEXT NOT NULL,
        request_id TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed', 'cancelled')),
        attempts INTEGER NOT NULL DEFAULT 0,
        claimed_by TEXT,
        claimed_at INTEGER,
        finished_at TEXT,
        outcome TEXT,
        last_problem TEXT,
        cancelled_by_id TEXT
      );
      CREATE INDEX scheduled_deactivations_due ON scheduled_deactivations(state, due_at);
      CREATE INDEX scheduled_deactivations_target ON scheduled_deactivations(authorization_id);
    `,
  },
  {
    id: 3,
    name: 'permission templates',
    sql: `
      CREATE TABLE templates (
        slug TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        created_by_id TEXT NOT NULL,
        created_by_name TEXT NOT NULL,
        created_by_email TEXT,
        latest_version INTEGER NOT NULL,
        -- Deleted templates keep their row, so a slug is never reused for other permissions
        -- (an old link or a pinned version must not start meaning something else).
        deleted_at TEXT,
        deleted_by_id TEXT
      );
      CREATE TABLE template_versions (
        slug TEXT NOT NULL REFERENCES templates(slug),
        version INTEGER NOT NULL,
        title TEXT NOT NULL,
        purpose TEXT NOT NULL,
        notes TEXT NOT NULL,
        -- The token's description, status and permissions in the link grammar (lib/links/share-link.ts),
        -- e.g. v=1&d=Telegraf&p=write:buckets/telemetry: by name, versioned by its own v.
        prefill TEXT NOT NULL,
        -- Console roles that may use this version, comma-separated (creator,admin).
        roles TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        saved_by_id TEXT NOT NULL,
        saved_by_name TEXT NOT NULL,
        saved_by_email TEXT,
        PRIMARY KEY (slug, version)
      );
      CREATE TRIGGER template_versions_no_update BEFORE UPDATE ON template_versions
        BEGIN SELECT RAISE(ABORT, 'template versions are immutable'); END;
      CREATE TRIGGER template_versions_no_delete BEFORE DELETE ON template_versions
        BEGIN SELECT RAISE(ABORT, 'template versions are immutable'); END;
    `,
  },
  {
    id: 4,
    name: 'influx users created by the console',
    sql: `
      -- One row per InfluxDB user the console created while minting a token for a new user. The
      -- "delete the user that was just created" action may delete only a user recorded here, by
      -- the operation that created it, for the person who ran it, while it owns no token.
      CREATE TABLE created_influx_users (
        operation_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        org_id TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        -- no-token: created, no token yet; has-token: a token was minted for it (never deletable
        -- here again); deleting: a delete is in flight; deleted: removed from InfluxDB.
        state TEXT NOT NULL CHECK (state IN ('no-token', 'has-token', 'deleting', 'deleted')),
        state_at TEXT NOT NULL
      );
      CREATE INDEX created_influx_users_user ON created_influx_users(user_id);
    `,
  },
  {
    // Issue 14: tamper evidence. Each row carries the previous row's hash and its own (see
    // audit-chain.ts). Pruning (retention) records where the kept chain starts in audit_anchors,
    // and rows may be deleted only below the latest anchor; updates stay refused. The update
    // trigger is put back by the data step, once the existing rows have been hashed.
    id: 5,
    name: 'audit hash chain and retention anchors',
    sql: `
      ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
      ALTER TABLE audit_events ADD COLUMN hash TEXT;
      CREATE TABLE audit_anchors (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        first_kept_id INTEGER NOT NULL,
        prev_hash TEXT NOT NULL,
        pruned_at TEXT NOT NULL,
        pruned_rows INTEGER NOT NULL,
        older_than TEXT NOT NULL
      );
      CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE ON audit_anchors
        BEGIN SELECT RAISE(ABORT, 'audit anchors are append-only'); END;
      CREATE TRIGGER audit_anchors_no_delete BEFORE DELETE ON audit_anchors
        BEGIN SELECT RAISE(ABORT, 'audit anchors are append-only'); END;
      DROP TRIGGER audit_events_no_delete;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        WHEN OLD.id >= COALESCE((SELECT MAX(first_kept_id) FROM audit_anchors), 0)
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only (only rows below the retention anchor may be pruned)'); END;
      DROP TRIGGER audit_events_no_update;
    `,
    data: backfillAuditChain,
  },
  {
    // Issue 14: the Audit page's filters. Each index also holds the row id (SQLite's rowid), so a
    // filtered page walks one index newest first and stops after 51 rows.
    id: 6,
    name: 'audit filter indexes',
    sql: `
      CREATE INDEX audit_events_action ON audit_events(action);
      CREATE INDEX audit_events_outcome ON audit_events(outcome);
      CREATE INDEX audit_events_authorization ON audit_events(authorization_id);
      CREATE INDEX audit_events_actor_id ON audit_events(actor_id);
      CREATE INDEX audit_events_actor_name ON audit_events(actor_name);
      CREATE INDEX audit_events_actor_email ON audit_events(actor_email);
    `,
  },
  {
    // Issue 14: forwarding. Every audit row is copied into the outbox in the transaction that
    // writes it, so a crash between the two cannot lose a forward. The outbox keeps its own copy
    // (retention may prune the row before a down sink comes back). Each sink keeps a cursor: the
    // last outbox id it delivered; entries every configured sink has passed are deleted.
    id: 7,
    name: 'audit forwarding outbox, org filter index',
    sql: `
      CREATE INDEX audit_events_org ON audit_events(org_id);
      CREATE TABLE audit_outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        audit_id INTEGER NOT NULL,
        at TEXT NOT NULL,
        payload TEXT NOT NULL
      );
      CREATE TABLE audit_forward_sinks (
        sink TEXT PRIMARY KEY,
        target TEXT NOT NULL,
        last_sent_id INTEGER NOT NULL,
        last_sent_at TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT,
        last_error_at TEXT
      );
    `,
  },
  {
    // Issue 11: several InfluxDB servers. Rows from before name no connection: they belong to the
    // one the console had then, recorded as 'default' (the registry reads 'default' as the
    // connections file's default connection when the file names none so). Audit rows carry the
    // connection in `detail`, which the hash chain covers; the index serves the Audit filter.
    id: 8,
    name: 'connections',
    sql: `
      ALTER TABLE scheduled_deactivations ADD COLUMN connection_id TEXT NOT NULL DEFAULT 'default';
      ALTER TABLE created_influx_users ADD COLUMN connection_id TEXT NOT NULL DEFAULT 'default';
      ALTER TABLE template_versions ADD COLUMN connection_id TEXT NOT NULL DEFAULT 'default';
      CREATE INDEX audit_events_connection ON audit_events(COALESCE(json_extract(detail, '$.connection'), 'default'));
    `,
  },
  {
    // Issue 13: token lifetimes. An expiry is a scheduled deactivation of kind 'expiry' (one per
    // token, due at its expiry), so it gets the claims, leases, retries and audit of the replace
    // grace period; rows from before are 'replace'. expires_at keeps the expiry itself, since a
    // retry moves due_at on.
    id: 9,
    name: 'token expiries',
    sql: `
      ALTER TABLE scheduled_deactivations ADD COLUMN kind TEXT NOT NULL DEFAULT 'replace' CHECK (kind IN ('replace', 'expiry'));
      ALTER TABLE scheduled_deactivations ADD COLUMN expires_at INTEGER;
      CREATE INDEX scheduled_deactivations_expiry ON scheduled_deactivations(kind, connection_id, org_id, authorization_id);
    `,
  },
  // Issue 13: the expiry notice outbox (lib/notices/outbox.ts); its SQL is kept beside the outbox.
  { id: 10, ...EXPIRY_NOTICES_MIGRATION },
];
