// Schema of the console's own database, as ordered migrations. Plain SQL that SQLite and a shared
// server database (PostgreSQL) both read, so the data layer can move when several consoles run.
export const MIGRATIONS: readonly { id: number; name: string; sql: string }[] = [
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
];
