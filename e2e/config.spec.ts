// A missing or malformed configuration stops the server with a message naming the variable.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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

// Issue 11: a connections file with a mistake stops the start too, naming the file, line and field.
for (const [what, text, expected] of [
  [
    'a token written in the file',
    (url: string) => connectionsFile(url, `    token: ${'x'.repeat(40)}\n`),
    /line 8, connections\[0\] \(main\)\.token: a credential must not be written in this file/,
  ],
  [
    'a bad url',
    () => connectionsFile('influx.local:8086'),
    /line 4, connections\[0\] \(main\)\.url: url must start with http:\/\/ or https:\/\//,
  ],
  [
    'an unset credential variable',
    (url: string) => connectionsFile(url).replace('E2E_CONFIG_TOKEN', 'E2E_MISSING_TOKEN'),
    /line 5, connections\[0\] \(main\)\.tokenEnv: tokenEnv names E2E_MISSING_TOKEN, which is not set/,
  ],
] as const) {
  test(`the server refuses to start with ${what} in the connections file, naming the line and the field`, async ({ stack }) => {
    const file = join(stack.dir, `connections-${what.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, text(stack.influx.url), { mode: 0o600 });
    const env = consoleEnv({
      influx: stack.influx,
      baseURL: 'http://127.0.0.1:1',
      dir: stack.dir,
      usersFile: stack.usersFile,
      extra: { CONSOLE_LOG_FILE: join(stack.dir, `config-connections.log`) },
    });
    for (const k of ['INFLUX_URL', 'INFLUX_TOKEN', 'INFLUX_TOKEN_ID', 'INFLUX_ORG']) delete env[k];
    const { code, output } = await startAndCollect(
      { ...env, CONSOLE_CONNECTIONS_FILE: file, E2E_CONFIG_TOKEN: stack.influx.consoleToken },
      await freePort(),
    );
    expect(code).not.toBe(0);
    expect(output).toContain(`CONSOLE_CONNECTIONS_FILE ${file}`);
    expect(output).toMatch(expected);
    expect(output).not.toContain(stack.influx.consoleToken);
    expect(output).not.toContain('x'.repeat(40));
  });
}

function connectionsFile(url: string, extraField = ''): string {
  return `connections:
  - id: main
    label: main
    url: ${url}
    tokenEnv: E2E_CONFIG_TOKEN
    tokenId: 0a1b2c3d4e5f6071
    org: acme
${extraField}`;
}
