import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from './audit';
import { listAuditPage } from './audit-query';
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
      recordAudit({ requestId: `r${i}`, actor, action: 'token.deactivate', outcome: 'success', authorizationID: i % 2 ? 'b000000000000001' : 'b000000000000002' }, db);
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
    recordAudit({ requestId: 'r', actor: { id: 'system:scheduler', name: 'scheduler, for ada', role: 'system' }, action: 'schedule.deactivate', outcome: 'success' }, db);
    expect(listAuditPage({}, db).rows[0]).toMatchObject({ actorRole: 'system', actorId: 'system:scheduler' });
  });
});
