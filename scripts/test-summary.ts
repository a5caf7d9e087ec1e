// The closing line of `npm test` (scripts/test-all.sh): reads the runners' reports from
// test-results/ and prints every failure outside a test, then "N passed, N failed".
// Each runner's exit code may be passed as `--exit vitest=1` (also `vitest-postgres`, `playwright`):
// a runner that exited red with nothing in its report still counts as a failure.
import { existsSync, readFileSync } from 'node:fs';
import { outsideTestsFile } from './test-summary/outside-tests-reporter';
import { fromPlaywright, fromVitest, missingReport, summarise, withExitCode, type RunnerResult } from './test-summary/summarise';

function exitCodes(argv: string[]): Map<string, number> {
  const codes = new Map<string, number>();
  argv.forEach((arg, i) => {
    const [name, code] = arg === '--exit' ? (argv[i + 1] ?? '').split('=') : [];
    if (name && code !== undefined) codes.set(name, Number(code));
  });
  return codes;
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

function vitest(runner: string, file: string): RunnerResult {
  const report = readJson<Parameters<typeof fromVitest>[1]>(file);
  if (!report) return missingReport(runner);
  return fromVitest(runner, report, readJson(outsideTestsFile(file)), process.cwd());
}

function playwright(runner: string, file: string): RunnerResult {
  const report = readJson<Parameters<typeof fromPlaywright>[1]>(file);
  return report ? fromPlaywright(runner, report) : missingReport(runner);
}

const codes = exitCodes(process.argv.slice(2));
const results = [
  withExitCode(vitest('vitest', 'test-results/vitest.json'), codes.get('vitest')),
  // The storage suite's second run, on PostgreSQL (npm run test:storage:postgres).
  withExitCode(vitest('vitest-postgres', 'test-results/vitest-postgres.json'), codes.get('vitest-postgres')),
  withExitCode(playwright('playwright', 'test-results/e2e.json'), codes.get('playwright')),
];
const summary = summarise(results);
for (const line of summary.lines) console.log(line);
process.exit(summary.green ? 0 : 1);
