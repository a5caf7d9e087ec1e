import { existsSync, rmSync } from 'node:fs';
import { stopPid } from '../scripts/influxd/harness';
import { STACK_FILE, stack } from './support/stack';

export default async function globalTeardown() {
  if (!existsSync(STACK_FILE)) return;
  const s = stack();
  // Console and OIDC provider run in their own process groups; influxd is stopped by pid.
  for (const pid of s.pids.slice(0, 2)) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await stopPid(s.influx.pid);
  if (!process.env.E2E_KEEP) {
    rmSync(s.influx.dataDir, { recursive: true, force: true });
    rmSync(s.dir, { recursive: true, force: true });
    rmSync(STACK_FILE, { force: true });
  }
}
