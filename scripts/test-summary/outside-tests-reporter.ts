// A vitest reporter that records every failure no test owns: unhandled errors (a rejection or an
// 'error' event after a test ended), a test file that failed to load, a failing beforeAll/afterAll.
// vitest's JSON report leaves unhandled errors out (its `success` stays true) and counts a file that
// did not load as neither passed nor failed, so without this the closing line read green on a red run.
// It writes next to the JSON report: `--outputFile=test-results/vitest.json` gives
// `test-results/vitest.outside-tests.json` (scripts/test-summary.ts reads both).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, SerializedError, TestModule, TestRunEndReason, Vitest } from 'vitest/node';
import type { OutsideTestsRecord, OutsideTestFailure } from './summarise';

export function outsideTestsFile(jsonReportFile: string): string {
  return jsonReportFile.replace(/\.json$/, '') + '.outside-tests.json';
}

function firstLine(error: SerializedError): string {
  const text = `${error.name && !error.message.startsWith(error.name) ? `${error.name}: ` : ''}${error.message}`;
  return text.split('\n')[0] ?? '';
}

export default class OutsideTestsReporter implements Reporter {
  private vitest?: Vitest;

  onInit(vitest: Vitest) {
    this.vitest = vitest;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>, reason: TestRunEndReason) {
    const config = this.vitest?.config;
    const jsonFile = typeof config?.outputFile === 'string' ? config.outputFile : config?.outputFile?.json;
    if (!config || !jsonFile) return;
    const root = config.root;
    const failures: OutsideTestFailure[] = [];
    for (const error of unhandled) {
      const file = typeof error.VITEST_TEST_PATH === 'string' ? path.relative(root, error.VITEST_TEST_PATH) : undefined;
      failures.push({ kind: 'unhandled error', message: firstLine(error), file });
    }
    for (const testModule of modules) {
      const file = testModule.relativeModuleId;
      for (const error of testModule.errors()) {
        // A module that collected no test failed while loading; one with tests, in a file-level hook.
        const kind = testModule.children.size === 0 ? 'file did not load' : 'hook or suite failed';
        failures.push({ kind, message: firstLine(error), file });
      }
      for (const suite of testModule.children.allSuites()) {
        for (const error of suite.errors())
          failures.push({ kind: 'hook or suite failed', message: firstLine(error), file, suite: suite.fullName });
      }
    }
    const record: OutsideTestsRecord = { reason, failures };
    const target = path.resolve(root, outsideTestsFile(jsonFile));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, JSON.stringify(record, null, 2));
  }
}
