// npm run audit:verify — checks the audit trail's hash chain in CONSOLE_DATA_DIR (as the console
// reads it) and names the first row that does not fit. Exit 0 when intact, 1 when not, 2 when the
// database cannot be read. Opens the file read-only: a check must not change what it checks.
import { join } from 'node:path';
import { verifyChain } from '../lib/storage/audit-chain';
import { openSqliteFile } from '../lib/storage/open-sqlite';
import type { Sql } from '../lib/storage/sql';

async function main(): Promise<number> {
  const dir = process.env.CONSOLE_DATA_DIR?.trim() || './data/console';
  const file = join(dir, 'console.sqlite');
  let sql: Sql;
  try {
    sql = openSqliteFile(file, { readonly: true });
  } catch (error) {
    console.error(`Cannot open the console database ${file}: ${String(error)}`);
    return 2;
  }
  try {
    try {
      await sql.all('SELECT hash FROM audit_events LIMIT 1');
    } catch {
      console.error(`The audit trail in ${file} has no hash chain yet: start the console once so it can add it.`);
      return 2;
    }
    const report = await verifyChain(sql);
    if (report.ok) {
      console.log(`Audit trail intact: ${report.count} rows verified. Chain head: ${report.head}`);
      return 0;
    }
    console.error(
      `Audit trail broken at row ${report.row.id} (${report.row.at}, ${report.row.action}): ${report.problem}. ` +
        `${report.count} rows before it fit the chain.`,
    );
    return 1;
  } finally {
    await sql.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Cannot read the audit trail: ${String(error)}`);
    process.exit(2);
  },
);
