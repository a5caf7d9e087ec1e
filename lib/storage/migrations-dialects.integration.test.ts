// The migrations on both dialects: SQLite's text and the `postgres:` overrides build the same
// tables and columns, and the refusals SQLite's triggers make (append-only audit trail, immutable
// template versions, pruning only below the retention anchor) hold on a real PostgreSQL too.
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresInstance } from '@/scripts/postgres/harness';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { PgSql } from './postgres';
import type { Sql } from './sql';
import { SqliteSql } from './sqlite';

let server: PostgresInstance;
let admin: pg.Client;
let databases = 0;
const opened: Sql[] = [];

beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
});

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await admin?.end();
  await server?.stop();
});

async function freshPostgres(): Promise<Sql> {
  const name = `migrations_${++databases}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const sql = new PgSql({ url: server.url.replace(/\/postgres$/, `/${name}`) });
  opened.push(sql);
  return sql;
}

async function freshSqlite(): Promise<Sql> {
  const sql = new SqliteSql(new Database(':memory:'));
  opened.push(sql);
  return sql;
}

/** The console's runner (lib/storage/migrate.ts), on the migrations from `from` to `to`. */
function applyMigrations(sql: Sql, from = 1, to = Infinity): Promise<void> {
  return migrate(
    sql,
    MIGRATIONS.filter((m) => m.id >= from && m.id <= to),
  );
}

async function columns(sql: Sql): Promise<Record<string, string[]>> {
  const rows =
    sql.dialect === 'postgres'
      ? await sql.all<{ t: string; c: string }>(
          "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
        )
      : await sql.all<{ t: string; c: string }>(
          "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid",
        );
  const out: Record<string, string[]> = {};
  for (const { t, c } of rows) (out[t] ??= []).push(c);
  return out;
}

async function indexes(sql: Sql): Promise<string[]> {
  const rows =
    sql.dialect === 'postgres'
      ? await sql.all<{ name: string }>(
          // Not the indexes behind PRIMARY KEY and UNIQUE constraints: SQLite's own for them
          // (sqlite_autoindex_*) are left out below too.
          `SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public'
           AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))`,
        )
      : await sql.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'");
  return rows.map((r) => r.name).sort();
}

const auditRow = (id: number, detail: object = { connection: 'default' }) => [
  id,
  `2026-11-30T12:00:0${id}.000Z`,
  `req-${id}`,
  'alice',
  'admin',
  'token.create',
  'ok',
  JSON.stringify(detail),
  'prev',
  'hash',
];
const insertAudit =
  'INSERT INTO audit_events (id, at, request_id, actor_id, actor_role, action, outcome, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

describe('migrations on PostgreSQL', () => {
  it('build the same tables, columns and indexes as on SQLite', async () => {
    const [lite, pgsql] = [await freshSqlite(), await freshPostgres()];
    await applyMigrations(lite);
    await applyMigrations(pgsql);
    const expected = await columns(lite);
    expect(Object.keys(expected)).toContain('audit_events');
    expect(await columns(pgsql)).toEqual(expected);
    expect(await indexes(pgsql)).toEqual(await indexes(lite));
  });

  it('store epoch ms and ids past 2^31 (BIGINT where SQLite said INTEGER)', async () => {
    const sql = await freshPostgres();
    await applyMigrations(sql);
    const dueAt = Date.UTC(2030, 0, 1);
    await sql.run(
      `INSERT INTO scheduled_deactivations (id, org_id, authorization_id, due_at, created_at, requested_by_id, requested_by_role, request_id, claimed_at, expires_at)
       VALUES (?, 'o', 'a', ?, 'now', 'u', 'admin', 'r', ?, ?)`,
      [2 ** 40, dueAt, dueAt, dueAt],
    );
    expect(await sql.get('SELECT id, due_at, claimed_at, expires_at FROM scheduled_deactivations')).toEqual({
      id: 2 ** 40,
      due_at: dueAt,
      claimed_at: dueAt,
      expires_at: dueAt,
    });
    // Identity columns hand out ids when none is given, as AUTOINCREMENT does.
    const { id } = (await sql.get<{ id: number }>("INSERT INTO audit_outbox (audit_id, at, payload) VALUES (?, 'now', '{}') RETURNING id", [
      2 ** 40,
    ]))!;
    expect(id).toBe(1);
  });

  it('filter audit rows by connection, through the index on PostgreSQL', async () => {
    for (const sql of [await freshSqlite(), await freshPostgres()]) {
      await applyMigrations(sql);
      await sql.run(insertAudit, auditRow(1, { connection: 'eu' }));
      await sql.run(insertAudit, auditRow(2));
      // Rows from before connections existed name none: they belong to 'default'.
      await sql.run(insertAudit, auditRow(3, {}));
      const connection =
        sql.dialect === 'postgres'
          ? "COALESCE((detail::jsonb) ->> 'connection', 'default')"
          : "COALESCE(json_extract(detail, '$.connection'), 'default')";
      const filter = `SELECT id FROM audit_events WHERE ${connection} = ? ORDER BY id`;
      expect(await sql.all(filter, ['eu'])).toEqual([{ id: 1 }]);
      expect(await sql.all(filter, ['default'])).toEqual([{ id: 2 }, { id: 3 }]);
      if (sql.dialect === 'postgres') {
        const plan = await sql.transaction(async (tx) => {
          await tx.exec('SET LOCAL enable_seqscan = off');
          return tx.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${filter}`, ['eu']);
        });
        expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('audit_events_connection');
      }
    }
  });
});

