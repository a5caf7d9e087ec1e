// The access request store against a real store (lib/storage/support/open-test-storage.ts), with two connections to it standing for two
// console processes (or two admins' requests served at once).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OSS_RESOURCE_TYPES } from '@/lib/permissions/resource-types';
import type { Sql } from '@/lib/storage/sql';
import { freshTestStorage, openTestStorageAt, type TestStorage } from '@/lib/storage/support/open-test-storage';
import type { Actor } from './decide-step';
import type { Person, RequestForm } from './model';
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

let store: TestStorage;
let a: Sql;
let b: Sql;

beforeEach(async () => {
  store = await freshTestStorage();
  a = store.sql;
  b = await openTestStorageAt(store.location);
});
afterEach(() => store.dispose());

const newRequest = (requester = ana) => createRequest({ form, justification: 'edge-01 needs its own token', requester }, t0, a);

describe('access request store', () => {
  it('creates and reads back the whole request, the form parsed as the schema gives it', async () => {
    const r = await newRequest();
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
    expect(await getRequest(r.id, b)).toEqual(r);
    expect(await getRequest('no-such-id', b)).toBeUndefined();
  });

  it('a viewer cannot submit a request; a creator can', async () => {
    const submission = { form, justification: 'why' };
    const viewer: Person = { id: 'local:vi', role: 'viewer' };
    expect(await submitRequest(submission, as(viewer), t0, settings, a)).toMatchObject({
      ok: false,
      reason: 'role',
      message: 'Only creators may request tokens. You are signed in as a viewer.',
    });
    expect(await requestsOf(viewer.id, a)).toEqual([]);
    expect(await submitRequest(submission, as(ana), t0, settings, a)).toMatchObject({
      ok: true,
      request: { state: 'pending', requester: ana },
    });
  });

  it('lists a requester their own requests, and admins a queue without their own, with its count', async () => {
    const mine = await newRequest();
    const bos = await createRequest({ form, justification: 'for the admin', requester: bo }, later(1), a);
    expect((await requestsOf(ana.id, b)).map((r) => r.id)).toEqual([mine.id]);
    const q = { now: later(HOUR), pendingTtlMs: settings.pendingTtlMs };
    expect((await reviewQueue({ ...q, reviewerId: bo.id }, b)).map((r) => r.id)).toEqual([mine.id]);
    expect((await reviewQueue({ ...q, reviewerId: cy.id }, b)).map((r) => r.id)).toEqual([mine.id, bos.id]);
    expect(await pendingCount({ ...q, reviewerId: cy.id }, b)).toBe(2);
    expect(await pendingCount({ ...q, reviewerId: bo.id }, b)).toBe(1);
    // Overdue requests leave the queue and the count before the sweeper gets to them.
    expect(await pendingCount({ now: later(settings.pendingTtlMs + 1), pendingTtlMs: settings.pendingTtlMs }, b)).toBe(0);
  });

  it('two admins approving at once: exactly one wins, the other is told to reload', async () => {
    const r = await newRequest();
    const seenByBo = (await getRequest(r.id, a))!;
    const seenByCy = (await getRequest(r.id, b))!;
    const [first, second] = await Promise.all([
      commitStep(seenByBo, { kind: 'approve' }, as(bo), later(HOUR), settings, a),
      commitStep(seenByCy, { kind: 'deny', reason: 'no' }, as(cy), later(HOUR), settings, b),
    ]);
    // Which one wins is the database's (PostgreSQL runs both at once); that exactly one does is the store's.
    const outcomes = [first, second];
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.find((o) => !o.ok)).toMatchObject({ ok: false, reason: 'conflict' });
    const winner = first.ok ? { state: 'approved', reviewer: bo } : { state: 'denied', reviewer: cy };
    expect(await getRequest(r.id, b)).toMatchObject({ ...winner, version: 2 });
  });

  it('two mints at once of one approval: one claim wins, and the request mints once', async () => {
    const r = await newRequest();
    expect((await performStep(r.id, { kind: 'approve' }, as(bo), later(HOUR), settings, a)).ok).toBe(true);
    const tabA = (await getRequest(r.id, a))!;
    const tabB = (await getRequest(r.id, b))!;
    const claimA = await claimMint(tabA, form, as(ana), later(2 * HOUR), settings, 'claim-a', a);
    const claimB = await claimMint(tabB, form, as(ana), later(2 * HOUR), settings, 'claim-b', b);
    expect(claimA).toMatchObject({ ok: true, request: { mintClaim: { id: 'claim-a' } } });
    expect(claimB).toMatchObject({ ok: false, reason: 'conflict' });
    expect(await finishMint(r.id, 'claim-b', TOKEN_ID, later(2 * HOUR), b)).toBeUndefined();
    expect(await finishMint(r.id, 'claim-a', TOKEN_ID, later(2 * HOUR), a)).toMatchObject({ state: 'minted', authorizationId: TOKEN_ID });
    // And after: a fresh load is refused by the rules, not only by the race.
    expect(await claimMint((await getRequest(r.id, b))!, form, as(ana), later(3 * HOUR), settings, 'claim-c', b)).toMatchObject({
      ok: false,
      reason: 'state',
    });
    expect(await finishMint(r.id, 'claim-a', TOKEN_ID, later(3 * HOUR), a)).toBeUndefined();
  });

  it('a mint claim blocks changes while it runs, and is given back only by its holder', async () => {
    const r = await newRequest();
    await performStep(r.id, { kind: 'approve' }, as(bo), later(HOUR), settings, a);
    const claimed = await claimMint((await getRequest(r.id, a))!, form, as(ana), later(HOUR), settings, 'c1', a);
    expect(claimed.ok).toBe(true);
    expect(await performStep(r.id, { kind: 'change', form, justification: 'more' }, as(ana), later(HOUR), settings, b)).toMatchObject({
      ok: false,
      reason: 'state',
    });
    expect(await releaseMintClaim(r.id, 'someone-else', later(HOUR), b)).toBe(false);
    expect(await releaseMintClaim(r.id, 'c1', later(HOUR), b)).toBe(true);
    expect((await claimMint((await getRequest(r.id, b))!, form, as(ana), later(HOUR), settings, 'c2', b)).ok).toBe(true);
  });

  it('the store asks the rules: self-approval, a different form and a foreign mint are refused and change nothing', async () => {
    const r = await newRequest(bo);
    expect(await performStep(r.id, { kind: 'approve' }, as(bo), later(HOUR), settings, a)).toMatchObject({
      ok: false,
      reason: 'own-request',
    });
    expect((await performStep(r.id, { kind: 'approve' }, as(cy), later(HOUR), settings, a)).ok).toBe(true);
    const approved = (await getRequest(r.id, a))!;
    expect(await claimMint(approved, { ...form, lifetime: { kind: 'never' } }, as(bo), later(HOUR), settings, 'x', a)).toMatchObject({
      ok: false,
      reason: 'form-differs',
    });
    expect(await claimMint(approved, form, as(ana), later(HOUR), settings, 'y', a)).toMatchObject({ ok: false, reason: 'not-requester' });
    expect(await getRequest(r.id, b)).toEqual(approved);
    expect(await performStep('missing', { kind: 'approve' }, as(cy), later(HOUR), settings, a)).toMatchObject({
      ok: false,
      reason: 'not-found',
    });
  });

  it('a narrowed approval stores the narrowed form, and a change sends it back for review', async () => {
    const r = await newRequest();
    const narrowed: RequestForm = { ...form, grants: [form.grants[0]!] };
    expect(
      await performStep(r.id, { kind: 'approve-narrowed', form: narrowed, note: 'no tasks' }, as(bo), later(HOUR), settings, a),
    ).toMatchObject({
      ok: true,
      request: { state: 'approved-narrowed', form: narrowed, reviewNote: 'no tasks' },
    });
    const back = await performStep(
      r.id,
      { kind: 'change', form, justification: 'tasks are needed after all' },
      as(ana),
      later(2 * HOUR),
      settings,
      b,
    );
    expect(back).toMatchObject({ ok: true, request: { state: 'pending', form } });
    expect(back.ok && back.request.reviewer).toBeUndefined();
    expect(back.ok && back.request.approvedFingerprint).toBeUndefined();
  });

  it('a request that is over stays over: no step leaves a final state', async () => {
    const r = await newRequest();
    expect((await performStep(r.id, { kind: 'deny', reason: 'no' }, as(bo), later(HOUR), settings, a)).ok).toBe(true);
    const denied = (await getRequest(r.id, a))!;
    for (const step of [
      { kind: 'approve' } as const,
      { kind: 'change', form, justification: 'again' } as const,
      { kind: 'withdraw' } as const,
    ]) {
      const who = step.kind === 'approve' ? cy : ana;
      expect(await commitStep(denied, step, as(who), later(2 * HOUR), settings, a)).toMatchObject({ ok: false, reason: 'state' });
    }
    expect(await getRequest(r.id, b)).toEqual(denied);
  });

  it('expires pending requests nobody acted on and approvals nobody used, once', async () => {
    const stale = await newRequest();
    const unused = await newRequest();
    const fresh = await createRequest({ form, justification: 'later', requester: ana }, later(6 * 24 * HOUR), a);
    await performStep(unused.id, { kind: 'approve' }, as(bo), later(HOUR), settings, a);
    expect((await expireDue(later(HOUR + settings.mintWindowMs), settings, a)).map((r) => r.id)).toEqual([unused.id]);
    expect((await expireDue(later(settings.pendingTtlMs), settings, b)).map((r) => r.id)).toEqual([stale.id]);
    expect(await expireDue(later(settings.pendingTtlMs), settings, a)).toEqual([]);
    expect((await getRequest(fresh.id, a))!.state).toBe('pending');
    expect((await getRequest(stale.id, a))!.state).toBe('expired');
  });

  it('a mint claim whose process died is never given back: the request expires after the window and lease', async () => {
    const r = await newRequest();
    await performStep(r.id, { kind: 'approve' }, as(bo), t0, settings, a);
    const claimedAt = 24 * HOUR - 60_000;
    expect((await claimMint((await getRequest(r.id, a))!, form, as(ana), later(claimedAt), settings, 'lost', a)).ok).toBe(true);
    expect(await expireDue(later(24 * HOUR), settings, a)).toEqual([]);
    expect(await expireDue(later(claimedAt + MINT_CLAIM_LEASE_MS - 1), settings, a)).toEqual([]);
    expect((await expireDue(later(claimedAt + MINT_CLAIM_LEASE_MS), settings, a)).map((x) => x.state)).toEqual(['expired']);
    expect(await finishMint(r.id, 'lost', TOKEN_ID, later(claimedAt + MINT_CLAIM_LEASE_MS), a)).toBeUndefined();
  });

  it('two processes minting the same approved requests at once mint each exactly once', async () => {
    // Real time here: the workers use the clock, so the approvals must be fresh.
    const now = new Date();
    const N = 150;
    await a.transaction(async (tx) => {
      for (let i = 0; i < N; i++) {
        const r = await createRequest({ form, justification: 'load', requester: ana, id: `req-${String(i).padStart(4, '0')}` }, now, tx);
        expect((await commitStep(r, { kind: 'approve' }, as(bo), now, settings, tx)).ok).toBe(true);
      }
    });
    const start = (name: string, order: 'forward' | 'reverse') => {
      const child = spawn(
        process.execPath,
        ['--conditions', 'react-server', '--import', 'tsx', join(__dirname, 'support', 'mint-worker.ts'), store.location, name, order],
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
    const states = await b.all(`SELECT state, COUNT(*) AS n FROM access_requests GROUP BY state`);
    expect(states).toEqual([{ state: 'minted', n: N }]);
  }, 60_000);
});
