import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from './audit';
import { verifyChain } from './audit-chain';
import { backfillAuditChain } from './audit-chain-backfill';
import { pruneAudit } from './audit-retention';
import { migrate, openDatabase } from './db';
import { MIGRATIONS } from './migrations';

const run = promisify(execFile);
const actor = { id: 'local:ada', name: 'ada', role: 'admin' as const };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'itc-chain-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function trail(rows: number): Database.Database {
  const db = openDatabase(join(dir, 'console.sqlite'));
  for (let i = 1; i <= rows; i++) {
    recordAudit(
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

/** What someone with write access to the file can do: the triggers are no obstacle to them. */
function tamper(db: Database.Database, sql: string, ...args: unknown[]) {
  db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
  db.prepare(sql).run(...args);
}

async function verifyCommand(): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
      env: { ...process.env, CONSOLE_DATA_DIR: dir },
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, out: e.stderr };
  }
}

describe('audit hash chain', () => {
  it('links each row to the one before it, and the command reports an intact trail with its count', async () => {
    const db = trail(5);
    const rows = db.prepare('SELECT id, prev_hash, hash FROM audit_events ORDER BY id').all() as {
      id: number;
      prev_hash: string;
      hash: string;
    }[];
    expect(rows[0]!.prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(verifyChain(db)).toMatchObject({ ok: true, count: 5 });
    db.close();
    const result = await verifyCommand();
    expect(result.code).toBe(0);
    expect(result.out).toContain('5 rows verified');
  });

  it('the command names the row changed directly in the database', async () => {
    const db = trail(6);
    tamper(db, "UPDATE audit_events SET actor_name = 'mallory' WHERE id = 4");
    const at = (db.prepare('SELECT at FROM audit_events WHERE id = 4').get() as { at: string }).at;
    db.close();
    const result = await verifyCommand();
    expect(result.code).toBe(1);
    expect(result.out).toContain(`row 4 (${at}, token.deactivate)`);
    expect(result.out).toContain('content does not match');
  });

  it('the command names the row after one deleted in the middle', async () => {
    const db = trail(6);
    tamper(db, 'DELETE FROM audit_events WHERE id = 3');
    db.close();
    const result = await verifyCommand();
    expect(result.code).toBe(1);
    expect(result.out).toContain('row 4 ');
    expect(result.out).toContain('2 rows before it fit');
  });

  it('finds a row rehashed to fit by its successor, and a removed first row', () => {
    const db = trail(4);
    tamper(db, "UPDATE audit_events SET outcome = 'failure', hash = 'f' || substr(hash, 2) WHERE id = 2");
    expect(verifyChain(db)).toMatchObject({ ok: false, row: { id: 2 } });
    const other = new Database(join(dir, 'b.sqlite'));
    migrate(other);
    recordAudit({ requestId: 'x', actor, action: 'a', outcome: 'success' }, other);
    recordAudit({ requestId: 'y', actor, action: 'b', outcome: 'success' }, other);
    tamper(other, 'DELETE FROM audit_events WHERE id = 1');
    expect(verifyChain(other)).toMatchObject({ ok: false, row: { id: 2 } });
  });

  it('the database itself refuses updates and deletes of chained rows', () => {
    const db = trail(2);
    expect(() => db.prepare("UPDATE audit_events SET action = 'x' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_events WHERE id = 1').run()).toThrow(/append-only/);
  });

  it('hashes rows written before the chain existed when migrating', () => {
    const db = new Database(join(dir, 'old.sqlite'));
    db.exec('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of MIGRATIONS.filter((m) => m.id < 5)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.id, m.name, 'then');
    }
    const insert = db.prepare(
      "INSERT INTO audit_events (at, request_id, actor_id, actor_role, action, outcome) VALUES (?, 'r', 'local:ada', 'admin', 'token.create', 'success')",
    );
    insert.run('2026-01-01T00:00:00.000Z');
    insert.run('2026-01-02T00:00:00.000Z');
    migrate(db);
    recordAudit({ requestId: 'new', actor, action: 'token.delete', outcome: 'success' }, db);
    expect(verifyChain(db)).toMatchObject({ ok: true, count: 3 });
    expect(() => db.prepare("UPDATE audit_events SET action = 'x' WHERE id = 1").run()).toThrow(/append-only/);
  });
});

describe('audit retention', () => {
  function backdate(db: Database.Database, ats: string[]) {
    db.exec('DROP TRIGGER audit_events_no_update');
    // Rehash from the start so the backdated trail is a valid chain, as if written on those days.
    ats.forEach((at, i) => db.prepare('UPDATE audit_events SET at = ? WHERE id = ?').run(at, i + 1));
    db.exec('UPDATE audit_events SET prev_hash = NULL, hash = NULL');
    backfillAuditChain(db);
  }

  it('prunes older rows, records the anchor, and the chain verifies from the oldest kept row', async () => {
    const db = trail(5);
    backdate(db, ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z', '2026-01-10T00:00:00Z', '2026-01-11T00:00:00Z']);
    expect(pruneAudit(new Date('2026-01-05T00:00:00Z'), db)).toEqual({ pruned: 3, firstKeptId: 4 });
    expect((db.prepare('SELECT id FROM audit_events ORDER BY id').all() as { id: number }[]).map((r) => r.id)).toEqual([4, 5]);
    recordAudit({ requestId: 'after', actor, action: 'token.create', outcome: 'success' }, db);
    expect(verifyChain(db)).toMatchObject({ ok: true, count: 3 });
    // Below the anchor is gone; at or above it the trigger still refuses.
    expect(() => db.prepare('DELETE FROM audit_events WHERE id = 4').run()).toThrow(/append-only/);
    db.close();
    expect((await verifyCommand()).code).toBe(0);

    const again = new Database(join(dir, 'console.sqlite'));
    tamper(again, "UPDATE audit_events SET detail = '{}' WHERE id = 5");
    again.close();
    const broken = await verifyCommand();
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('row 5 ');
  });

  it('finds the oldest kept row removed after pruning', () => {
    const db = trail(4);
    backdate(db, ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-10T00:00:00Z', '2026-01-11T00:00:00Z']);
    pruneAudit(new Date('2026-01-05T00:00:00Z'), db);
    tamper(db, 'DELETE FROM audit_events WHERE id = 3');
    expect(verifyChain(db)).toMatchObject({ ok: false, row: { id: 4 } });
  });

  it('pruning everything leaves an anchor the next row continues from; nothing to prune changes nothing', () => {
    const db = trail(3);
    expect(pruneAudit(new Date('2000-01-01T00:00:00Z'), db)).toEqual({ pruned: 0 });
    expect(pruneAudit(new Date(Date.now() + 60_000), db)).toEqual({ pruned: 3, firstKeptId: 4 });
    expect(verifyChain(db)).toMatchObject({ ok: true, count: 0 });
    recordAudit({ requestId: 'next', actor, action: 'token.create', outcome: 'success' }, db);
    expect(db.prepare('SELECT id FROM audit_events').all()).toEqual([{ id: 4 }]);
    expect(verifyChain(db)).toMatchObject({ ok: true, count: 1 });
  });
});
