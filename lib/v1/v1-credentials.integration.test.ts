// The v1 credential operations (create with its password, a new password, status, delete, undo
// of a half-done create) against a real influxd 2.9.1 and a real database, with the
// console's own credential; each result is checked where it counts: a login through /query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUser } from '@/lib/auth/session';
import { createCatalog } from '@/lib/influx/catalog';
import { createGateway } from '@/lib/influx/gateway';
import { createV1Authorizations } from '@/lib/influx/v1-authorizations';
import { DEFAULT_POLICY } from '@/lib/policy/grant-policy';
import { listAudit } from '@/lib/storage/audit';
import type { Sql } from '@/lib/storage/sql';
import { freshTestStorage, type TestStorage } from '@/lib/storage/support/open-test-storage';
import { startInfluxd, type InfluxInstance } from '@/scripts/influxd/harness';
import { createBucket, createUser, getV1, listV1, updateUser, v1Query } from '@/scripts/influxd/operator';
import { createV1Credential } from './create-v1-credential';
import { deleteV1Credential, discardHalfDoneV1, setNewV1Password, setV1Status } from './change-v1-credential';
import type { V1Deps } from './deps';
import { v1CreateSchema, type V1CreateInput } from './form-schema';
import { listV1Credentials } from './list-v1-credentials';

const creator: ConsoleUser = { id: 'local:cy', name: 'cy', role: 'creator', provider: 'local' };
const otherCreator: ConsoleUser = { id: 'local:cz', name: 'cz', role: 'creator', provider: 'local' };
const admin: ConsoleUser = { id: 'local:ada', name: 'ada', role: 'admin', provider: 'local' };
const viewer: ConsoleUser = { id: 'local:vi', name: 'vi', role: 'viewer', provider: 'local' };

let inst: InfluxInstance;
let db: Sql;
let store: TestStorage | undefined;
let deps: V1Deps;
let org: { id: string; name: string };
let otherOrgBucket: string;
let secondBucket: string;

const ctx = (user: ConsoleUser = creator) => ({ user, requestId: crypto.randomUUID() });
const form = (over: Partial<V1CreateInput> = {}) =>
  v1CreateSchema.parse({ username: 'svc', read: [inst.bucketID], write: [inst.bucketID], ...over });
const canQuery = async (username: string, password: string) =>
  (await v1Query(inst, { username, password }, inst.bucket, 'SHOW MEASUREMENTS')).status;

