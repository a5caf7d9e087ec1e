// npm run audit:verify — checks the audit trail's hash chain in CONSOLE_DATA_DIR (as the console
// reads it) and names the first row that does not fit. Exit 0 when intact, 1 when not, 2 when the
// database cannot be read. Opens the file read-only: a check must not change what it checks.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { verifyChain } from '../lib/storage/audit-chain';

const dir = process.env.CONSOLE_DATA_DIR?.trim() || './data/console';
const file = join(dir, 'console.sqlite');

let db: Database.Database;
try {
  db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
} catch (error) {
  console.error(`Cannot open the console database ${file}: ${String(error)}`);
  process.exit(2);
}
const columns = (db.prepare('PRAGMA table_info(audit_events)').all() as { name: string }[]).map((c) => c.name);
if (!columns.includes('hash')) {
  console.error(`The audit trail in ${file} has no hash chain yet: start the console once so it can add it.`);
  process.exit(2);
}

const report = verifyChain(db);
if (report.ok) {
  console.log(`Audit trail intact: ${report.count} rows verified. Chain head: ${report.head}`);
  process.exit(0);
}
console.error(
  `Audit trail broken at row ${report.row.id} (${report.row.at}, ${report.row.action}): ${report.problem}. ` +
    `${report.count} rows before it fit the chain.`,
);
process.exit(1);
