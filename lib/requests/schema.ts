// The access requests table: migration 11 in lib/storage/migrations.ts. Plain SQL that SQLite and
// PostgreSQL both read (epoch milliseconds are BIGINT), like the other migrations.
//
// The form is stored as the builder's JSON (lifetime in its one-string encoding); connection and
// org are columns too, for lists and filters. A mint in flight holds `mint_claim` (one process,
// one attempt); the state only becomes 'minted' with the token's id, never its value: there is no
// column a value could go in. The CHECKs repeat the rules that must hold whatever code writes
// here: nobody reviews their own request, an approval or a mint carries the approved fingerprint.
// "A request that is over stays over" is the store's compare-and-set (every write names the state
// it leaves, and decide-step.ts lets nothing leave a final state): a trigger would say it twice in
// two dialects.
export const ACCESS_REQUESTS_MIGRATION = {
  id: 11,
  name: 'access requests',
  sql: `
    CREATE TABLE access_requests (
      id TEXT PRIMARY KEY,
      state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'approved-narrowed', 'denied', 'expired', 'withdrawn', 'minted')),
      version BIGINT NOT NULL,
      connection_id TEXT NOT NULL,
      org_id TEXT NOT NULL,
      form TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      justification TEXT NOT NULL,
      requester_id TEXT NOT NULL,
      requester_name TEXT,
      requester_email TEXT,
      requester_role TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      reviewer_id TEXT,
      reviewer_name TEXT,
      reviewer_email TEXT,
      reviewer_role TEXT,
      reviewed_at BIGINT,
      review_note TEXT,
      approved_fingerprint TEXT,
      mint_claim TEXT,
      mint_claimed_at BIGINT,
      minted_at BIGINT,
      authorization_id TEXT,
      CHECK (reviewer_id IS NULL OR reviewer_id <> requester_id),
      CHECK (state NOT IN ('approved', 'approved-narrowed', 'minted') OR (approved_fingerprint IS NOT NULL AND reviewer_id IS NOT NULL)),
      CHECK (state <> 'minted' OR authorization_id IS NOT NULL)
    );
    CREATE INDEX access_requests_queue ON access_requests(state, created_at);
    CREATE INDEX access_requests_requester ON access_requests(requester_id, created_at);
  `,
} as const;
