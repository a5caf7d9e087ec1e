import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from './audit';
import { actionsInTrail, listAuditPage, orgsInTrail } from './audit-query';
import { openDatabase } from './db';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'itc-audit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('listAuditPage', () => {
  it('pages newest first without gaps or repeats, and filters by token', () => {
    const db = openDatabase(join(dir, 'a.sqlite'));
    const actor = { id: 'local:ada', name: 'ada', role: 'admin' as const };
    for (let i = 0; i < 7; i++) {
      recordAudit(
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
      const page = listAuditPage({ limit: 3, ...(before ? { before } : {}) }, db);
      seen.push(...page.rows.map((r) => r.id));
      if (!page.nextBefore) break;
      before = page.nextBefore;
    }
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
    const one = listAuditPage({ authorizationID: 'b000000000000001' }, db);
    expect(one.rows.map((r) => r.requestId)).toEqual(['r5', 'r3', 'r1']);
    expect(one.nextBefore).toBeUndefined();
  });

  it('records the scheduler as a system actor', () => {
    const db = openDatabase(join(dir, 'b.sqlite'));
    recordAudit(
      {
        requestId: 'r',
        actor: { id: 'system:scheduler', name: 'scheduler, for ada', role: 'system' },
        action: 'schedule.deactivate',
        outcome: 'success',
      },
      db,
    );
    expect(listAuditPage({}, db).rows[0]).toMatchObject({ actorRole: 'system', actorId: 'system:scheduler' });
  });

  it('filters by person, action, outcome, token and time, together with paging', () => {
    const db = openDatabase(join(dir, 'c.sqlite'));
    const ada = { id: 'local:ada', name: 'Ada', email: 'ada@example.com', role: 'admin' as const };
    const cy = { id: 'oidc:cy', name: 'Cy', role: 'creator' as const };
    for (let i = 0; i < 6; i++) {
      recordAudit(
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
    const ids = (filter: Parameters<typeof listAuditPage>[0]) => listAuditPage(filter, db).rows.map((r) => r.requestId);
    expect(ids({ filter: { person: 'ada@example.com' } })).toEqual(['a5', 'a3', 'a1']);
    expect(ids({ filter: { person: 'oidc:cy', action: 'token.create' } })).toEqual(['a2', 'a0']);
    expect(ids({ filter: { person: 'Ada', outcome: 'success' } })).toEqual(['a5', 'a3', 'a1']);
    expect(ids({ filter: { outcome: 'failure' } })).toEqual(['a4']);
    expect(ids({ filter: { token: 'b000000000000001' } })).toEqual(['a1']);
    expect(ids({ filter: { from: '2000-01-01T00:00:00.000Z', toExclusive: '2000-01-02T00:00:00.000Z' } })).toEqual([]);
    expect(ids({ filter: { from: new Date(Date.now() - 60_000).toISOString() } })).toHaveLength(6);
    const first = listAuditPage({ limit: 2, filter: { action: 'auth.signin' } }, db);
    expect(first.rows.map((r) => r.requestId)).toEqual(['a5', 'a4']);
    expect(ids({ limit: 2, before: first.nextBefore!, filter: { action: 'auth.signin' } })).toEqual(['a3']);
    expect(actionsInTrail(db)).toEqual(['auth.signin', 'token.create']);
  });

  // A time range alone walks the trail newest first (ids grow with time) and stops after a page;
  // SQLite picks that over the `at` index itself, so it is not asserted here.
  it('answers each filter from an index, not by reading the whole trail', () => {
    const db = openDatabase(join(dir, 'd.sqlite'));
    for (const cond of ['action = ?', 'outcome = ?', 'authorization_id = ?', '(actor_id = ? OR actor_name = ? OR actor_email = ?)']) {
      const args = cond.split('?').length - 1;
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT * FROM audit_events WHERE ${cond} ORDER BY id DESC LIMIT 51`)
        .all(...Array(args).fill('x')) as { detail: string }[];
      expect(`${cond}: ${plan.map((p) => p.detail).join(' | ')}`).toMatch(/USING INDEX|USING INTEGER PRIMARY KEY|USING COVERING INDEX/);
    }
  });
});

describe('the organisation filter', () => {
  it('keeps the rows about one org and lists the orgs the trail knows', () => {
    const db = openDatabase(join(dir, 'org.sqlite'));
    const actor = { id: 'local:ada', name: 'ada', role: 'admin' as const };
    recordAudit({ requestId: 'a', actor, action: 'token.create', outcome: 'success', orgID: '0a0a0a0a0a0a0a0a' }, db);
    recordAudit({ requestId: 'b', actor, action: 'token.create', outcome: 'success', orgID: '0b0b0b0b0b0b0b0b' }, db);
    recordAudit({ requestId: 'c', actor, action: 'auth.signin', outcome: 'success' }, db);
    recordAudit({ requestId: 'd', actor, action: 'token.delete', outcome: 'success', orgID: '0a0a0a0a0a0a0a0a' }, db);
    const page = listAuditPage({ filter: { org: '0a0a0a0a0a0a0a0a' } }, db);
    expect(page.rows.map((r) => r.requestId)).toEqual(['d', 'a']);
    expect(orgsInTrail(db)).toEqual(['0a0a0a0a0a0a0a0a', '0b0b0b0b0b0b0b0b']);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM audit_events WHERE org_id = '0a0a0a0a0a0a0a0a' ORDER BY id DESC").all();
    expect(JSON.stringify(plan)).toContain('audit_events_org');
    db.close();
  });
});
