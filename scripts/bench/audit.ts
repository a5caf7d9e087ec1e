// Benchmark of the Audit page's query at 100,000 rows (issue 14: a filtered page within 200 ms
// server time). Not a test: it prints figures. Data layer only (the SQL the page runs, through
// listAuditPage and loadAuditPageData's parsing), on a real SQLite file in a temporary folder.
//
//   npm run bench:audit                 # 100000 rows
//   npm run bench:audit -- --rows 20000
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knownActions } from '../../lib/audit/actions';
import { parseAuditFilter } from '../../lib/audit/filters';
import { chainHead, rowHash, type ChainedFields } from '../../lib/storage/audit-chain';
import { actionsInTrail, listAuditPage } from '../../lib/storage/audit-query';
import { openDatabase } from '../../lib/storage/db';

const args = process.argv.slice(2);
const i = args.indexOf('--rows');
const ROWS = i >= 0 ? Number(args[i + 1]) : 100_000;
const RUNS = 15;

const dir = mkdtempSync(join(tmpdir(), 'itc-bench-audit-'));
try {
  const db = openDatabase(join(dir, 'console.sqlite'));
  const actions = ['token.create', 'token.deactivate', 'token.describe', 'auth.signin', 'auth.signout', 'token.delete'];
  const outcomes = ['success', 'success', 'success', 'failure', 'refused'];
  const start = Date.parse('2025-01-01T00:00:00Z');
  const t0 = performance.now();
  db.transaction(() => {
    const insert = db.prepare(
      `INSERT INTO audit_events (id, at, request_id, actor_id, actor_name, actor_email, actor_role, action, outcome, org_id, authorization_id, detail, prev_hash, hash)
       VALUES (@id, @at, @request_id, @actor_id, @actor_name, @actor_email, @actor_role, @action, @outcome, @org_id, @authorization_id, @detail, @prev_hash, @hash)`,
    );
    let prev = chainHead(db);
    for (let n = 1; n <= ROWS; n++) {
      const person = n % 40;
      const row: ChainedFields = {
        id: n,
        // About one row every 5 minutes: 100,000 rows span almost a year.
        at: new Date(start + n * 300_000).toISOString(),
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
      const hash = rowHash(row, prev);
      insert.run({ ...row, prev_hash: prev, hash });
      prev = hash;
    }
  })();
  console.log(`${ROWS} rows written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const cases: [string, Record<string, string>][] = [
    ['no filter', {}],
    ['person (email)', { person: 'person7@example.com' }],
    ['action', { action: 'token.delete' }],
    ['outcome', { outcome: 'refused' }],
    ['token id', { token: '00000000000003e7' }],
    ['recent time range (a day)', { from: new Date(start + ROWS * 300_000 - 86_400_000).toISOString().slice(0, 10) }],
    ['old time range (a day)', { from: '2025-01-10', to: '2025-01-10' }],
    ['person + action + outcome', { person: 'local:person3', action: 'token.create', outcome: 'success' }],
    ['person + old time range', { person: 'Person 5', from: '2025-02-01', to: '2025-02-03' }],
  ];
  console.log('filter'.padEnd(30), 'rows', 'median ms', 'max ms');
  for (const [name, params] of cases) {
    const times: number[] = [];
    let count = 0;
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      const parsed = parseAuditFilter(params, knownActions(actionsInTrail(db)));
      if (parsed.problems.length) throw new Error(`${name}: ${parsed.problems.join(' ')}`);
      count = listAuditPage({ limit: 50, filter: parsed.filter }, db).rows.length;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(
      name.padEnd(30),
      String(count).padStart(4),
      times[Math.floor(RUNS / 2)]!.toFixed(2).padStart(9),
      times.at(-1)!.toFixed(2).padStart(6),
    );
  }
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