beforeAll(async () => {
  inst = await startInfluxd({ hashedTokens: true });
  store = await freshTestStorage();
  db = store.sql;
  const gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
  const catalog = createCatalog(gw);
  deps = {
    sql: db,
    policy: DEFAULT_POLICY,
    v1: createV1Authorizations({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 }),
    resourceTypes: catalog.resourceTypes,
    consoleUser: catalog.consoleUser,
    getUser: gw.getUser,
    users: catalog.visibleUsers,
    allBuckets: gw.allBuckets.bind(gw),
    // As the console stores it: every audit row names the connection acted on.
    connectionID: 'edge',
  };
  org = { id: inst.orgID, name: inst.org };
  secondBucket = await createBucket(inst, 'second');
  const other = await fetch(`${inst.url}/api/v2/orgs`, {
    method: 'POST',
    headers: { Authorization: `Token ${inst.operatorToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'other-org' }),
  });
  const otherOrgID = ((await other.json()) as { id: string }).id;
  otherOrgBucket = await createBucket({ ...inst, orgID: otherOrgID }, 'elsewhere');
});
afterAll(async () => {
  await store?.dispose();
  await inst?.stop();
});

describe('v1 credentials, the console operations on a real influxd', () => {
  let id = '';
  let first = '';

  it('create: one credential, owned by the console user, whose generated password works on /query at once', async () => {
    const r = await createV1Credential(form({ username: 'grafana', description: 'Grafana InfluxQL' }), org, ctx(), deps);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    id = r.data.id;
    first = r.data.password;
    expect(r.data).toMatchObject({
      username: 'grafana',
      description: 'Grafana InfluxQL',
      orgID: org.id,
      orgName: org.name,
      ownerName: 'token-console',
    });
    expect(first).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(await canQuery('grafana', first)).toBe(200);
    const made = (await getV1(inst, id)).body;
    expect(made.userID).toBe(inst.consoleUserID);
    expect(made.permissions.map((p) => `${p.action}:${p.resource.id}`)).toEqual([`read:${inst.bucketID}`, `write:${inst.bucketID}`]);
  });

  it('audits both steps, and no audit row carries the password', async () => {
    const rows = (await listAudit(50, db)).filter((r) => r.authorizationId === id);
    expect(rows.map((r) => `${r.action}:${r.outcome}`).sort()).toEqual(['v1.create:success', 'v1.password:success']);
    expect(rows.find((r) => r.action === 'v1.create')!.detail).toMatchObject({
      username: 'grafana',
      read: [inst.bucket],
      write: [inst.bucket],
    });
    expect(rows.map((r) => r.detail.connection)).toEqual(['edge', 'edge']);
    expect(JSON.stringify(await db.all('SELECT * FROM audit_events'))).not.toContain(first);
  });

  it('the list has it, without a password, with permissions in words and what the person may do', async () => {
    const rows = await listV1Credentials(org, 'creator', deps);
    const row = rows.find((r) => r.id === id)!;
    expect(row).toMatchObject({
      username: 'grafana',
      status: 'active',
      ownerName: 'token-console',
      ownerStatus: 'active',
      ownerIsConsole: true,
      permissions: [{ text: `Read and write bucket ${inst.bucket}` }],
      may: { password: true, activate: true, deactivate: true, delete: false },
    });
    expect(row.refusals).toEqual(['Only admins may delete v1 credentials. You are signed in as a creator.']);
    expect(JSON.stringify(rows)).not.toContain(first);
  });

  it('on a connection where only admins may act, the list offers a creator nothing and says why', async () => {
    const row = (await listV1Credentials(org, 'creator', deps, { label: 'edge site', roles: ['admin'] })).find((r) => r.id === id)!;
    expect(row.may).toEqual({ password: false, activate: false, deactivate: false, delete: false });
    expect(row.refusals).toContain(
      'On edge site, only admins may set new passwords for v1 credentials (connections file). You are signed in as a creator.',
    );
    expect((await listV1Credentials(org, 'admin', deps, { label: 'edge site', roles: ['admin'] })).find((r) => r.id === id)!.may).toEqual({
      password: true,
      activate: true,
      deactivate: true,
      delete: true,
    });
  });

  it('a duplicate username is refused in words, on the username field, and nothing else is made', async () => {
    const before = (await listV1(inst)).length;
    const r = await createV1Credential(form({ username: 'grafana' }), org, ctx(), deps);
    expect(r).toMatchObject({ ok: false, code: 'conflict', fieldErrors: { username: [expect.stringContaining('already exists')] } });
    expect(!r.ok && r.formError).toBe(
      'A v1 credential with the username grafana already exists in InfluxDB. Choose another username (or delete the old credential first).',
    );
    expect((await listV1(inst)).length).toBe(before);
  });

  it('a bucket of another org, or none at all, is refused before InfluxDB is asked', async () => {
    const before = (await listV1(inst)).length;
    const r = await createV1Credential(form({ username: 'foreign', read: [otherOrgBucket], write: [] }), org, ctx(), deps);
    expect(r).toMatchObject({ ok: false, code: 'not-found' });
    expect(!r.ok && r.formError).toContain(`bucket ${otherOrgBucket} is not in organisation ${org.name}`);
    expect((await listV1(inst)).length).toBe(before);
  });

  it('another InfluxDB user as owner: refused to a creator by default, made for an admin', async () => {
    const owner = await createUser(inst, 'grafana-owner');
    const asCreator = await createV1Credential(form({ username: 'owned', owner: { kind: 'existing', userID: owner } }), org, ctx(), deps);
    expect(asCreator).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await listV1(inst)).some((c) => c.token === 'owned')).toBe(false);
    const asAdmin = await createV1Credential(
      form({ username: 'owned', owner: { kind: 'existing', userID: owner } }),
      org,
      ctx(admin),
      deps,
    );
    expect(asAdmin.ok).toBe(true);
    expect(asAdmin.ok && asAdmin.data.ownerName).toBe('grafana-owner');
    expect(asAdmin.ok && (await canQuery('owned', asAdmin.data.password))).toBe(200);
    // The same rule for a new password on it.
    const again = asAdmin.ok ? await setNewV1Password(asAdmin.data.id, org, ctx(), deps) : undefined;
    expect(again).toMatchObject({ ok: false, code: 'forbidden' });

    // An inactive owner: InfluxDB refuses the login though the credential is active, so the list
    // shows both statuses.
    expect((await updateUser(inst, owner, { status: 'inactive' })).status).toBe(200);
    expect(asAdmin.ok && (await canQuery('owned', asAdmin.data.password))).toBe(401);
    expect((await listV1Credentials(org, 'admin', deps)).find((r) => r.username === 'owned')).toMatchObject({
      status: 'active',
      ownerStatus: 'inactive',
      ownerName: 'grafana-owner',
      ownerIsConsole: false,
    });
    expect((await updateUser(inst, owner, { status: 'active' })).status).toBe(200);
  });

  it('a new password: the old one is refused and only the new one works', async () => {
    const r = await setNewV1Password(id, org, ctx(), deps);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.password).not.toBe(first);
    expect(await canQuery('grafana', first)).toBe(401);
    expect(await canQuery('grafana', r.data.password)).toBe(200);
    first = r.data.password;
  });

  it('deactivate refuses the login; activate brings it back; a viewer may do neither and nothing changes', async () => {
    expect(await setV1Status(id, 'inactive', org, ctx(viewer), deps)).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await getV1(inst, id)).body.status).toBe('active');
    expect(await setV1Status(id, 'inactive', org, ctx(), deps)).toMatchObject({ ok: true, data: { status: 'inactive' } });
    expect(await canQuery('grafana', first)).toBe(401);
    expect((await listV1Credentials(org, 'creator', deps)).find((r) => r.id === id)?.status).toBe('inactive');
    expect(await setV1Status(id, 'active', org, ctx(), deps)).toMatchObject({ ok: true, data: { status: 'active' } });
    expect(await canQuery('grafana', first)).toBe(200);
  });

  it('a credential of another org is "not found" for an operation scoped to this org', async () => {
    expect(await setV1Status(id, 'inactive', { id: '0000000000000bad', name: 'nope' }, ctx(), deps)).toMatchObject({
      ok: false,
      code: 'not-found',
    });
    expect((await getV1(inst, id)).body.status).toBe('active');
  });

  it('half-done: InfluxDB refuses the password (here a real 400 for a short one); the credential is reported, its creator may undo it, nobody else', async () => {
    const r = await createV1Credential(form({ username: 'halfway', read: [secondBucket], write: [] }), org, ctx(), {
      ...deps,
      generatePassword: () => 'short',
    });
    expect(r).toMatchObject({ ok: false, code: 'upstream', partial: { username: 'halfway' } });
    if (r.ok || !r.partial) return;
    expect(r.formError).toMatch(
      /^v1 credential halfway was created \(id [0-9a-f]{16}\), but InfluxDB did not take its password: .*It exists without a password/,
    );
    expect((await getV1(inst, r.partial.id)).status).toBe(200);
    expect((await listAudit(5, db)).find((a) => a.action === 'v1.password' && a.authorizationId === r.partial!.id)?.outcome).toBe(
      'failure',
    );

    expect(await discardHalfDoneV1(r.partial.id, org, ctx(otherCreator), deps)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await discardHalfDoneV1(id, org, ctx(), deps)).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await getV1(inst, id)).status).toBe(200);
    expect(await discardHalfDoneV1(r.partial.id, org, ctx(), deps)).toMatchObject({ ok: true, data: { username: 'halfway' } });
    expect((await getV1(inst, r.partial.id)).status).toBe(404);
  });

  it('delete: a creator is refused and it stays; an admin deletes it and the login is refused', async () => {
    expect(await deleteV1Credential(id, org, ctx(), deps)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await canQuery('grafana', first)).toBe(200);
    expect(await deleteV1Credential(id, org, ctx(admin), deps)).toMatchObject({ ok: true, data: { username: 'grafana' } });
    expect((await getV1(inst, id)).status).toBe(404);
    expect(await canQuery('grafana', first)).toBe(401);
    expect(await deleteV1Credential(id, org, ctx(admin), deps)).toMatchObject({ ok: false, code: 'not-found' });
  });
});
