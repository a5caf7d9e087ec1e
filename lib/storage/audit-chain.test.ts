import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from './audit';
import { verifyChain } from './audit-chain';
import { backfillAuditChain } from './audit-chain-backfill';
import { pruneAudit } from './audit-retention';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import type { Sql } from './sql';
import {
  commandEnv,
  dropAuditGuards,
  emptyTestStorage,
  freshTestStorage,
  openTestStorageAt,
  type TestStorage,
} from './support/open-test-storage';

const run = promisify(execFile);
const actor = { id: 'local:ada', name: 'ada', role: 'admin' as const };

let store: TestStorage;
beforeEach(async () => {
  store = await freshTestStorage();
});
afterEach(() => store.dispose());

async function trail(rows: number): Promise<Sql> {
  const db = store.sql;
  for (let i = 1; i <= rows; i++) {
    await recordAudit(
      {
        requestId: `r${i}`,
        actor,
        action: i % 2 ? 'token.create' : 'token.deactivate',
        outcome: 'success',
        authorizationID: `a${i}`,
        detail: { n: i },
      },
      db,
    );
  }
  return db;
}

/** What someone with write access to the database can do: the triggers are no obstacle to them. */
async function tamper(db: Sql, statement: string) {
  await dropAuditGuards(db);
  await db.run(statement);
}

async function verifyCommand(): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
      env: { ...process.env, ...commandEnv(store.location) },
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, out: e.stderr };
  }
}

