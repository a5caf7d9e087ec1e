// Benchmark of the Audit page's query at 100,000 rows (issue 14: a filtered page within 200 ms
// server time). Not a test: it prints figures. Data layer only (the SQL the page runs, through
// listAuditPage and loadAuditPageData's parsing), on a real SQLite file in a temporary folder.
// scripts/bench/audit-page.ts times the whole page as a browser gets it.
//
//   npm run bench:audit                 # 100000 rows
//   npm run bench:audit -- --rows 20000
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knownActions } from '../../lib/audit/actions';
import { parseAuditFilter } from '../../lib/audit/filters';
import { actionsInTrail, listAuditPage } from '../../lib/storage/audit-query';
import { openSqliteStorage } from '../../lib/storage/open-sqlite';
import { auditFilterCases, seedAuditTrail } from './support/audit-trail';

const args = process.argv.slice(2);
const i = args.indexOf('--rows');
const ROWS = i >= 0 ? Number(args[i + 1]) : 100_000;
const RUNS = 15;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'itc-bench-audit-'));
  try {
    const db = await openSqliteStorage(join(dir, 'console.sqlite'));
    const seconds = await seedAuditTrail(db, ROWS);
    console.log(`${ROWS} rows written in ${seconds.toFixed(1)} s`);

    const cases = auditFilterCases(ROWS);
    console.log('filter'.padEnd(30), 'rows', 'median ms', 'max ms');
    for (const [name, params] of cases) {
      const times: number[] = [];
      let count = 0;
      for (let r = 0; r < RUNS; r++) {
        const t = performance.now();
        const parsed = parseAuditFilter(params, knownActions(await actionsInTrail(db)));
        if (parsed.problems.length) throw new Error(`${name}: ${parsed.problems.join(' ')}`);
        count = (await listAuditPage({ limit: 50, filter: parsed.filter }, db)).rows.length;
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
    await db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