describe.each([
  ['sqlite', freshSqlite],
  ['postgres', freshPostgres],
] as const)('the audit trail and template versions refuse changes on %s', (_dialect, fresh) => {
  it('refuses UPDATE and DELETE of audit rows, and of anchors', async () => {
    const sql = await fresh();
    await applyMigrations(sql);
    await sql.run(insertAudit, auditRow(1));
    await expect(sql.run("UPDATE audit_events SET outcome = 'forged'")).rejects.toThrow('audit events are append-only');
    await expect(sql.run('DELETE FROM audit_events')).rejects.toThrow('audit events are append-only');
    await sql.run(
      "INSERT INTO audit_anchors (first_kept_id, prev_hash, pruned_at, pruned_rows, older_than) VALUES (1, 'h', 'now', 0, 'then')",
    );
    await expect(sql.run('UPDATE audit_anchors SET first_kept_id = 99')).rejects.toThrow('audit anchors are append-only');
    await expect(sql.run('DELETE FROM audit_anchors')).rejects.toThrow('audit anchors are append-only');
    expect(await sql.all('SELECT id, outcome FROM audit_events')).toEqual([{ id: 1, outcome: 'ok' }]);
  });

  it('lets retention delete only the rows below the latest anchor', async () => {
    const sql = await fresh();
    await applyMigrations(sql);
    for (const id of [1, 2, 3]) await sql.run(insertAudit, auditRow(id));
    // The retention path (audit-retention.ts): the anchor first, then the rows below it, in one transaction.
    await sql.transaction(async (tx) => {
      await tx.run(
        "INSERT INTO audit_anchors (first_kept_id, prev_hash, pruned_at, pruned_rows, older_than) VALUES (?, 'h', 'now', 2, 'then')",
        [3],
      );
      expect(await tx.run('DELETE FROM audit_events WHERE id < ?', [3])).toEqual({ changes: 2 });
    });
    await expect(sql.run('DELETE FROM audit_events WHERE id = ?', [3])).rejects.toThrow(
      'only rows below the retention anchor may be pruned',
    );
    expect(await sql.all('SELECT id FROM audit_events')).toEqual([{ id: 3 }]);
  });

  it('refuses UPDATE and DELETE of a template version', async () => {
    const sql = await fresh();
    await applyMigrations(sql);
    await sql.run(
      "INSERT INTO templates (slug, created_at, created_by_id, created_by_name, latest_version) VALUES ('t', 'now', 'u', 'U', 1)",
    );
    await sql.run(
      "INSERT INTO template_versions (slug, version, title, purpose, notes, prefill, roles, saved_at, saved_by_id, saved_by_name) VALUES ('t', 1, 'T', 'p', 'n', 'v=1', 'admin', 'now', 'u', 'U')",
    );
    await expect(sql.run("UPDATE template_versions SET prefill = 'v=1&p=write:buckets'")).rejects.toThrow(
      'template versions are immutable',
    );
    await expect(sql.run('DELETE FROM template_versions')).rejects.toThrow('template versions are immutable');
  });
});

describe('PostgreSQL only', () => {
  it('refuses TRUNCATE of the audit trail, which skips row triggers', async () => {
    const sql = await freshPostgres();
    await applyMigrations(sql);
    await sql.run(insertAudit, auditRow(1));
    await expect(sql.exec('TRUNCATE audit_events')).rejects.toThrow('audit events are append-only');
    await expect(sql.exec('TRUNCATE audit_anchors')).rejects.toThrow('audit anchors are append-only');
    expect(await sql.get('SELECT COUNT(*) AS n FROM audit_events')).toEqual({ n: 1 });
  });

  it('leaves the schema as it was when a migration fails halfway', async () => {
    const sql = await freshPostgres();
    await applyMigrations(sql, 1, 4);
    const before = await columns(sql);
    const broken = {
      id: 99,
      name: 'broken',
      sql: 'SELECT 1',
      postgres: `
        CREATE TABLE half_done (id TEXT PRIMARY KEY);
        ALTER TABLE templates ADD COLUMN extra TEXT;
        CREATE INDEX broken ON no_such_table(x);
      `,
    };
    await expect(migrate(sql, [broken])).rejects.toThrow(/migration 99 \(broken\) failed and was rolled back: .*no_such_table/);
    expect(await columns(sql)).toEqual(before);
    expect(await sql.all('SELECT id FROM schema_migrations ORDER BY id')).toEqual([1, 2, 3, 4].map((id) => ({ id })));
    // And the next migrations still apply on top.
    await applyMigrations(sql, 5);
    expect(Object.keys(await columns(sql))).toContain('audit_anchors');
  });
});
