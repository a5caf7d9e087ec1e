// Tokens owned by another InfluxDB user, against a real influxd 2.9.1: real gateway, real SQLite,
// real credentials (the harness's console credential with write:users, and limited ones made with
// the operator token). Checks what influxd then reports and allows.
// Run: npx vitest run --project integration lib/tokens/mint-owner.integration.test.ts
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUser } from '@/lib/auth/session';
import { OTHER_OWNER_BLOCKED } from '@/lib/influx/judge-capabilities';
import { createCatalog } from '@/lib/influx/catalog';
import { createGateway } from '@/lib/influx/gateway';
import { tokenFormSchema, type TokenFormInput } from '@/lib/permissions/token-form-schema';
import { DEFAULT_POLICY } from '@/lib/policy/grant-policy';
import { listAudit } from '@/lib/storage/audit';
import { getCreatedUser } from '@/lib/storage/created-users';
import type { Sql } from '@/lib/storage/sql';
import { freshTestStorage, type TestStorage } from '@/lib/storage/support/open-test-storage';
import {
  createLimitedCredential,
  influxFetch,
  queryBucket,
  startInfluxd,
  writeLine,
  type InfluxInstance,
  type Permission,
} from '@/scripts/influxd/harness';
import { createToken, createUser, getAuthorization, getUser, listAuthorizations, updateUser, userNamed } from '@/scripts/influxd/operator';
import { deleteCreatedUser } from './delete-created-user';
import { mintDepsFromGateway } from './gateway-mint-deps';
import { mintToken } from './mint-token';

const admin: ConsoleUser = { id: 'local:ada', name: 'ada', role: 'admin', provider: 'local' };
let inst: InfluxInstance;
let db: Sql;
let store: TestStorage | undefined;

function setup(token: string, tokenID?: string) {
  const gw = createGateway({ url: inst.url, token, timeoutMs: 5000 });
  const catalog = createCatalog(gw, { ...(tokenID ? { tokenID } : {}), defaultOrg: async () => ({ id: inst.orgID, name: inst.org }) });
  return { gw, catalog, deps: mintDepsFromGateway(gw, catalog, db, DEFAULT_POLICY) };
}
const ctx = () => ({ user: admin, requestId: crypto.randomUUID() });
const form = (over: Partial<TokenFormInput>) =>
  tokenFormSchema.parse({
    formKey: crypto.randomUUID(),
    orgID: inst.orgID,
    description: `owner-it-${crypto.randomUUID().slice(0, 8)}`,
    status: 'active',
    owner: { kind: 'console' },
    grants: [
      { type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id: inst.bucketID }] } },
      { type: 'users', action: 'read', scope: { kind: 'owner' } },
    ],
    ...over,
  });

/** The minimum a console credential needs to mint in the org, plus `extra`. */
const basePerms = (extra: Permission[]): Permission[] => [
  { action: 'write', resource: { type: 'authorizations', orgID: inst.orgID } },
  { action: 'read', resource: { type: 'authorizations', orgID: inst.orgID } },
  { action: 'read', resource: { type: 'orgs', id: inst.orgID } },
  { action: 'read', resource: { type: 'buckets', orgID: inst.orgID } },
  ...extra,
];

beforeAll(async () => {
  inst = await startInfluxd({ hashedTokens: true });
  store = await freshTestStorage();
  db = store.sql;
});
afterAll(async () => {
  await store?.dispose();
  await inst?.stop();
});

