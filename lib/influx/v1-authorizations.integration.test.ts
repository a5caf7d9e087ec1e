// The v1 credential calls against a real influxd 2.9.1 (scripts/influxd/harness.ts), made with the
// console's own credential, and what each call then means on /query and /write, read with the
// operator helpers. Also the upstream quirks the console relies on (the README lists them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfluxd, type InfluxInstance } from '@/scripts/influxd/harness';
import { createBucket, createUser, getV1, operatorRequest, v1Query, v1Write } from '@/scripts/influxd/operator';
import { InfluxError } from './errors';
import { createV1Authorizations, type V1Authorizations } from './v1-authorizations';

let inst: InfluxInstance;
let v1: V1Authorizations;
let otherBucketID: string;

const bucketPerms = (orgID: string, id: string, actions: ('read' | 'write')[] = ['read', 'write']) =>
  actions.map((action) => ({ action, resource: { type: 'buckets', id, orgID } }));

beforeAll(async () => {
  inst = await startInfluxd({ hashedTokens: true });
  v1 = createV1Authorizations({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
  otherBucketID = await createBucket(inst, 'v1-other');
});
afterAll(async () => {
  await inst?.stop();
});

const upstreamOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof InfluxError) return { kind: e.kind, status: e.status, message: e.upstreamMessage };
    throw e;
  }
  return undefined;
};

