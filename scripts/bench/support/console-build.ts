// The benchmarks run the built console (`next start`); they build it first when there is no build
// yet, or when asked to with --build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export function ensureConsoleBuild(env: Record<string, string> = { NODE_ENV: 'production' }): void {
  if (existsSync(join(ROOT, '.next', 'BUILD_ID')) && !process.argv.includes('--build')) return;
  console.error('[bench] next build …');
  const build = spawnSync(join(ROOT, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('next build failed');
}
