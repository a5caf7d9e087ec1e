import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleUser } from '@/lib/auth/session';
import { normalisePrefill } from '@/lib/links/prefill';
import { prefillArb } from '@/lib/links/test-arbitraries';
import type { TemplateContent } from '@/lib/templates/model';
import { listAudit } from './audit';
import { freshTestStorage, openTestStorageAt, type TestStorage } from './support/open-test-storage';
import { SqlTemplateStore, TemplateStoreError } from './templates';

const admin: ConsoleUser = { id: 'local:ada', name: 'ada', email: 'ada@acme.test', role: 'admin', provider: 'local' };
const other: ConsoleUser = { id: 'oidc:42', name: 'Bo', role: 'admin', provider: 'oidc' };
const ctx = (user = admin) => ({ user, requestId: `req-${Math.random()}` });

const content = (over: Partial<TemplateContent> = {}): TemplateContent => ({
  title: 'Telegraf writer',
  purpose: 'Telegraf agents writing to telemetry',
  notes: 'One token per host.',
  prefill: {
    description: 'Telegraf on host',
    grants: [{ type: 'buckets', action: 'write', scope: { kind: 'items', names: ['telemetry'] } }],
  },
  roles: ['creator', 'admin'],
  ...over,
});

let storage: TestStorage;
beforeEach(async () => {
  storage = await freshTestStorage();
});
afterEach(() => storage.dispose());

