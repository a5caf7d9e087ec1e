// Adds up vitest's and Playwright's JSON reports into one closing line: "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync('test-results/vitest.json')) {
  const v = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
} else {
  console.log('vitest report missing');
  failed += 1;
}
// The storage suite's second run, on PostgreSQL (npm run test:storage:postgres).
if (existsSync('test-results/vitest-postgres.json')) {
  const v = JSON.parse(readFileSync('test-results/vitest-postgres.json', 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
} else {
  console.log('vitest report (storage on PostgreSQL) missing');
  failed += 1;
}
if (existsSync('test-results/e2e.json')) {
  const p = JSON.parse(readFileSync('test-results/e2e.json', 'utf8'));
  passed += p.stats.expected + p.stats.flaky;
  failed += p.stats.unexpected;
  skipped += p.stats.skipped;
  if (p.errors?.length) failed += p.errors.length;
} else {
  console.log('playwright report missing');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