describe('v1 credentials through the console credential, on a real influxd', () => {
  it('create answers the credential with no password; it cannot sign in until one is set', async () => {
    const c = await v1.create({
      orgID: inst.orgID,
      username: 'grafana-a',
      description: 'dashboards',
      permissions: bucketPerms(inst.orgID, inst.bucketID),
    });
    expect(c).toMatchObject({
      username: 'grafana-a',
      description: 'dashboards',
      status: 'active',
      orgID: inst.orgID,
      userID: inst.consoleUserID,
    });
    expect(c.permissions).toEqual([
      { action: 'read', resource: { type: 'buckets', id: inst.bucketID, orgID: inst.orgID, name: inst.bucket, org: inst.org } },
      { action: 'write', resource: { type: 'buckets', id: inst.bucketID, orgID: inst.orgID, name: inst.bucket, org: inst.org } },
    ]);
    // No password yet: the username is known, so there is no fallback; the login is refused.
    const before = await v1Query(inst, { username: 'grafana-a', password: 'anything-at-all' }, inst.bucket, 'SHOW MEASUREMENTS');
    expect(before.status).toBe(401);
    expect(before.body.message).toBe('Unauthorized');

    await v1.setPassword(c.id, 'First-password-123');
    const login = { username: 'grafana-a', password: 'First-password-123' };
    expect(await v1Write(inst, login, inst.bucket, 'cpu,host=a usage=0.5')).toBe(204);
    for (const via of ['params', 'basic'] as const) {
      const r = await v1Query(inst, login, inst.bucket, 'SELECT usage FROM cpu', via);
      expect(r.status, via).toBe(200);
      expect(r.body.results?.[0]?.series?.[0]?.values?.[0]?.[1], via).toBe(0.5);
    }
    const shown = await v1Query(inst, login, inst.bucket, 'SHOW MEASUREMENTS');
    expect(JSON.stringify(shown.body.results)).toContain('cpu');
    // The copy-once dialog's test command: SHOW DATABASES lists the buckets the login may read.
    const dbs = await v1Query(inst, login, '', 'SHOW DATABASES');
    expect(dbs.status).toBe(200);
    expect(dbs.body.results?.[0]?.series?.[0]?.values).toEqual([[inst.bucket]]);
  });

  it('a password of fewer than 8 characters is refused (400) and the old one keeps working', async () => {
    const c = (await v1.findByUsername(inst.orgID, 'grafana-a'))!;
    expect(await upstreamOf(v1.setPassword(c.id, 'short'))).toMatchObject({
      kind: 'invalid',
      status: 400,
      message: expect.stringMatching(/between 8 and 72/),
    });
    expect((await v1Query(inst, { username: 'grafana-a', password: 'First-password-123' }, inst.bucket, 'SHOW MEASUREMENTS')).status).toBe(
      200,
    );
  });

  it('list, get and findByUsername show the credential and no password or hash in any raw answer', async () => {
    const listed = await v1.list({ orgID: inst.orgID });
    const c = listed.find((x) => x.username === 'grafana-a')!;
    expect(c).toBeDefined();
    expect(await v1.get(c.id)).toEqual(c);
    expect(await v1.findByUsername(inst.orgID, 'grafana-a')).toEqual(c);
    expect(await v1.findByUsername(inst.orgID, 'nobody-has-this')).toBeUndefined();
    expect(await v1.get('0000000000000001')).toBeUndefined();
    expect(await v1.get('not-an-id')).toBeUndefined();
    for (const path of [`/private/legacy/authorizations?orgID=${inst.orgID}`, `/private/legacy/authorizations/${c.id}`]) {
      const raw = JSON.stringify((await operatorRequest<unknown>(inst, 'GET', path)).body);
      expect(raw).not.toContain('First-password-123');
      expect(raw).not.toMatch(/\$2[aby]\$/); // a bcrypt hash
      expect(raw).not.toMatch(/password|hash/i);
    }
    // v1 credentials are their own store: the v2 list never has them, nor GET by id.
    expect((await operatorRequest(inst, 'GET', `/api/v2/authorizations/${c.id}`)).status).toBe(404);
  });

  it('userID narrows the list; the user= name filter is not applied by influxd (so the console never uses it)', async () => {
    const owner = await createUser(inst, 'v1-owner');
    const c = await v1.create({
      orgID: inst.orgID,
      username: 'owned-by-other',
      description: '',
      userID: owner,
      permissions: bucketPerms(inst.orgID, otherBucketID, ['read']),
    });
    expect(c.userID).toBe(owner);
    expect(c.user).toBe('v1-owner');
    expect((await v1.list({ orgID: inst.orgID, userID: owner })).map((x) => x.username)).toEqual(['owned-by-other']);
    const byName = await operatorRequest<{ authorizations: unknown[] }>(
      inst,
      'GET',
      `/private/legacy/authorizations?orgID=${inst.orgID}&user=v1-owner`,
    );
    expect(byName.body.authorizations.length).toBeGreaterThan(1);
  });

  it('deactivate refuses the login, activate restores it; PATCH ignores anything but status and description', async () => {
    const c = (await v1.findByUsername(inst.orgID, 'grafana-a'))!;
    const login = { username: 'grafana-a', password: 'First-password-123' };
    expect((await v1.update(c.id, { status: 'inactive' })).status).toBe('inactive');
    const refused = await v1Query(inst, login, inst.bucket, 'SHOW MEASUREMENTS');
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe('Unauthorized');
    expect(await v1Write(inst, login, inst.bucket, 'cpu,host=a usage=0.7')).toBe(401);
    expect((await v1.update(c.id, { status: 'active', description: 'dashboards, edited' })).description).toBe('dashboards, edited');
    expect((await v1Query(inst, login, inst.bucket, 'SHOW MEASUREMENTS')).status).toBe(200);
    const ignored = await operatorRequest<{ token: string }>(inst, 'PATCH', `/private/legacy/authorizations/${c.id}`, { token: 'renamed' });
    expect(ignored.status).toBe(200);
    expect(ignored.body.token).toBe('grafana-a');
  });

  it('a new password replaces the old one at once, without the old one', async () => {
    const c = (await v1.findByUsername(inst.orgID, 'grafana-a'))!;
    await v1.setPassword(c.id, 'Second-password-456');
    expect((await v1Query(inst, { username: 'grafana-a', password: 'First-password-123' }, inst.bucket, 'SHOW MEASUREMENTS')).status).toBe(
      401,
    );
    expect((await v1Query(inst, { username: 'grafana-a', password: 'Second-password-456' }, inst.bucket, 'SHOW MEASUREMENTS')).status).toBe(
      200,
    );
  });

  it('read only: /query answers 200 even for a bucket it may not read, /write 403', async () => {
    const c = await v1.create({
      orgID: inst.orgID,
      username: 'reader',
      description: '',
      permissions: bucketPerms(inst.orgID, otherBucketID, ['read']),
    });
    await v1.setPassword(c.id, 'Reader-password-789');
    const login = { username: 'reader', password: 'Reader-password-789' };
    expect((await v1Query(inst, login, 'v1-other', 'SHOW MEASUREMENTS')).status).toBe(200);
    // A bucket it may not read: still HTTP 200. SHOW MEASUREMENTS answers an empty result, exactly
    // like an empty bucket (so it proves nothing); SELECT says "database not found".
    const shown = await v1Query(inst, login, inst.bucket, 'SHOW MEASUREMENTS');
    expect(shown).toEqual({ status: 200, body: { results: [{ statement_id: 0 }] } });
    const selected = await v1Query(inst, login, inst.bucket, 'SELECT * FROM cpu');
    expect(selected.status).toBe(200);
    expect(selected.body.results?.[0]?.error).toBe(`database not found: ${inst.bucket}`);
    expect(await v1Write(inst, login, 'v1-other', 'cpu usage=1')).toBe(403);
  });

  it('refusals the console turns into words: duplicate username 422, unknown bucket 404, no permissions 400', async () => {
    expect(
      await upstreamOf(
        v1.create({ orgID: inst.orgID, username: 'grafana-a', description: '', permissions: bucketPerms(inst.orgID, inst.bucketID) }),
      ),
    ).toMatchObject({
      kind: 'conflict',
      status: 422,
      message: 'token already exists',
    });
    expect(
      await upstreamOf(
        v1.create({ orgID: inst.orgID, username: 'ghost', description: '', permissions: bucketPerms(inst.orgID, '0000000000000abc') }),
      ),
    ).toMatchObject({
      kind: 'not-found',
      status: 404,
      message: expect.stringMatching(/bucket not found/),
    });
    expect(await upstreamOf(v1.create({ orgID: inst.orgID, username: 'empty', description: '', permissions: [] }))).toMatchObject({
      kind: 'invalid',
      status: 400,
      message: expect.stringMatching(/must include permissions/),
    });
  });

  it('delete removes it: the login is refused, a second delete is 404, and the username is free again', async () => {
    const c = (await v1.findByUsername(inst.orgID, 'reader'))!;
    await v1.remove(c.id);
    expect((await v1Query(inst, { username: 'reader', password: 'Reader-password-789' }, 'v1-other', 'SHOW MEASUREMENTS')).status).toBe(
      401,
    );
    expect((await getV1(inst, c.id)).status).toBe(404);
    expect(await upstreamOf(v1.remove(c.id))).toMatchObject({ kind: 'not-found', status: 404 });
    const again = await v1.create({
      orgID: inst.orgID,
      username: 'reader',
      description: '',
      permissions: bucketPerms(inst.orgID, otherBucketID, ['read']),
    });
    expect(again.id).not.toBe(c.id);
  });
});
