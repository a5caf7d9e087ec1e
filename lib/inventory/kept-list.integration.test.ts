// The inventory never waits on InfluxDB once it keeps a list (issue 16), against a real influxd
// 2.9.1 paused with SIGSTOP (it holds its port and accepts connections but never answers, as a
// server busy assembling 100,000 tokens looks to the console). A reload asked for while it is
// paused gives the kept list, marked as being reloaded; a page load meanwhile gives it too, and
// does not start a second read; once influxd answers, the reload lands with what changed.
// Run: npx vitest run --project integration lib/inventory/kept-list.integration.test.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pauseInfluxd, resumeInfluxd, startInfluxd, type InfluxInstance } from '@/scripts/influxd/harness';
import { createToken } from '@/scripts/influxd/operator';
import { inventoryQuerySchema } from './query-schema';

let inst: InfluxInstance;
let dir: string;
const savedEnv = { ...process.env };
let store: typeof import('./store');
let key: string;

beforeAll(async () => {
  inst = await startInfluxd({ hashedTokens: true });
  dir = mkdtempSync(join(tmpdir(), 'itc-kept-list-'));
  Object.assign(process.env, {
    INFLUX_URL: inst.url,
    INFLUX_TOKEN: inst.consoleToken,
    INFLUX_TOKEN_ID: inst.consoleTokenID,
    INFLUX_ORG: inst.org,
    // How long a reload asked for is waited for before the kept list is served.
    INFLUX_TIMEOUT_MS: '1000',
    AUTH_SECRET: 'integration-auth-secret-0123456789abcdef',
    CONSOLE_USERS_FILE: join(dir, 'users.json'),
    CONSOLE_DATA_DIR: join(dir, 'data'),
  });
  store = await import('./store');
  const { scopeKey } = await import('@/lib/connections/scope');
  key = scopeKey('default', inst.orgID);
});
afterAll(async () => {
  await inst?.stop();
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const readBucket = () => [{ action: 'read' as const, resource: { type: 'buckets', orgID: inst.orgID } }];
const query = (q: string) => inventoryQuerySchema.parse({ q, size: 100 });

describe('the kept inventory list', () => {
  it('a request’s scope (connection and org by name) resolves from what the console knows while influxd is paused', async () => {
    const { resolveScope } = await import('@/lib/connections/resolve-scope');
    const { withDeadline } = await import('@/lib/influx/deadline');
    const asked = { connection: 'default', org: inst.org };
    expect((await withDeadline(() => resolveScope(asked))).ok).toBe(true);
    await pauseInfluxd(inst);
    let again;
    try {
      again = await withDeadline(() => resolveScope(asked));
    } finally {
      resumeInfluxd(inst);
    }
    expect(again).toMatchObject({ ok: true, scope: { org: { id: inst.orgID } } });
  });

  it(
    'is served while influxd does not answer, says a reload is running, and takes the reload once it lands',
    { timeout: 60_000 },
    async () => {
      const before = await createToken(inst, { description: 'kept-list before', permissions: readBucket() });
      const first = await store.inventoryPage(key, query('kept-list'));
      expect(first.rows.map((r) => r.id)).toEqual([before.id]);
      expect(first.refreshing).toBeUndefined();
      // Made outside the console: only a read from InfluxDB can show it.
      const after = await createToken(inst, { description: 'kept-list after', permissions: readBucket() });

      await pauseInfluxd(inst);
      let reloaded, meanwhile;
      try {
        reloaded = await store.inventoryPage(key, query('kept-list'), { refresh: true });
        meanwhile = await store.inventoryPage(key, query('kept-list'));
      } finally {
        resumeInfluxd(inst);
      }
      for (const page of [reloaded, meanwhile]) {
        expect(page.rows.map((r) => r.id)).toEqual([before.id]);
        expect(page.refreshing).toBe(true);
        expect(page.asOf).toBe(first.asOf);
        // The page can say since when the reload runs (it started after the kept list's read).
        expect(Date.parse(page.refreshingSince!)).toBeGreaterThan(Date.parse(first.asOf));
        expect(page.readMs).toBeGreaterThanOrEqual(0);
      }

      // The reload that was waiting on influxd lands now; nothing has to ask for it again.
      let landed = await store.inventoryPage(key, query('kept-list'));
      while (landed.refreshing) {
        await new Promise((r) => setTimeout(r, 100));
        landed = await store.inventoryPage(key, query('kept-list'));
      }
      expect(landed.rows.map((r) => r.id).sort()).toEqual([before.id, after.id].sort());
      expect(Date.parse(landed.asOf)).toBeGreaterThan(Date.parse(first.asOf));
    },
  );
});
