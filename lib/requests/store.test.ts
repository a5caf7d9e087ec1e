// The access request store against a real SQLite file, with two connections to it standing for two
// console processes (or two admins' requests served at once).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OSS_RESOURCE_TYPES } from '@/lib/permissions/resource-types';
import { openSqliteStorage } from '@/lib/storage/open-sqlite';
import type { SqliteSql } from '@/lib/storage/sqlite';
import type { Actor } from './decide-step';
import type { Person, RequestForm } from './model';
import { ACCESS_REQUESTS_MIGRATION } from './schema';
import { DEFAULT_REQUEST_SETTINGS, type RequestSettings } from './settings';
import {
  MINT_CLAIM_LEASE_MS,
  claimMint,
  commitStep,
  createRequest,
  expireDue,
  finishMint,
  getRequest,
  pendingCount,
  performStep,
  releaseMintClaim,
  requestsOf,
  reviewQueue,
  submitRequest,
} from './store';

const HOUR = 3_600_000;
const settings: RequestSettings = { ...DEFAULT_REQUEST_SETTINGS, resourceTypes: OSS_RESOURCE_TYPES };
const ana: Person = { id: 'local:ana', name: 'Ana', role: 'creator' };
const bo: Person = { id: 'local:bo', name: 'Bo', email: 'bo@example.com', role: 'admin' };
const cy: Person = { id: 'local:cy', role: 'admin' };
const as = (p: Person): Actor => ({ kind: 'person', person: p });
const form: RequestForm = {
  connectionId: 'default',
  orgID: '0123456789abcdef',
  description: 'edge-01 telegraf',
  owner: { kind: 'existing', userID: '1111111111111111', name: 'iot_user_1' },
  grants: [
    {
      type: 'buckets',
      action: 'write',
      scope: { kind: 'items', items: [{ id: '2222222222222222', name: 'metrics' }, { id: '3333333333333333' }] },
    },
    { type: 'tasks', action: 'write', scope: { kind: 'all' } },
  ],
  lifetime: { kind: 'duration', ms: 30 * 24 * HOUR },
};
const t0 = new Date('2026-11-30T10:00:00.000Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const TOKEN_ID = '0a1b2c3d4e5f6a7b';

let dir: string;
let file: string;
let a: Database.Database;
let b: Database.Database;

// The store here is still on better-sqlite3 (its owner moves it to Sql): the migrated file's handle.
const openDatabase = async (f: string) => ((await openSqliteStorage(f)) as SqliteSql).handle;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'itc-requests-'));
  file = join(dir, 'console.sqlite');
  a = await openDatabase(file);
  a.exec(ACCESS_REQUESTS_MIGRATION.sql);
  b = await openDatabase(file);
});
afterEach(() => {
  a.close();
  b.close();
  rmSync(dir, { recursive: true, force: true });
});

const newRequest = (requester = ana) => createRequest(a, { form, justification: 'edge-01 needs its own token', requester }, t0);

