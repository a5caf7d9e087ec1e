// Starts bare-proxy.mjs (the least a proxy in Node can do) in its own process in front of
// `upstream`, as the console runs in its own process. For bench:ceiling and `npm run bench`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../../e2e/support/console-server';
import { stopPid } from '../../influxd/harness';

export interface BareProxy {
  url: string;
  pid: number;
  stop: () => Promise<void>;
}

/** `spinMs`: CPU each request costs before it is forwarded (bare-proxy.mjs). */
export async function startBareProxy(upstream: string, spinMs = 0): Promise<BareProxy> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, 'bare-proxy.mjs'), String(port), upstream, String(spinMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bare proxy exited (${code})`)));
    child.stdout.once('data', () => resolve());
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => stopPid(child.pid!) };
}
