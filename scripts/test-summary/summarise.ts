// Adds up the runners' reports into one closing line, "N passed, N failed", and names every failure
// that is not a failing test (an unhandled error, a file that did not load, an error outside any
// Playwright test, a runner that exited non-zero with nothing in its report), so that a red run
// never closes on a line that reads green. Pure: scripts/test-summary.ts reads the files.

export type OutsideTestKind = 'unhandled error' | 'file did not load' | 'hook or suite failed';

export interface OutsideTestFailure {
  kind: OutsideTestKind;
  message: string;
  file?: string;
  suite?: string;
}

/** What scripts/test-summary/outside-tests-reporter.ts writes beside vitest's JSON report. */
export interface OutsideTestsRecord {
  reason: 'passed' | 'interrupted' | 'failed';
  failures: OutsideTestFailure[];
}

/** A failure that no failing test accounts for, in words. */
export interface Problem {
  runner: string;
  kind: OutsideTestKind | 'error outside any test' | 'report missing' | 'run interrupted' | 'exit code';
  text: string;
}

export interface RunnerResult {
  runner: string;
  passed: number;
  failedTests: number;
  skipped: number;
  problems: Problem[];
}

interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; status: string; message: string; assertionResults: { status: string }[] }[];
}

interface PlaywrightJsonReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  errors?: { message?: string; location?: { file: string; line: number } }[];
}

function firstLine(text: string | undefined): string {
  return (text ?? '').trim().split('\n')[0] ?? '';
}

function where(file: string | undefined, suite?: string): string {
  if (!file) return '';
  return suite ? ` (${file}, ${suite})` : ` (${file})`;
}

export function missingReport(runner: string): RunnerResult {
  return {
    runner,
    passed: 0,
    failedTests: 0,
    skipped: 0,
    problems: [{ runner, kind: 'report missing', text: 'no report: the run did not finish' }],
  };
}

/**
 * vitest: the tests from its JSON report; the failures outside tests from the reporter's record. A
 * run without that record falls back to the JSON report's failed files, and says it could not see
 * unhandled errors.
 */
export function fromVitest(runner: string, report: VitestJsonReport, outside: OutsideTestsRecord | undefined, root = ''): RunnerResult {
  const problems: Problem[] = [];
  if (outside) {
    for (const f of outside.failures) problems.push({ runner, kind: f.kind, text: `${f.message}${where(f.file, f.suite)}` });
    if (outside.reason === 'interrupted')
      problems.push({ runner, kind: 'run interrupted', text: 'the run was interrupted before every file ran' });
  } else {
    for (const file of report.testResults) {
      if (file.status !== 'failed' || file.assertionResults.some((t) => t.status === 'failed')) continue;
      const name = root && file.name.startsWith(root) ? file.name.slice(root.length).replace(/^\//, '') : file.name;
      const kind = file.assertionResults.length === 0 ? 'file did not load' : 'hook or suite failed';
      problems.push({ runner, kind, text: `${firstLine(file.message) || 'no message in the report'} (${name})` });
    }
    problems.push({
      runner,
      kind: 'report missing',
      text: 'no record of errors outside tests (run vitest with scripts/test-summary/outside-tests-reporter.ts)',
    });
  }
  return {
    runner,
    passed: report.numPassedTests,
    failedTests: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
    problems,
  };
}

/** Playwright puts a file that did not load, and a global setup or teardown that threw, in `errors`. */
export function fromPlaywright(runner: string, report: PlaywrightJsonReport): RunnerResult {
  const problems: Problem[] = (report.errors ?? []).map((e) => ({
    runner,
    kind: 'error outside any test',
    text: `${firstLine(e.message) || 'no message in the report'}${e.location ? ` (${e.location.file}:${e.location.line})` : ''}`,
  }));
  return {
    runner,
    passed: report.stats.expected + report.stats.flaky,
    failedTests: report.stats.unexpected,
    skipped: report.stats.skipped,
    problems,
  };
}

/** The last word on a runner: an exit code that says red when the report names nothing is a failure too. */
export function withExitCode(result: RunnerResult, exitCode: number | undefined): RunnerResult {
  if (exitCode === undefined || exitCode === 0 || result.failedTests > 0 || result.problems.length > 0) return result;
  const problem: Problem = {
    runner: result.runner,
    kind: 'exit code',
    text: `exited with code ${exitCode} but its report names no failure: read its output above`,
  };
  return { ...result, problems: [problem] };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const kindWords: Record<Problem['kind'], [string, string]> = {
  'unhandled error': ['unhandled error', 'unhandled errors'],
  'file did not load': ['file that did not load', 'files that did not load'],
  'hook or suite failed': ['failed hook or suite', 'failed hooks or suites'],
  'error outside any test': ['error outside any test', 'errors outside any test'],
  'report missing': ['missing report', 'missing reports'],
  'run interrupted': ['interrupted run', 'interrupted runs'],
  'exit code': ['runner that exited red with no failure named', 'runners that exited red with no failure named'],
};

export interface Summary {
  lines: string[];
  green: boolean;
}

export function summarise(results: RunnerResult[]): Summary {
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failedTests = results.reduce((n, r) => n + r.failedTests, 0);
  const skipped = results.reduce((n, r) => n + r.skipped, 0);
  const problems = results.flatMap((r) => r.problems);
  const lines = problems.map((p) => `${p.kind} [${p.runner}]: ${p.text}`);
  const parts: string[] = [];
  if (failedTests > 0) parts.push(plural(failedTests, 'test'));
  const kinds = [...new Set(problems.map((p) => p.kind))];
  for (const kind of kinds) {
    const [one, many] = kindWords[kind];
    parts.push(plural(problems.filter((p) => p.kind === kind).length, one, many));
  }
  const failed = failedTests + problems.length;
  const detail = problems.length > 0 ? ` (${parts.join(', ')})` : '';
  lines.push(`${passed} passed, ${failed} failed${detail}${skipped ? `, ${skipped} skipped` : ''}`);
  return { lines, green: failed === 0 && passed > 0 };
}
