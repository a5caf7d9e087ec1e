// Stops an influxd started by start.ts: SIGTERM, SIGKILL after 5s, waits for it to exit, and
// removes its data dir if the harness created it as throwaway (marker file in the dir).
// Usage: npx tsx scripts/influxd/stop.ts <pid>
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EPHEMERAL_MARKER, isRunning, stopPid } from './harness';

async function main() {
  const pid = Number(process.argv[2]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error('usage: stop.ts <pid>');
  if (!isRunning(pid)) {
    console.error(`pid ${pid} is not running`);
    return;
  }
  // Refuse to signal a pid that was reused by something else.
  const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  if (!cmd[0]?.endsWith('influxd')) throw new Error(`pid ${pid} is not influxd: ${cmd.join(' ')}`);
  const dataDir = readlinkSync(`/proc/${pid}/cwd`); // the harness runs influxd with cwd = data dir
  await stopPid(pid);
  if (existsSync(join(dataDir, EPHEMERAL_MARKER))) await rm(dataDir, { recursive: true, force: true });
  console.error(`stopped influxd ${pid}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