describe('tokens for another InfluxDB user, on a real influxd', () => {
  it('new user iot_user_1: influxd reports it as the owner; the token does exactly what was granted', async () => {
    const { deps } = setup(inst.consoleToken, inst.consoleTokenID);
    expect(await userNamed(inst, 'iot_user_1')).toBeUndefined();
    const c = ctx();
    const r = await mintToken(form({ owner: { kind: 'new', name: 'iot_user_1' } }), c, deps);
    expect(r).toMatchObject({ ok: true, data: { ownerName: 'iot_user_1', ownerKind: 'new' } });
    if (!r.ok) return;
    const user = await userNamed(inst, 'iot_user_1');
    expect(user).toBeDefined();
    const stored = await getAuthorization(inst, r.data.id);
    expect(stored.body).toMatchObject({ userID: user!.id, user: 'iot_user_1' });
    // "its own user" became that user, and nothing else was granted
    expect(stored.body.permissions.map((p: Permission) => `${p.action}:${p.resource.type}/${p.resource.id}`)).toEqual([
      `read:buckets/${inst.bucketID}`,
      `read:users/${user!.id}`,
    ]);
    const t = r.data.token;
    expect(await queryBucket(inst, t, inst.bucket)).toBe(200);
    expect(await writeLine(inst, t, inst.bucket, 'm v=1')).not.toBe(204);
    expect((await (await influxFetch(inst, t, '/api/v2/me')).json()).name).toBe('iot_user_1');
    expect((await influxFetch(inst, t, `/api/v2/users/${inst.operatorUserID}`)).status).toBe(401);
    expect(await getCreatedUser(c.requestId, db)).toMatchObject({ userID: user!.id, state: 'has-token' });
  });

  it('an existing user: looked up by id, owner in influxd, same enforcement', async () => {
    const anaID = await createUser(inst, 'ana');
    const { deps } = setup(inst.consoleToken, inst.consoleTokenID);
    const r = await mintToken(form({ owner: { kind: 'existing', userID: anaID, name: 'forged' } }), ctx(), deps);
    expect(r).toMatchObject({ ok: true, data: { ownerName: 'ana', ownerID: anaID } });
    if (!r.ok) return;
    expect((await getAuthorization(inst, r.data.id)).body).toMatchObject({ userID: anaID, user: 'ana' });
    expect(await queryBucket(inst, r.data.token, inst.bucket)).toBe(200);
    expect((await (await influxFetch(inst, r.data.token, '/api/v2/me')).json()).id).toBe(anaID);
  });

  it('a credential without write:users (INFLUX_TOKEN_ID set): known beforehand, refused with the builder’s words, nothing created', async () => {
    const limited = await createLimitedCredential(
      inst,
      basePerms([{ action: 'read', resource: { type: 'users', id: inst.consoleUserID } }]),
      'no users write',
    );
    const { deps, catalog } = setup(limited.token, limited.id);
    const caps = await catalog.capabilities();
    expect(caps).toMatchObject({
      source: 'own-authorization',
      writeUsers: { state: 'no' },
      mintForOthers: { state: 'no' },
      mintInOrg: { state: 'yes' },
    });
    const r = await mintToken(form({ owner: { kind: 'new', name: 'never_made' } }), ctx(), deps);
    expect(r).toMatchObject({ ok: false, code: 'forbidden', formError: OTHER_OWNER_BLOCKED });
    expect(await userNamed(inst, 'never_made')).toBeUndefined();
  });

  it('the same credential without INFLUX_TOKEN_ID: unknown until InfluxDB says 401, then learned', async () => {
    const limited = await createLimitedCredential(
      inst,
      basePerms([{ action: 'read', resource: { type: 'users', id: inst.consoleUserID } }]),
      'no users write, no id',
    );
    const { deps, catalog } = setup(limited.token);
    expect(await catalog.capabilities()).toMatchObject({
      source: 'probe',
      writeUsers: { state: 'unknown' },
      readUsers: { state: 'unknown' },
    });
    const r = await mintToken(form({ owner: { kind: 'new', name: 'never_made_2' } }), ctx(), deps);
    expect(r).toMatchObject({ ok: false, code: 'forbidden', formError: OTHER_OWNER_BLOCKED });
    expect(await userNamed(inst, 'never_made_2')).toBeUndefined();
    expect(await catalog.capabilities()).toMatchObject({ writeUsers: { state: 'no' }, mintForOthers: { state: 'no' } });
    // What influxd itself says to such a credential (the reference's "401 for the target user"):
    const direct = await influxFetch(inst, limited.token, '/api/v2/authorizations', {
      method: 'POST',
      body: JSON.stringify({
        orgID: inst.orgID,
        userID: inst.operatorUserID,
        permissions: [{ action: 'read', resource: { type: 'buckets', orgID: inst.orgID } }],
      }),
    });
    expect(direct.status).toBe(401);
    expect(await direct.json()).toMatchObject({ code: 'unauthorized', message: `write:users/${inst.operatorUserID} is unauthorized` });
    const createUser = await influxFetch(inst, limited.token, '/api/v2/users', { method: 'POST', body: JSON.stringify({ name: 'x' }) });
    expect([createUser.status, (await createUser.json()).message]).toEqual([401, 'write:users is unauthorized']);
  });

  it('user created, token refused (a grant the credential lacks): half-done; delete removes it; the fixed retry succeeds', async () => {
    // May create users (write:users), may not grant write on buckets (it holds only read).
    const limited = await createLimitedCredential(
      inst,
      basePerms([
        { action: 'read', resource: { type: 'users' } },
        { action: 'write', resource: { type: 'users' } },
      ]),
      'users but no bucket write',
    );
    const { deps, catalog, gw } = setup(limited.token, limited.id);
    expect(await catalog.capabilities()).toMatchObject({ writeUsers: { state: 'yes' }, mintForOthers: { state: 'yes' } });
    const deleteDeps = {
      sql: db,
      policy: DEFAULT_POLICY,
      getUser: gw.getUser,
      listAuthorizations: gw.listAuthorizations,
      deleteUser: gw.deleteUser,
    };
    const wanting = [
      { type: 'buckets', action: 'write' as const, scope: { kind: 'items' as const, items: [{ id: inst.bucketID }] } },
      { type: 'users', action: 'read' as const, scope: { kind: 'owner' as const } },
    ];

    const c1 = ctx();
    const f1 = form({ owner: { kind: 'new', name: 'iot_user_2' }, grants: wanting });
    const r1 = await mintToken(f1, c1, deps);
    expect(r1.ok).toBe(false);
    if (r1.ok) return;
    const u1 = await userNamed(inst, 'iot_user_2');
    expect(u1).toBeDefined();
    expect(r1.partial).toEqual({ operationId: c1.requestId, user: { id: u1!.id, name: 'iot_user_2' }, canRetry: true });
    expect(r1.formError).toContain('InfluxDB user iot_user_2 was created, but the token was not.');
    expect(r1.formError).toContain(`cannot grant write:orgs/${inst.orgID}/buckets/${inst.bucketID} (Write to bucket ${inst.bucket})`);
    expect(await listAuthorizations(inst, { userID: u1!.id })).toEqual([]);

    // A crafted delete with someone else's operation id, or as someone else, deletes nothing.
    expect(await deleteCreatedUser({ operationId: crypto.randomUUID() }, ctx(), deleteDeps)).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(
      await deleteCreatedUser(
        { operationId: c1.requestId },
        { user: { ...admin, id: 'local:eve' }, requestId: crypto.randomUUID() },
        deleteDeps,
      ),
    ).toMatchObject({ ok: false });
    expect(await userNamed(inst, 'iot_user_2')).toBeDefined();
    // "Delete the user": gone from influxd.
    expect(await deleteCreatedUser({ operationId: c1.requestId }, ctx(), deleteDeps)).toMatchObject({
      ok: true,
      data: { userName: 'iot_user_2', deletedNow: true },
    });
    expect(await userNamed(inst, 'iot_user_2')).toBeUndefined();
    expect((await getUser(inst, u1!.id)).status).toBe(404);

    // Again, then "retry" with the request fixed (read instead of write): same form key, owner = the created user.
    const c2 = ctx();
    const f2 = form({ owner: { kind: 'new', name: 'iot_user_2' }, grants: wanting });
    const r2 = await mintToken(f2, c2, deps);
    expect(r2.ok === false && r2.partial?.user.name).toBe('iot_user_2');
    if (r2.ok || !r2.partial) return;
    const fixed = [{ ...wanting[0]!, action: 'read' as const }, wanting[1]!];
    const retry = await mintToken(
      { ...f2, owner: { kind: 'existing', userID: r2.partial.user.id, name: 'iot_user_2' }, grants: fixed },
      ctx(),
      deps,
    );
    expect(retry).toMatchObject({ ok: true, data: { ownerID: r2.partial.user.id, ownerName: 'iot_user_2' } });
    if (!retry.ok) return;
    expect((await getAuthorization(inst, retry.data.id)).body).toMatchObject({ userID: r2.partial.user.id, user: 'iot_user_2' });
    expect(await queryBucket(inst, retry.data.token, inst.bucket)).toBe(200);
    // Now it owns a token: the console refuses to delete it.
    expect(await deleteCreatedUser({ operationId: c2.requestId }, ctx(), deleteDeps)).toMatchObject({
      ok: false,
      formError: expect.stringMatching(/owns a token/),
    });
    expect(await userNamed(inst, 'iot_user_2')).toBeDefined();
    const actions = (await listAudit(30, db)).map((a) => `${a.action}:${a.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining(['influx-user.create:success', 'influx-user.delete:success', 'token.create:failure', 'token.create:success']),
    );
  });

  it('refuses an existing user that is inactive (influxd would mint it, and then refuse the token)', async () => {
    const idleID = await createUser(inst, 'idle');
    await updateUser(inst, idleID, { name: 'idle', status: 'inactive' });
    const { deps } = setup(inst.consoleToken, inst.consoleTokenID);
    const r = await mintToken(form({ owner: { kind: 'existing', userID: idleID } }), ctx(), deps);
    expect(r).toMatchObject({ ok: false, code: 'invalid-input' });
    // influxd itself accepts it, and the token is then refused: the reason for the refusal above.
    const t = await createToken(inst, {
      userID: idleID,
      permissions: [{ action: 'read', resource: { type: 'buckets', orgID: inst.orgID } }],
    });
    const use = await influxFetch(inst, t.token, `/api/v2/buckets?orgID=${inst.orgID}`);
    expect([use.status, (await use.json()).message]).toEqual([403, 'User is inactive']);
  });

  it('capabilities from the credential’s own authorization, and the users list paged past 100', async () => {
    const { catalog, gw } = setup(inst.consoleToken, inst.consoleTokenID);
    const caps = await catalog.capabilities();
    expect(caps).toMatchObject({
      source: 'own-authorization',
      readUsers: { state: 'yes' },
      writeUsers: { state: 'yes' },
      mintForOthers: { state: 'yes' },
      notes: [],
    });
    expect(caps.holdings?.find((h) => h.type === 'buckets')).toEqual({ type: 'buckets', read: 'org', write: 'org' });
    expect(caps.holdings?.find((h) => h.type === 'users')).toEqual({ type: 'users', read: 'instance', write: 'instance' });
    expect(caps.holdings?.find((h) => h.type === 'orgs')).toEqual({ type: 'orgs', read: 'org', write: 'none' });
    const wrongID = await setup(inst.consoleToken, inst.operatorUserID).catalog.capabilities();
    expect(wrongID.source).toBe('probe');
    expect(wrongID.notes[0]).toMatch(/names no token/);

    for (let i = 0; i < 110; i++) await createUser(inst, `bulk-${String(i).padStart(3, '0')}`);
    const all = await gw.allUsers();
    expect(all.filter((u) => u.name.startsWith('bulk-'))).toHaveLength(110);
    expect(new Set(all.map((u) => u.id)).size).toBe(all.length);
  });
});
