// The access requests table, as a migration for lib/storage/migrations.ts to take with the next
// free id when requests are wired (kept here meanwhile: that file is being changed in parallel).
// Plain SQL that SQLite and PostgreSQL both read, like the other migrations.
//
// The form is stored as the builder's JSON (lifetime in its one-string encoding); connection and
// org are columns too, for lists and filters. A mint in flight holds `mint_claim` (one process,
// one attempt); the state only becomes 'minted' with the token's id, never its value: there is no
// column a value could go in. The CHECKs repeat the rules that must hold whatever code writes
// here: nobody reviews their own request, an approval or a mint carries the approved fingerprint,
// and a request that is over stays over.
export const ACCESS_REQUESTS_MIGRATION = {
  name: 'access requests',
  sql: `
    CREATE TABLE access_requests (
      id TEXT PRIMARY KEY,
      state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'approved-narrowed', 'denied', 'expired', 'withdrawn', 'minted')),
      version INTEGER NOT NULL,
      connection_id TEXT NOT NULL,
      org_id TEXT NOT NULL,
      form TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      justification TEXT NOT NULL,
      requester_id TEXT NOT NULL,
      requester_name TEXT,
      requester_email TEXT,
      requester_role TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      reviewer_id TEXT,
      reviewer_name TEXT,
      reviewer_email TEXT,
      reviewer_role TEXT,
      reviewed_at INTEGER,
      review_note TEXT,
      approved_fingerprint TEXT,
      mint_claim TEXT,
      mint_claimed_at INTEGER,
      minted_at INTEGER,
      authorization_id TEXT,
      CHECK (reviewer_id IS NULL OR reviewer_id <> requester_id),
      CHECK (state NOT IN ('approved', 'approved-narrowed', 'minted') OR (approved_fingerprint IS NOT NULL AND reviewer_id IS NOT NULL)),
      CHECK (state <> 'minted' OR authorization_id IS NOT NULL)
    );
    CREATE INDEX access_requests_queue ON access_requests(state, created_at);
    CREATE INDEX access_requests_requester ON access_requests(requester_id, created_at);
    CREATE TRIGGER access_requests_final BEFORE UPDATE OF state ON access_requests
      WHEN OLD.state IN ('denied', 'expired', 'withdrawn', 'minted') AND NEW.state <> OLD.state
      BEGIN SELECT RAISE(ABORT, 'a request that is over stays over'); END;
  `,
} as const;
