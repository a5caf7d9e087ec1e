// The scheduler's request expiry against a real store (SQLite; PostgreSQL with TEST_POSTGRES_URL via
// scripts/postgres/with-postgres.ts): what is due expires, is audited once, and two processes
// running the pass at the same moment expire and audit each request once in total.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OSS_RESOURCE_TYPES } from '@/lib/permissions/resource-types';
import type { Sql } from '@/lib/storage/sql';
import { freshTestStorage, type TestStorage } from '@/lib/storage/support/open-test-storage';
import { expireRequestsPass } from './expire-pass';
import type { Person, RequestForm } from './model';
import { DEFAULT_REQUEST_SETTINGS, type RequestSettings } from './settings';
import { createRequest, getRequest, performStep } from './store';

const HOUR = 3_600_000;
const settings: RequestSettings = { ...DEFAULT_REQUEST_SETTINGS, resourceTypes: OSS_RESOURCE_TYPES };
const ana: Person = { id: 'local:ana', name: 'Ana', email: 'ana@example.com', role: 'creator' };
const bo: Person = { id: 'local:bo', name: 'Bo', role: 'admin' };
const form: RequestForm = {
  connectionId: 'default',
  orgID: '0123456789abcdef',
  description: 'edge-01 telegraf',
  owner: { kind: 'existing', userID: '1111111111111111', name: 'iot_user_1' },
  grants: [{ type: 'buckets', action: 'write', scope: { kind: 'all' } }],
  lifetime: { kind: 'duration', ms: 30 * 24 * HOUR },
};
const t0 = new Date('2026-11-30T10:00:00.000Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

let store: TestStorage;
let sql: Sql;
beforeEach(async () => {
  store = await freshTestStorage();
  sql = store.sql;
});
afterEach(() => store.dispose());

const expiryAudits = (s: Sql) =>
  s.all<{ detail: string; actor_id: string }>(`SELECT detail, actor_id FROM audit_events WHERE action = 'request.expire' ORDER BY id`);

describe('request expiry on the scheduler tick', () => {
  it('expires the stale pending and the unused approved request, audits each once, leaves the rest', async () => {
    const stale = await createRequest({ form, justification: 'nobody looked', requester: ana }, t0, sql);
    const unused = await createRequest({ form, justification: 'approved, never used', requester: ana }, t0, sql);
    const fresh = await createRequest({ form, justification: 'asked yesterday', requester: ana }, later(6 * 24 * HOUR), sql);
    expect((await performStep(unused.id, { kind: 'approve' }, { kind: 'person', person: bo }, later(HOUR), settings, sql)).ok).toBe(true);
    const told: string[] = [];
    const now = later(settings.pendingTtlMs);
    const expired = await expireRequestsPass({ now, settings, alsoRecord: async (r) => void told.push(r.id) }, sql);
    expect(expired.map((r) => r.id).sort()).toEqual([stale.id, unused.id].sort());
    expect(told.sort()).toEqual([stale.id, unused.id].sort());
    expect((await getRequest(fresh.id, sql))!.state).toBe('pending');
    const audits = await expiryAudits(sql);
    expect(
      audits
        .map((a) => JSON.parse(a.detail) as { request: string; from: string })
        .map((d) => [d.request, d.from])
        .sort(),
    ).toEqual(
      [
        [stale.id, 'pending'],
        [unused.id, 'approved'],
      ].sort(),
    );
    expect(audits.every((a) => a.actor_id === 'console')).toBe(true);
    // A second tick finds nothing more to do.
    expect(await expireRequestsPass({ now, settings }, sql)).toEqual([]);
    expect(await expiryAudits(sql)).toHaveLength(2);
  });

  it('rolls the expiry back when what it records with it fails: no state without its audit row', async () => {
    const r = await createRequest({ form, justification: 'nobody looked', requester: ana }, t0, sql);
    const failing = async () => {
      throw new Error('outbox unwritable');
    };
    await expect(expireRequestsPass({ now: later(settings.pendingTtlMs), settings, alsoRecord: failing }, sql)).rejects.toThrow(
      'outbox unwritable',
    );
    expect((await getRequest(r.id, sql))!.state).toBe('pending');
    expect(await expiryAudits(sql)).toHaveLength(0);
  });

  it('two console processes running the pass at once expire and audit each request once in total', async () => {
    const N = 60;
    await sql.transaction(async (tx) => {
      for (let i = 0; i < N; i++)
        await createRequest({ form, justification: 'load', requester: ana, id: `req-${String(i).padStart(3, '0')}` }, t0, tx);
    });
    const now = later(settings.pendingTtlMs).getTime();
    const start = () => {
      const child = spawn(
        process.execPath,
        ['--conditions', 'react-server', '--import', 'tsx', join(__dirname, 'support', 'expire-worker.ts'), store.location, String(now)],
        { cwd: join(__dirname, '..', '..'), stdio: ['pipe', 'pipe', 'inherit'] },
      );
      let out = '';
      const ready = new Promise<void>((resolve) =>
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.startsWith('ready\n')) resolve();
        }),
      );
      const done = new Promise<string[]>((resolve, reject) =>
        child.on('exit', (code) =>
          code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length)) as string[]) : reject(new Error(`worker exited ${code}`)),
        ),
      );
      return { child, ready, done };
    };
    const one = start();
    const two = start();
    await Promise.all([one.ready, two.ready]);
    one.child.stdin.write('go');
    two.child.stdin.write('go');
    const [ra, rb] = await Promise.all([one.done, two.done]);
    const all = [...ra, ...rb];
    expect(all).toHaveLength(N);
    expect(new Set(all).size).toBe(N);
    const audited = (await expiryAudits(sql)).map((a) => (JSON.parse(a.detail) as { request: string }).request);
    expect(audited).toHaveLength(N);
    expect(new Set(audited).size).toBe(N);
    expect(await sql.all(`SELECT state, COUNT(*) AS n FROM access_requests GROUP BY state`)).toEqual([{ state: 'expired', n: N }]);
  }, 60_000);
});
