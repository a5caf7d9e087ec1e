// What the end-to-end run shares between global setup, the tests and teardown: one influxd, one
// OpenID provider and one console, described in e2e/.stack.json (git-ignored, tokens inside).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InfluxInstance } from '../../scripts/influxd/harness';

export const STACK_FILE = join(__dirname, '..', '.stack.json');

export interface Stack {
  baseURL: string;
  /** Working folder of this run: users file, console data and logs. */
  dir: string;
  usersFile: string;
  consoleLog: string;
  consoleStdout: string;
  consoleDataDir: string;
  influx: Omit<InfluxInstance, 'stop'>;
  oidc: { issuer: string; clientSecret: string; roleMap: string; pid: number };
  pids: number[];
}

let cached: Stack | undefined;
export function stack(): Stack {
  cached ??= JSON.parse(readFileSync(STACK_FILE, 'utf8')) as Stack;
  return cached;
}
