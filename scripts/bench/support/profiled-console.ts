// The built console (`next start`) with extra flags for node itself (--cpu-prof, --heap-prof...),
// which NODE_OPTIONS does not allow. As e2e/support/console-server.ts startConsole otherwise.
// SIGTERM makes Next exit normally, which writes the profiles.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type RunningConsole } from '../../../e2e/support/console-server';

export async function startProfiledConsole(
  env: Record<string, string>,
  port: number,
  dir: string,
  nodeFlags: readonly string[],
): Promise<RunningConsole> {
  mkdirSync(dir, { recursive: true });
  const stdoutFile = join(dir, 'server.out');
  const fd = openSync(stdoutFile, 'a');
  const child = spawn(
    process.execPath,
    [...nodeFlags, join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ['ignore', fd, fd],
    },
  );
  closeSync(fd);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`console exited early:\n${readFileSync(stdoutFile, 'utf8').slice(-2000)}`);
    const up = await fetch(`${baseURL}/api/health/live`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error('console did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseURL,
    pid: child.pid!,
    logFile: env.CONSOLE_LOG_FILE ?? '',
    stdoutFile,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