describe('SqlTemplateStore', () => {
  it('creates version 1 and every edit makes a new version; the latest is the default', async () => {
    const db = storage.sql;
    const store = new SqlTemplateStore(db);
    const v1 = await store.create('telegraf-writer', content(), ctx());
    expect(v1).toMatchObject({ slug: 'telegraf-writer', version: 1, savedBy: { id: 'local:ada', name: 'ada', email: 'ada@acme.test' } });
    expect(v1.prefill).toEqual(content().prefill);

    const v2 = await store.update('telegraf-writer', content({ title: 'Telegraf writer (v2)', roles: ['admin'] }), 1, ctx(other));
    expect(v2.version).toBe(2);
    expect(v2.savedBy).toEqual({ id: 'oidc:42', name: 'Bo' });

    const t = await store.get('telegraf-writer');
    expect(t?.latest.version).toBe(2);
    expect(t?.latest.title).toBe('Telegraf writer (v2)');
    expect(t?.latest.roles).toEqual(['admin']);
    expect(t?.createdBy).toEqual({ id: 'local:ada', name: 'ada', email: 'ada@acme.test' });
    expect((await store.version('telegraf-writer', 1))?.title).toBe('Telegraf writer');
    expect((await store.versions('telegraf-writer')).map((v) => v.version)).toEqual([2, 1]);
    expect(await store.version('telegraf-writer', 3)).toBeUndefined();
  });

  it('refuses an edit based on an old version, a duplicate slug, and reusing a deleted slug', async () => {
    const db = storage.sql;
    const store = new SqlTemplateStore(db);
    await store.create('tw', content(), ctx());
    await store.update('tw', content({ notes: 'a' }), 1, ctx());
    await expect(store.update('tw', content({ notes: 'b' }), 1, ctx())).rejects.toMatchObject({ code: 'stale', latestVersion: 2 });
    await expect(store.create('tw', content(), ctx())).rejects.toMatchObject({ code: 'exists' });

    expect(await store.remove('tw', ctx())).toBe(true);
    expect(await store.remove('tw', ctx())).toBe(false);
    expect(await store.get('tw')).toBeUndefined();
    expect(await store.version('tw', 1)).toBeUndefined();
    expect(await store.list()).toEqual([]);
    await expect(store.create('tw', content(), ctx())).rejects.toBeInstanceOf(TemplateStoreError);
    await expect(store.create('tw', content(), ctx())).rejects.toMatchObject({ code: 'slug-retired' });
    await expect(store.update('tw', content(), 2, ctx())).rejects.toMatchObject({ code: 'not-found' });
  });

  it('keeps versions immutable at the database level', async () => {
    const db = storage.sql;
    await new SqlTemplateStore(db).create('tw', content(), ctx());
    await expect(db.run("UPDATE template_versions SET title = 'x'")).rejects.toThrow(/immutable/);
    await expect(db.run('DELETE FROM template_versions')).rejects.toThrow(/immutable/);
  });

  it('audits every change in the same transaction, with slug, version and permissions', async () => {
    const db = storage.sql;
    const store = new SqlTemplateStore(db);
    await store.create('tw', content(), { user: admin, requestId: 'r1' });
    await store.update('tw', content({ notes: 'x' }), 1, { user: admin, requestId: 'r2' });
    await store.remove('tw', { user: other, requestId: 'r3' });
    await expect(store.update('tw', content(), 2, { user: admin, requestId: 'r4' })).rejects.toThrow();
    const rows = (await listAudit(10, db)).reverse();
    expect(rows.map((r) => [r.action, r.requestId, r.actorId, r.outcome])).toEqual([
      ['template.create', 'r1', 'local:ada', 'success'],
      ['template.update', 'r2', 'local:ada', 'success'],
      ['template.delete', 'r3', 'oidc:42', 'success'],
    ]);
    expect(rows[0]!.detail).toEqual({
      template: 'tw',
      version: 1,
      title: 'Telegraf writer',
      roles: ['creator', 'admin'],
      permissions: ['write:buckets/telemetry'],
    });
    expect(rows[1]!.detail).toMatchObject({ version: 2 });

    // When the audit row cannot be written (here: its forwarding copy has nowhere to go), the
    // change does not happen either.
    await db.exec('ALTER TABLE audit_outbox RENAME TO audit_outbox_gone');
    await expect(store.create('other', content(), ctx())).rejects.toThrow(/audit_outbox/);
    expect(await store.get('other')).toBeUndefined();
  });

  it('refuses content the link grammar cannot carry', async () => {
    const store = new SqlTemplateStore(await openTestStorageAt(storage.location));
    const bad = content({ prefill: { grants: [{ type: 'dashboards', action: 'read', scope: { kind: 'items', names: ['x'] } }] } });
    await expect(store.create('bad', bad, ctx())).rejects.toThrow(/not a valid prefill/);
    await expect(store.create('none', content({ roles: [] }), ctx())).rejects.toThrow(/at least one role/);
  });

  it('property: any valid prefill reads back as saved (canonical form)', async () => {
    const db = storage.sql;
    const store = new SqlTemplateStore(db);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(prefillArb, async (p) => {
        const slug = `t-${n++}`;
        await store.create(slug, content({ prefill: p }), ctx());
        expect((await store.get(slug))?.latest.prefill).toEqual(normalisePrefill(p));
      }),
      { numRuns: 150 },
    );
  });

  it('two handles on one file (two console processes) see each other’s templates and conflicts', async () => {
    const a = new SqlTemplateStore(await openTestStorageAt(storage.location));
    const bDb = await openTestStorageAt(storage.location);
    const b = new SqlTemplateStore(bDb);
    await a.create('shared', content(), ctx());
    expect((await b.get('shared'))?.latest.version).toBe(1);
    await b.update('shared', content({ notes: 'from b' }), 1, ctx(other));
    expect((await a.get('shared'))?.latest.notes).toBe('from b');
    // Both started from version 1: the second save is refused, not silently lost.
    await expect(a.update('shared', content({ notes: 'from a' }), 1, ctx())).rejects.toMatchObject({ code: 'stale' });
    await expect(b.create('shared', content(), ctx())).rejects.toMatchObject({ code: 'exists' });
    await bDb.close();
    // And they survive closing every handle (a restart).
    const c = new SqlTemplateStore(await openTestStorageAt(storage.location));
    expect((await c.versions('shared')).map((v) => v.savedBy.id)).toEqual(['oidc:42', 'local:ada']);
  });
});

describe('SqlTemplateStore, connections', () => {
  it('keeps the connection a version was saved on; older versions belong to the default one', async () => {
    const db = storage.sql;
    const store = new SqlTemplateStore(db);
    await store.create('on-edge', { ...content(), connection: 'edge' }, ctx());
    await store.update('on-edge', content({ notes: 'moved' }), 1, ctx());
    expect((await store.version('on-edge', 1))?.connection).toBe('edge');
    expect((await store.version('on-edge', 2))?.connection).toBeUndefined();
    const rows = (await listAudit(10, db)).filter((r) => r.detail.template === 'on-edge');
    expect(rows.map((r) => r.detail.connection)).toEqual([undefined, 'edge']);
  });
});