describe('access request store', () => {
  it('creates and reads back the whole request, the form parsed as the schema gives it', () => {
    const r = newRequest();
    expect(r).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      state: 'pending',
      version: 1,
      form,
      justification: 'edge-01 needs its own token',
      requester: ana,
      createdAt: t0,
      updatedAt: t0,
    });
    expect(getRequest(b, r.id)).toEqual(r);
    expect(getRequest(b, 'no-such-id')).toBeUndefined();
  });

  it('a viewer cannot submit a request; a creator can', () => {
    const submission = { form, justification: 'why' };
    const viewer: Person = { id: 'local:vi', role: 'viewer' };
    expect(submitRequest(a, submission, as(viewer), t0, settings)).toMatchObject({
      ok: false,
      reason: 'role',
      message: 'Only creators may request tokens. You are signed in as a viewer.',
    });
    expect(requestsOf(a, viewer.id)).toEqual([]);
    expect(submitRequest(a, submission, as(ana), t0, settings)).toMatchObject({ ok: true, request: { state: 'pending', requester: ana } });
  });

  it('lists a requester their own requests, and admins a queue without their own, with its count', () => {
    const mine = newRequest();
    const bos = createRequest(a, { form, justification: 'for the admin', requester: bo }, later(1));
    expect(requestsOf(b, ana.id).map((r) => r.id)).toEqual([mine.id]);
    const q = { now: later(HOUR), pendingTtlMs: settings.pendingTtlMs };
    expect(reviewQueue(b, { ...q, reviewerId: bo.id }).map((r) => r.id)).toEqual([mine.id]);
    expect(reviewQueue(b, { ...q, reviewerId: cy.id }).map((r) => r.id)).toEqual([mine.id, bos.id]);
    expect(pendingCount(b, { ...q, reviewerId: cy.id })).toBe(2);
    expect(pendingCount(b, { ...q, reviewerId: bo.id })).toBe(1);
    // Overdue requests leave the queue and the count before the sweeper gets to them.
    expect(pendingCount(b, { now: later(settings.pendingTtlMs + 1), pendingTtlMs: settings.pendingTtlMs })).toBe(0);
  });

  it('two admins approving at once: exactly one wins, the other is told to reload', () => {
    const r = newRequest();
    const seenByBo = getRequest(a, r.id)!;
    const seenByCy = getRequest(b, r.id)!;
    const first = commitStep(a, seenByBo, { kind: 'approve' }, as(bo), later(HOUR), settings);
    const second = commitStep(b, seenByCy, { kind: 'deny', reason: 'no' }, as(cy), later(HOUR), settings);
    expect(first).toMatchObject({ ok: true, request: { state: 'approved', reviewer: bo } });
    expect(second).toMatchObject({ ok: false, reason: 'conflict' });
    expect(getRequest(b, r.id)).toMatchObject({ state: 'approved', reviewer: bo, version: 2 });
  });

  it('two mints at once of one approval: one claim wins, and the request mints once', () => {
    const r = newRequest();
    expect(performStep(a, r.id, { kind: 'approve' }, as(bo), later(HOUR), settings).ok).toBe(true);
    const tabA = getRequest(a, r.id)!;
    const tabB = getRequest(b, r.id)!;
    const claimA = claimMint(a, tabA, form, as(ana), later(2 * HOUR), settings, 'claim-a');
    const claimB = claimMint(b, tabB, form, as(ana), later(2 * HOUR), settings, 'claim-b');
    expect(claimA).toMatchObject({ ok: true, request: { mintClaim: { id: 'claim-a' } } });
    expect(claimB).toMatchObject({ ok: false, reason: 'conflict' });
    expect(finishMint(b, r.id, 'claim-b', TOKEN_ID, later(2 * HOUR))).toBeUndefined();
    expect(finishMint(a, r.id, 'claim-a', TOKEN_ID, later(2 * HOUR))).toMatchObject({ state: 'minted', authorizationId: TOKEN_ID });
    // And after: a fresh load is refused by the rules, not only by the race.
    expect(claimMint(b, getRequest(b, r.id)!, form, as(ana), later(3 * HOUR), settings)).toMatchObject({ ok: false, reason: 'state' });
    expect(finishMint(a, r.id, 'claim-a', TOKEN_ID, later(3 * HOUR))).toBeUndefined();
  });

  it('a mint claim blocks changes while it runs, and is given back only by its holder', () => {
    const r = newRequest();
    performStep(a, r.id, { kind: 'approve' }, as(bo), later(HOUR), settings);
    const claimed = claimMint(a, getRequest(a, r.id)!, form, as(ana), later(HOUR), settings, 'c1');
    expect(claimed.ok).toBe(true);
    expect(performStep(b, r.id, { kind: 'change', form, justification: 'more' }, as(ana), later(HOUR), settings)).toMatchObject({
      ok: false,
      reason: 'state',
    });
    expect(releaseMintClaim(b, r.id, 'someone-else', later(HOUR))).toBe(false);
    expect(releaseMintClaim(b, r.id, 'c1', later(HOUR))).toBe(true);
    expect(claimMint(b, getRequest(b, r.id)!, form, as(ana), later(HOUR), settings).ok).toBe(true);
  });

  it('the store asks the rules: self-approval, a different form and a foreign mint are refused and change nothing', () => {
    const r = newRequest(bo);
    expect(performStep(a, r.id, { kind: 'approve' }, as(bo), later(HOUR), settings)).toMatchObject({ ok: false, reason: 'own-request' });
    expect(performStep(a, r.id, { kind: 'approve' }, as(cy), later(HOUR), settings).ok).toBe(true);
    const approved = getRequest(a, r.id)!;
    expect(claimMint(a, approved, { ...form, lifetime: { kind: 'never' } }, as(bo), later(HOUR), settings)).toMatchObject({
      ok: false,
      reason: 'form-differs',
    });
    expect(claimMint(a, approved, form, as(ana), later(HOUR), settings)).toMatchObject({ ok: false, reason: 'not-requester' });
    expect(getRequest(b, r.id)).toEqual(approved);
    expect(performStep(a, 'missing', { kind: 'approve' }, as(cy), later(HOUR), settings)).toMatchObject({ ok: false, reason: 'not-found' });
  });

  it('a narrowed approval stores the narrowed form, and a change sends it back for review', () => {
    const r = newRequest();
    const narrowed: RequestForm = { ...form, grants: [form.grants[0]!] };
    expect(
      performStep(a, r.id, { kind: 'approve-narrowed', form: narrowed, note: 'no tasks' }, as(bo), later(HOUR), settings),
    ).toMatchObject({
      ok: true,
      request: { state: 'approved-narrowed', form: narrowed, reviewNote: 'no tasks' },
    });
    const back = performStep(
      b,
      r.id,
      { kind: 'change', form, justification: 'tasks are needed after all' },
      as(ana),
      later(2 * HOUR),
      settings,
    );
    expect(back).toMatchObject({ ok: true, request: { state: 'pending', form } });
    expect(back.ok && back.request.reviewer).toBeUndefined();
    expect(back.ok && back.request.approvedFingerprint).toBeUndefined();
  });

  it('expires pending requests nobody acted on and approvals nobody used, once', () => {
    const stale = newRequest();
    const unused = newRequest();
    const fresh = createRequest(a, { form, justification: 'later', requester: ana }, later(6 * 24 * HOUR));
    performStep(a, unused.id, { kind: 'approve' }, as(bo), later(HOUR), settings);
    expect(expireDue(a, later(HOUR + settings.mintWindowMs), settings).map((r) => r.id)).toEqual([unused.id]);
    expect(expireDue(b, later(settings.pendingTtlMs), settings).map((r) => r.id)).toEqual([stale.id]);
    expect(expireDue(a, later(settings.pendingTtlMs), settings)).toEqual([]);
    expect(getRequest(a, fresh.id)!.state).toBe('pending');
    expect(getRequest(a, stale.id)!.state).toBe('expired');
  });

  it('a mint claim whose process died is never given back: the request expires after the window and lease', () => {
    const r = newRequest();
    performStep(a, r.id, { kind: 'approve' }, as(bo), t0, settings);
    const claimedAt = 24 * HOUR - 60_000;
    expect(claimMint(a, getRequest(a, r.id)!, form, as(ana), later(claimedAt), settings, 'lost').ok).toBe(true);
    expect(expireDue(a, later(24 * HOUR), settings)).toEqual([]);
    expect(expireDue(a, later(claimedAt + MINT_CLAIM_LEASE_MS - 1), settings)).toEqual([]);
    expect(expireDue(a, later(claimedAt + MINT_CLAIM_LEASE_MS), settings).map((x) => x.state)).toEqual(['expired']);
    expect(finishMint(a, r.id, 'lost', TOKEN_ID, later(claimedAt + MINT_CLAIM_LEASE_MS))).toBeUndefined();
  });

  it('two processes minting the same approved requests at once mint each exactly once', async () => {
    // Real time here: the workers use the clock, so the approvals must be fresh.
    const now = new Date();
    const N = 150;
    a.transaction(() => {
      for (let i = 0; i < N; i++) {
        const r = createRequest(a, { form, justification: 'load', requester: ana }, now, `req-${String(i).padStart(4, '0')}`);
        expect(commitStep(a, r, { kind: 'approve' }, as(bo), now, settings).ok).toBe(true);
      }
    })();
    const start = (name: string, order: 'forward' | 'reverse') => {
      const child = spawn(
        process.execPath,
        ['--conditions', 'react-server', '--import', 'tsx', join(__dirname, 'support', 'mint-worker.ts'), file, name, order],
        {
          cwd: join(__dirname, '..', '..'),
          stdio: ['pipe', 'pipe', 'inherit'],
        },
      );
      let out = '';
      const ready = new Promise<void>((resolve) =>
        child.stdout.on('data', function onData(d: Buffer) {
          out += d.toString();
          if (out.includes('ready\n')) {
            out = out.slice(out.indexOf('ready\n') + 6);
            child.stdout.off('data', onData);
            child.stdout.on('data', (more: Buffer) => (out += more.toString()));
            resolve();
          }
        }),
      );
      const done = new Promise<string[]>((resolve, reject) =>
        child.on('exit', (code) =>
          code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`worker ${name} exited ${code}`)),
        ),
      );
      return { child, ready, done };
    };
    const one = start('A', 'forward');
    const two = start('B', 'reverse');
    await Promise.all([one.ready, two.ready]);
    one.child.stdin.write('go');
    two.child.stdin.write('go');
    const [ra, rb] = await Promise.all([one.done, two.done]);
    const all = [...ra, ...rb];
    expect(all.length).toBe(N);
    expect(new Set(all).size).toBe(N);
    // Both really took part (otherwise the test proves nothing about two processes).
    expect(ra.length).toBeGreaterThan(0);
    expect(rb.length).toBeGreaterThan(0);
    const states = b.prepare(`SELECT state, COUNT(*) AS n FROM access_requests GROUP BY state`).all();
    expect(states).toEqual([{ state: 'minted', n: N }]);
  }, 60_000);
});
