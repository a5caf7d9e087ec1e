// The summary's reading of saved runner reports. Each sample was made by running vitest 4 or
// Playwright on a few tiny test files: a passing test, a failing test, a test that leaves a
// rejected promise behind, a file that imports a missing module, a failing beforeAll, a global
// setup that throws. Paths in them were rewritten to /repo.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { fromPlaywright, fromVitest, missingReport, summarise, withExitCode } from './summarise';

const sample = (name: string) => JSON.parse(readFileSync(new URL(`./samples/${name}.json`, import.meta.url), 'utf8'));
const vitest = (name: string) => fromVitest('vitest', sample(`vitest-${name}`), sample(`vitest-${name}.outside-tests`), '/repo');
const closing = (lines: string[]) => lines.at(-1);

describe('vitest', () => {
  test('a green run reads green', () => {
    const s = summarise([vitest('green')]);
    expect(s).toEqual({ lines: ['1 passed, 0 failed'], green: true });
  });

  test('an unhandled error outside any test is counted and named, though every test passed', () => {
    const s = summarise([vitest('unhandled')]);
    expect(s.green).toBe(false);
    expect(s.lines).toEqual([
      'unhandled error [vitest]: Error: pool closed while a query was running (unhandled.test.mjs)',
      '2 passed, 1 failed (1 unhandled error)',
    ]);
  });

  test('a file that did not load is counted and named', () => {
    const s = summarise([vitest('broken')]);
    expect(s.green).toBe(false);
    expect(s.lines[0]).toMatch(
      /^file did not load \[vitest\]: Error: Cannot find module '\.\/does-not-exist\.mjs'.*\(broken-import\.test\.mjs\)$/,
    );
    expect(closing(s.lines)).toBe('1 passed, 1 failed (1 file that did not load)');
  });

  test('a failing beforeAll, whose tests only show as skipped, is counted and named', () => {
    const s = summarise([vitest('hook')]);
    expect(s.lines).toEqual([
      'hook or suite failed [vitest]: Error: influxd did not start (hook.test.mjs, against influxd)',
      'hook or suite failed [vitest]: Error: postgres did not start (hook2.test.mjs)',
      '1 passed, 2 failed (2 failed hooks or suites), 2 skipped',
    ]);
  });

  test('a failing test counts as before', () => {
    expect(summarise([vitest('fails')])).toEqual({ lines: ['1 passed, 1 failed'], green: false });
  });

  test('without the reporter record, failed files are still named, and the missing record is a failure', () => {
    const s = summarise([fromVitest('vitest', sample('vitest-broken'), undefined, '/repo')]);
    expect(s.green).toBe(false);
    expect(s.lines[0]).toMatch(/^file did not load \[vitest\]: Cannot find module .*\(broken-import\.test\.mjs\)$/);
    expect(s.lines[1]).toMatch(/^report missing \[vitest\]: no record of errors outside tests/);
    expect(closing(s.lines)).toBe('1 passed, 2 failed (1 file that did not load, 1 missing report)');
  });

  test('a failing hook of a file-level beforeAll is named from the JSON report alone', () => {
    const s = summarise([fromVitest('vitest', sample('vitest-hook'), undefined, '/repo')]);
    expect(s.lines.slice(0, 2)).toEqual([
      'hook or suite failed [vitest]: no message in the report (hook.test.mjs)',
      'hook or suite failed [vitest]: postgres did not start (hook2.test.mjs)',
    ]);
  });
});

describe('Playwright', () => {
  test('a green run reads green', () => {
    expect(summarise([fromPlaywright('playwright', sample('playwright-green'))])).toEqual({ lines: ['1 passed, 0 failed'], green: true });
  });

  test('a spec file that did not load is named, though no test failed', () => {
    const s = summarise([fromPlaywright('playwright', sample('playwright-broken'))]);
    expect(s.green).toBe(false);
    expect(s.lines[0]).toMatch(/^error outside any test \[playwright\]: Error: Cannot find module '\/repo\/e2e\/does-not-exist\.mjs'/);
    expect(closing(s.lines)).toBe('0 passed, 1 failed (1 error outside any test)');
  });

  test('a global setup that threw is named with its place', () => {
    const s = summarise([fromPlaywright('playwright', sample('playwright-setup'))]);
    expect(s.lines).toEqual([
      'error outside any test [playwright]: Error: influxd did not start on port 8086 (/repo/e2e/setup-fails.mjs:1)',
      '0 passed, 1 failed (1 error outside any test)',
    ]);
  });

  test('a failing test counts as before', () => {
    expect(summarise([fromPlaywright('playwright', sample('playwright-fails'))])).toEqual({ lines: ['1 passed, 1 failed'], green: false });
  });
});

describe('the whole run', () => {
  test('adds up every runner and names each failure with its runner', () => {
    const s = summarise([vitest('unhandled'), missingReport('vitest-postgres'), fromPlaywright('playwright', sample('playwright-fails'))]);
    expect(s.lines).toEqual([
      'unhandled error [vitest]: Error: pool closed while a query was running (unhandled.test.mjs)',
      'report missing [vitest-postgres]: no report: the run did not finish',
      '3 passed, 3 failed (1 test, 1 unhandled error, 1 missing report)',
    ]);
    expect(s.green).toBe(false);
  });

  test('a runner that exited red with a green report is a failure, whatever the report says', () => {
    const green = fromVitest('vitest', sample('vitest-green'), sample('vitest-green.outside-tests'));
    const s = summarise([withExitCode(green, 1)]);
    expect(s.green).toBe(false);
    expect(s.lines).toEqual([
      'exit code [vitest]: exited with code 1 but its report names no failure: read its output above',
      '1 passed, 1 failed (1 runner that exited red with no failure named)',
    ]);
  });

  test('an exit code adds nothing when the report already names the failure', () => {
    expect(withExitCode(vitest('unhandled'), 1)).toEqual(vitest('unhandled'));
    expect(withExitCode(vitest('green'), 0)).toEqual(vitest('green'));
  });

  test('a run where nothing passed is not green', () => {
    expect(summarise([]).green).toBe(false);
  });
});
