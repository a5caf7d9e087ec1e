import { afterEach, describe, expect, it } from 'vitest';
import { recordAudit } from './audit';
import { actionsInTrail, listAuditPage, orgsInTrail } from './audit-query';
import { testDialect, testStorages } from './support/open-test-storage';

const stores = testStorages();
afterEach(stores.disposeAll);

describe('listAuditPage', () => {
  it('pages newest first without gaps or repeats, and filters by token', async () => {
    const db = await stores.open();
    const actor = { id: 'local:ada', name: 'ada', role: 'admin' as const };
    for (let i = 0; i < 7; i++) {
      await recordAudit(
        {
          requestId: `r${i}`,
          actor,
          action: 'token.deactivate',
          outcome: 'success',
          authorizationID: i % 2 ? 'b000000000000001' : 'b000000000000002',
        },
        db,
      );
    }
    const seen: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await listAuditPage({ limit: 3, ...(before ? { before } : {}) }, db);
      seen.push(...page.rows.map((r) => r.id));
      if (!page.nextBefore) break;
      before = page.nextBefore;
    }
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
    const one = await listAuditPage({ authorizationID: 'b000000000000001' }, db);
    expect(one.rows.map((r) => r.requestId)).toEqual(['r5', 'r3', 'r1']);
    expect(one.nextBefore).toBeUndefined();
  });

  it('records the scheduler as a system actor', async () => {
    const db = await stores.open();
    await recordAudit(
      {
        requestId: 'r',
        actor: { id: 'system:scheduler', name: 'scheduler, for ada', role: 'system' },
        action: 'schedule.deactivate',
        outcome: 'success',
      },
      db,
    );
    expect((await listAuditPage({}, db)).rows[0]).toMatchObject({ actorRole: 'system', actorId: 'system:scheduler' });
  });

  it('filters by person, action, outcome, token and time, together with paging', async () => {
    const db = await stores.open();
    const ada = { id: 'local:ada', name: 'Ada', email: 'ada@example.com', role: 'admin' as const };
    const cy = { id: 'oidc:cy', name: 'Cy', role: 'creator' as const };
    for (let i = 0; i < 6; i++) {
      await recordAudit(
        {
          requestId: `a${i}`,
          actor: i % 2 ? ada : cy,
          action: i < 3 ? 'token.create' : 'auth.signin',
          outcome: i === 4 ? 'failure' : 'success',
          authorizationID: i === 1 ? 'b000000000000001' : undefined,
        },
        db,
      );
    }
    const ids = async (filter: Parameters<typeof listAuditPage>[0]) => (await listAuditPage(filter, db)).rows.map((r) => r.requestId);
    expect(await ids({ filter: { person: 'ada@example.com' } })).toEqual(['a5', 'a3', 'a1']);
    expect(await ids({ filter: { person: 'oidc:cy', action: 'token.create' } })).toEqual(['a2', 'a0']);
    expect(await ids({ filter: { person: 'Ada', outcome: 'success' } })).toEqual(['a5', 'a3', 'a1']);
    expect(await ids({ filter: { outcome: 'failure' } })).toEqual(['a4']);
    expect(await ids({ filter: { token: 'b000000000000001' } })).toEqual(['a1']);
    expect(await ids({ filter: { from: '2000-01-01T00:00:00.000Z', toExclusive: '2000-01-02T00:00:00.000Z' } })).toEqual([]);
    expect(await ids({ filter: { from: new Date(Date.now() - 60_000).toISOString() } })).toHaveLength(6);
    const first = await listAuditPage({ limit: 2, filter: { action: 'auth.signin' } }, db);
    expect(first.rows.map((r) => r.requestId)).toEqual(['a5', 'a4']);
    expect(await ids({ limit: 2, before: first.nextBefore!, filter: { action: 'auth.signin' } })).toEqual(['a3']);
    expect(await actionsInTrail(db)).toEqual(['auth.signin', 'token.create']);
  });

  // A time range alone walks the trail newest first (ids grow with time) and stops after a page;
  // SQLite picks that over the `at` index itself, so it is not asserted here.
  it.runIf(testDialect === 'sqlite')('answers each filter from an index, not by reading the whole trail', async () => {
    const db = await stores.open();
    for (const cond of ['action = ?', 'outcome = ?', 'authorization_id = ?', '(actor_id = ? OR actor_name = ? OR actor_email = ?)']) {
      const args = cond.split('?').length - 1;
      const plan = await db.all<{ detail: string }>(
        `EXPLAIN QUERY PLAN SELECT * FROM audit_events WHERE ${cond} ORDER BY id DESC LIMIT 51`,
        Array<string>(args).fill('x'),
      );
      expect(`${cond}: ${plan.map((p) => p.detail).join(' | ')}`).toMatch(/USING INDEX|USING INTEGER PRIMARY KEY|USING COVERING INDEX/);
    }
  });
});

describe('the organisation filter', () => {
  it('keeps the rows about one org and lists the orgs the trail knows', async () => {
    const db = await stores.open();
    const actor = { id: 'local:ada', name: 'ada', role: 'admin' as const };
    await recordAudit({ requestId: 'a', actor, action: 'token.create', outcome: 'success', orgID: '0a0a0a0a0a0a0a0a' }, db);
    await recordAudit({ requestId: 'b', actor, action: 'token.create', outcome: 'success', orgID: '0b0b0b0b0b0b0b0b' }, db);
    await recordAudit({ requestId: 'c', actor, action: 'auth.signin', outcome: 'success' }, db);
    await recordAudit({ requestId: 'd', actor, action: 'token.delete', outcome: 'success', orgID: '0a0a0a0a0a0a0a0a' }, db);
    const page = await listAuditPage({ filter: { org: '0a0a0a0a0a0a0a0a' } }, db);
    expect(page.rows.map((r) => r.requestId)).toEqual(['d', 'a']);
    expect(await orgsInTrail(db)).toEqual(['0a0a0a0a0a0a0a0a', '0b0b0b0b0b0b0b0b']);
    if (testDialect === 'sqlite') {
      const plan = await db.all("EXPLAIN QUERY PLAN SELECT * FROM audit_events WHERE org_id = '0a0a0a0a0a0a0a0a' ORDER BY id DESC");
      expect(JSON.stringify(plan)).toContain('audit_events_org');
    }
  });
});
