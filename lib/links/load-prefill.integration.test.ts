// The builder's entry point, loadBuilderPrefill, wired as in production (configuration from the
// environment, the console's SQLite database, a templates file) against a real influxd 2.9.1.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUser } from '@/lib/auth/session';
import type { TemplateContent } from '@/lib/templates/model';
import { startInfluxd, type InfluxInstance } from '@/scripts/influxd/harness';
import { createBuckets } from '@/scripts/influxd/operator';

let inst: InfluxInstance;
let dir: string;
type Mod = typeof import('./load-prefill');
let load: Mod['loadBuilderPrefill'];
let store: ReturnType<(typeof import('@/lib/storage/templates'))['templateStore']>;

const admin: ConsoleUser = { id: 'local:ada', name: 'ada', email: 'ada@acme.test', role: 'admin', provider: 'local' };
const creator: ConsoleUser = { id: 'local:cy', name: 'cy', role: 'creator', provider: 'local' };
const change = { user: admin, requestId: 'test' };

const content = (over: Partial<TemplateContent> = {}): TemplateContent => ({
  title: 'Telegraf writer',
  purpose: 'Agents',
  notes: '',
  prefill: {
    description: 'Telegraf',
    grants: [
      { type: 'buckets', action: 'write', scope: { kind: 'items', names: ['telemetry'] } },
      { type: 'buckets', action: 'read', scope: { kind: 'items', names: ['telemetry'] } },
    ],
  },
  roles: ['creator', 'admin'],
  ...over,
});

