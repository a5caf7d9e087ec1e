// A synthetic audit trail for the audit benchmarks: ROWS chained rows, about one every 5 minutes
// (100,000 rows span almost a year), 40 people, six actions, and the filters the page offers.
import { appendChainedRow, chainHead, type ChainedFields } from '../../../lib/storage/audit-chain';
import type { Sql } from '../../../lib/storage/sql';

export const TRAIL_START = Date.parse('2025-01-01T00:00:00Z');

/** Writes `rows` chained audit rows in one transaction; returns the seconds it took. */
export async function seedAuditTrail(sql: Sql, rows: number): Promise<number> {
  const actions = ['token.create', 'token.deactivate', 'token.describe', 'auth.signin', 'auth.signout', 'token.delete'];
  const outcomes = ['success', 'success', 'success', 'failure', 'refused'];
  const t0 = performance.now();
  await sql.transaction(async (tx) => {
    let prev = await chainHead(tx);
    const first = Number((await tx.get<{ id: number }>('SELECT COALESCE(MAX(id), 0) AS id FROM audit_events'))!.id) + 1;
    for (let n = first; n < first + rows; n++) {
      const person = n % 40;
      const row: ChainedFields = {
        id: n,
        at: new Date(TRAIL_START + n * 300_000).toISOString(),
        request_id: `r${n}`,
        actor_id: `local:person${person}`,
        actor_name: `Person ${person}`,
        actor_email: `person${person}@example.com`,
        actor_role: 'creator',
        action: actions[n % actions.length]!,
        outcome: outcomes[n % outcomes.length]!,
        org_id: '0a0a0a0a0a0a0a0a',
        authorization_id: (n % 2000).toString(16).padStart(16, '0'),
        detail: JSON.stringify({ permissions: [`write buckets ${(n % 97).toString(16).padStart(16, '0')} org 0a0a0a0a0a0a0a0a`] }),
      };
      prev = await appendChainedRow(tx, row, prev);
    }
  });
  return (performance.now() - t0) / 1000;
}

/** The filter cases both benchmarks time: each filter alone, and a few together. */
export function auditFilterCases(rows: number): [string, Record<string, string>][] {
  return [
    ['no filter', {}],
    ['person (email)', { person: 'person7@example.com' }],
    ['action', { action: 'token.delete' }],
    ['outcome', { outcome: 'refused' }],
    ['token id', { token: '00000000000003e7' }],
    ['recent time range (a day)', { from: new Date(TRAIL_START + rows * 300_000 - 86_400_000).toISOString().slice(0, 10) }],
    ['old time range (a day)', { from: '2025-01-10', to: '2025-01-10' }],
    ['person + action + outcome', { person: 'local:person3', action: 'token.create', outcome: 'success' }],
    ['person + old time range', { person: 'Person 5', from: '2025-02-01', to: '2025-02-03' }],
  ];
}
