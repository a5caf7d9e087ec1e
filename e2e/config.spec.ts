// A missing or malformed configuration stops the server with a message naming the variable.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, consoleEnv, freePort } from './support/console-server';
import { expect, test } from './support/test';

function startAndCollect(env: Record<string, string>, port: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } as unknown as NodeJS.ProcessEnv,
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

for (const [variable, change, expected] of [
  ['INFLUX_URL', { INFLUX_URL: 'not a url' }, /INFLUX_URL: .*absolute http\(s\) URL/],
  ['INFLUX_TOKEN', { INFLUX_TOKEN: '' }, /INFLUX_TOKEN/],
  ['INFLUX_TOKEN_ID', { INFLUX_TOKEN_ID: '' }, /INFLUX_TOKEN_ID must be the 16-hex-digit id of the console credential/],
  ['AUTH_SECRET', { AUTH_SECRET: 'weak-secret-16ch' }, /AUTH_SECRET must be at least 32 random characters in production/],
] as const) {
  test(`the server refuses to start when ${variable} is wrong, and says so`, async ({ stack }) => {
    const env = consoleEnv({
      influx: stack.influx,
      baseURL: 'http://127.0.0.1:1',
      dir: stack.dir,
      usersFile: stack.usersFile,
      extra: { CONSOLE_LOG_FILE: join(stack.dir, `config-${variable}.log`) },
    });
    const { code, output } = await startAndCollect({ ...env, ...change }, await freePort());
    expect(code).not.toBe(0);
    expect(output).toMatch(expected);
    expect(output).not.toContain(stack.influx.consoleToken);
  });
}