describe('audit hash chain', () => {
  it('links each row to the one before it, and the command reports an intact trail with its count', async () => {
    const db = await trail(5);
    const rows = await db.all<{ id: number; prev_hash: string; hash: string }>('SELECT id, prev_hash, hash FROM audit_events ORDER BY id');
    expect(rows[0]!.prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(await verifyChain(db)).toMatchObject({ ok: true, count: 5 });
    const result = await verifyCommand();
    expect(result.code).toBe(0);
    expect(result.out).toContain('5 rows verified');
  });

  it('the command names the row changed directly in the database', async () => {
    const db = await trail(6);
    await tamper(db, "UPDATE audit_events SET actor_name = 'mallory' WHERE id = 4");
    const { at } = (await db.get<{ at: string }>('SELECT at FROM audit_events WHERE id = 4'))!;
    const result = await verifyCommand();
    expect(result.code).toBe(1);
    expect(result.out).toContain(`row 4 (${at}, token.deactivate)`);
    expect(result.out).toContain('content does not match');
  });

  it('the command names the row after one deleted in the middle', async () => {
    const db = await trail(6);
    await tamper(db, 'DELETE FROM audit_events WHERE id = 3');
    const result = await verifyCommand();
    expect(result.code).toBe(1);
    expect(result.out).toContain('row 4 ');
    expect(result.out).toContain('2 rows before it fit');
  });

  it('finds a row rehashed to fit by its successor, and a removed first row', async () => {
    const db = await trail(4);
    await tamper(db, "UPDATE audit_events SET outcome = 'failure', hash = 'f' || substr(hash, 2) WHERE id = 2");
    expect(await verifyChain(db)).toMatchObject({ ok: false, row: { id: 2 } });
    const second = await freshTestStorage();
    try {
      const other = second.sql;
      await recordAudit({ requestId: 'x', actor, action: 'a', outcome: 'success' }, other);
      await recordAudit({ requestId: 'y', actor, action: 'b', outcome: 'success' }, other);
      await tamper(other, 'DELETE FROM audit_events WHERE id = 1');
      expect(await verifyChain(other)).toMatchObject({ ok: false, row: { id: 2 } });
    } finally {
      await second.dispose();
    }
  });

  it('the database itself refuses updates and deletes of chained rows', async () => {
    const db = await trail(2);
    await expect(db.run("UPDATE audit_events SET action = 'x' WHERE id = 1")).rejects.toThrow(/append-only/);
    await expect(db.run('DELETE FROM audit_events WHERE id = 1')).rejects.toThrow(/append-only/);
  });

  it('hashes rows written before the chain existed when migrating', async () => {
    const old = await emptyTestStorage();
    try {
      const db = old.sql;
      await migrate(
        db,
        MIGRATIONS.filter((m) => m.id < 5),
      );
      const insert = (at: string) =>
        db.run(
          "INSERT INTO audit_events (at, request_id, actor_id, actor_role, action, outcome) VALUES (?, 'r', 'local:ada', 'admin', 'token.create', 'success')",
          [at],
        );
      await insert('2026-01-01T00:00:00.000Z');
      await insert('2026-01-02T00:00:00.000Z');
      await migrate(db);
      await recordAudit({ requestId: 'new', actor, action: 'token.delete', outcome: 'success' }, db);
      expect(await verifyChain(db)).toMatchObject({ ok: true, count: 3 });
      await expect(db.run("UPDATE audit_events SET action = 'x' WHERE id = 1")).rejects.toThrow(/append-only/);
    } finally {
      await old.dispose();
    }
  });
});

describe('audit retention', () => {
  async function backdate(db: Sql, ats: string[]) {
    await dropAuditGuards(db, ['update']);
    // Rehash from the start so the backdated trail is a valid chain, as if written on those days.
    for (const [i, at] of ats.entries()) await db.run('UPDATE audit_events SET at = ? WHERE id = ?', [at, i + 1]);
    await db.run('UPDATE audit_events SET prev_hash = NULL, hash = NULL');
    await backfillAuditChain(db);
  }

  it('prunes older rows, records the anchor, and the chain verifies from the oldest kept row', async () => {
    const db = await trail(5);
    await backdate(db, [
      '2026-01-01T00:00:00Z',
      '2026-01-02T00:00:00Z',
      '2026-01-03T00:00:00Z',
      '2026-01-10T00:00:00Z',
      '2026-01-11T00:00:00Z',
    ]);
    expect(await pruneAudit(new Date('2026-01-05T00:00:00Z'), db)).toEqual({ pruned: 3, firstKeptId: 4 });
    expect((await db.all<{ id: number }>('SELECT id FROM audit_events ORDER BY id')).map((r) => r.id)).toEqual([4, 5]);
    await recordAudit({ requestId: 'after', actor, action: 'token.create', outcome: 'success' }, db);
    expect(await verifyChain(db)).toMatchObject({ ok: true, count: 3 });
    // Below the anchor is gone; at or above it the trigger still refuses.
    await expect(db.run('DELETE FROM audit_events WHERE id = 4')).rejects.toThrow(/append-only/);
    expect((await verifyCommand()).code).toBe(0);

    const again = await openTestStorageAt(store.location);
    await tamper(again, "UPDATE audit_events SET detail = '{}' WHERE id = 5");
    const broken = await verifyCommand();
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('row 5 ');
  });

  it('finds the oldest kept row removed after pruning', async () => {
    const db = await trail(4);
    await backdate(db, ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-10T00:00:00Z', '2026-01-11T00:00:00Z']);
    await pruneAudit(new Date('2026-01-05T00:00:00Z'), db);
    await tamper(db, 'DELETE FROM audit_events WHERE id = 3');
    expect(await verifyChain(db)).toMatchObject({ ok: false, row: { id: 4 } });
  });

  it('pruning everything leaves an anchor the next row continues from; nothing to prune changes nothing', async () => {
    const db = await trail(3);
    expect(await pruneAudit(new Date('2000-01-01T00:00:00Z'), db)).toEqual({ pruned: 0 });
    expect(await pruneAudit(new Date(Date.now() + 60_000), db)).toEqual({ pruned: 3, firstKeptId: 4 });
    expect(await verifyChain(db)).toMatchObject({ ok: true, count: 0 });
    await recordAudit({ requestId: 'next', actor, action: 'token.create', outcome: 'success' }, db);
    expect(await db.all('SELECT id FROM audit_events')).toEqual([{ id: 4 }]);
    expect(await verifyChain(db)).toMatchObject({ ok: true, count: 1 });
  });
});