beforeAll(async () => {
  inst = await startInfluxd();
  await createBuckets(inst, ['iot-center']);
  dir = mkdtempSync(join(tmpdir(), 'load-prefill-'));
  const templatesFile = join(dir, 'templates.json');
  writeFileSync(
    templatesFile,
    JSON.stringify({
      templates: [{ slug: 'from-git', version: 5, title: 'From git', permissions: ['read:dashboards'], updatedBy: 'ops@acme.test' }],
    }),
  );
  Object.assign(process.env, {
    INFLUX_URL: inst.url,
    INFLUX_TOKEN: inst.consoleToken,
    INFLUX_TOKEN_ID: inst.consoleTokenID,
    INFLUX_ORG: inst.org,
    INFLUX_TIMEOUT_MS: '2000',
    AUTH_SECRET: 'integration-auth-secret-0123456789abcdef',
    CONSOLE_USERS_FILE: join(dir, 'users.json'),
    CONSOLE_DATA_DIR: join(dir, 'data'),
    CONSOLE_TEMPLATES_FILE: templatesFile,
  });
  load = (await import('./load-prefill')).loadBuilderPrefill;
  store = (await import('@/lib/storage/templates')).templateStore();
});
afterAll(async () => {
  await inst?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('loadBuilderPrefill', () => {
  it('returns null for a plain visit', async () => {
    expect(await load({}, creator)).toBeNull();
  });

  it('a template link: latest version by default, with its origin, resolved for the person', async () => {
    await store.create('telegraf-writer', content(), change);
    await store.update(
      'telegraf-writer',
      content({
        prefill: {
          description: 'Telegraf v2',
          grants: [
            { type: 'buckets', action: 'write', scope: { kind: 'items', names: ['telemetry', 'gone'] } },
            { type: 'authorizations', action: 'write', scope: { kind: 'all' } },
          ],
        },
      }),
      1,
      change,
    );
    const r = (await load({ template: 'telegraf-writer' }, creator))!;
    expect(r.origin).toEqual({
      kind: 'template',
      slug: 'telegraf-writer',
      title: 'Telegraf writer',
      version: 2,
      latestVersion: 2,
      pinned: false,
      author: 'ada@acme.test',
      savedAt: expect.any(String),
      source: 'database',
    });
    expect(r.problem).toBeUndefined();
    expect(r.resolved?.description).toBe('Telegraf v2');
    expect(r.resolved?.grants).toEqual([
      { type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: inst.bucketID, name: 'telemetry' }] } },
    ]);
    // Flagged as asked, and listed as not applied for a creator.
    expect(r.requestedSensitive.map((f) => `${f.action}:${f.type}`)).toEqual(['write:authorizations']);
    expect(r.notApplied).toEqual([
      { part: 'p=write:authorizations', reason: expect.stringMatching(/^only admins may grant this/) },
      { part: 'p=write:buckets/gone', reason: 'no bucket named “gone” in org acme' },
    ]);

    // Pinned to version 1: exactly that version.
    const v1 = (await load('/tokens/new?template=telegraf-writer&version=1', creator))!;
    expect(v1.origin).toMatchObject({ kind: 'template', version: 1, latestVersion: 2, pinned: true });
    expect(v1.resolved?.description).toBe('Telegraf');
    expect(v1.notApplied).toEqual([]);
    expect(v1.resolved?.grants.map((g) => `${g.action}:${g.type}`)).toEqual(['read:buckets', 'write:buckets']);
  });

  it('a missing version, a deleted template and an admins-only template are not applied, with reasons', async () => {
    const missing = (await load({ template: 'telegraf-writer', version: '9' }, creator))!;
    expect(missing.origin).toEqual({ kind: 'link' });
    expect(missing.resolved?.grants).toEqual([]);
    expect(missing.notApplied).toEqual([
      { part: 'template=telegraf-writer&version=9', reason: 'template “telegraf-writer” has no version 9; the latest is 2' },
    ]);

    await store.create('admins-only', content({ roles: ['admin'] }), change);
    const refused = (await load({ template: 'admins-only' }, creator))!;
    expect(refused.origin).toMatchObject({ kind: 'template', slug: 'admins-only' });
    expect(refused.resolved?.grants).toEqual([]);
    expect(refused.notApplied).toEqual([
      { part: 'template=admins-only', reason: 'template “admins-only” is for admins only; ask an admin' },
    ]);
    expect((await load({ template: 'admins-only' }, admin))!.resolved?.grants).toHaveLength(2);

    await store.remove('admins-only', change);
    const deleted = (await load({ template: 'admins-only' }, admin))!;
    expect(deleted.notApplied).toEqual([
      { part: 'template=admins-only', reason: 'there is no template named “admins-only” (it may have been deleted)' },
    ]);
  });

  it('templates from the configuration file carry their origin', async () => {
    const r = (await load({ template: 'from-git' }, creator))!;
    expect(r.origin).toMatchObject({ kind: 'template', slug: 'from-git', version: 5, source: 'file', author: 'ops@acme.test' });
    expect(r.resolved?.grants).toEqual([{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }]);
  });

  it('a shared link naming an unknown bucket, a Cloud-only type and a grant beyond the role shows all three as not applied', async () => {
    const r = (await load(
      '/tokens/new?v=1&d=mixed&p=read:buckets/iot-center&p=read:buckets/nope&p=write:functions&p=read:secrets',
      creator,
    ))!;
    expect(r.origin).toEqual({ kind: 'link' });
    expect(r.resolved?.grants.map((g) => `${g.action}:${g.type}`)).toEqual(['read:buckets']);
    expect(r.notApplied.map((n) => n.part)).toEqual(['p=write:functions', 'p=read:secrets', 'p=read:buckets/nope']);
    expect(r.notApplied.map((n) => n.reason)).toEqual([
      'this InfluxDB server has no resource type “functions” (it exists only on InfluxDB Cloud)',
      expect.stringMatching(/^only admins may grant this: it can read stored secrets/),
      'no bucket named “nope” in org acme',
    ]);
  });

  it('an ad-hoc link copied from a filled form reproduces the same form', async () => {
    const { prefillFromForm } = await import('./from-form');
    const { buildShareLink } = await import('./share-link');
    const first = (await load(
      '?d=round+trip&s=inactive&owner=token-console&p=write:buckets/iot-center&p=read:buckets/telemetry&p=read:users/owner&p=read:tasks',
      admin,
    ))!;
    expect(first.notApplied).toEqual([]);
    const form = first.resolved!;
    const { prefill, leftOut } = prefillFromForm({
      orgName: form.org.name,
      description: form.description,
      status: form.status,
      ownerName: form.owner?.name,
      grants: form.grants,
    });
    expect(leftOut).toEqual([]);
    const again = (await load(buildShareLink(prefill).href, admin))!;
    expect(again.notApplied).toEqual([]);
    expect(again.resolved).toEqual(form);
  });

  it('when InfluxDB cannot be reached, says so in words and still lists what the link asked for', async () => {
    await inst.stop();
    const r = (await load('?p=read:buckets/telemetry&p=bogus', creator))!;
    expect(r.resolved).toBeUndefined();
    expect(r.problem).toMatch(/^Could not reach InfluxDB while trying to check the link against InfluxDB/);
    expect(r.requested.grants).toEqual([{ type: 'buckets', action: 'read', scope: { kind: 'items', names: ['telemetry'] } }]);
    expect(r.notApplied.map((n) => n.part)).toEqual(['p=bogus']);
  });
});
