// What influxd 2.9.1 does with a token whose owning user is deleted, recorded as assertions (the
// reference only said "tokens stop working, it may stop listing them"), and how the console then
// shows those tokens: found from its own audit trail, confirmed with InfluxDB, deletable by id.
// Run: npx vitest run --project integration lib/tokens/owner-deleted.integration.test.ts
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUser } from '@/lib/auth/session';
import { createCatalog } from '@/lib/influx/catalog';
import { createGateway } from '@/lib/influx/gateway';
import { tokenFormSchema } from '@/lib/permissions/token-form-schema';
import { DEFAULT_POLICY } from '@/lib/policy/grant-policy';
import { listAudit } from '@/lib/storage/audit';
import type { Sql } from '@/lib/storage/sql';
import { freshTestStorage, type TestStorage } from '@/lib/storage/support/open-test-storage';
import { influxFetch, queryBucket, startInfluxd, writeLine, type InfluxInstance } from '@/scripts/influxd/harness';
import {
  createToken,
  deleteUser,
  getAuthorization,
  listAuthorizations,
  operatorRequest,
  updateAuthorization,
  type User,
} from '@/scripts/influxd/operator';
import { deleteOrphanedToken, findTokensOfDeletedOwners } from './deleted-owners';
import { mintDepsFromGateway } from './gateway-mint-deps';
import { mintToken } from './mint-token';

const admin: ConsoleUser = { id: 'local:ada', name: 'ada', role: 'admin', provider: 'local' };
let inst: InfluxInstance;
let db: Sql;
let store: TestStorage | undefined;

async function use(token: string, path: string) {
  const res = await influxFetch(inst, token, path);
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

beforeAll(async () => {
  inst = await startInfluxd({ hashedTokens: true });
  store = await freshTestStorage();
  db = store.sql;
});
afterAll(async () => {
  await store?.dispose();
  await inst?.stop();
});

describe('a token whose owning user is deleted (influxd 2.9.1)', () => {
  it('is refused, hidden from every list, 404 "user not found" by id, yet still stored and deletable by id', async () => {
    const gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
    const deps = mintDepsFromGateway(
      gw,
      createCatalog(gw, { tokenID: inst.consoleTokenID, defaultOrg: async () => ({ id: inst.orgID, name: inst.org }) }),
      db,
      DEFAULT_POLICY,
    );
    const form = tokenFormSchema.parse({
      formKey: crypto.randomUUID(),
      orgID: inst.orgID,
      description: 'edge-07 writer',
      status: 'active',
      owner: { kind: 'new', name: 'doomed_user' },
      grants: [
        { type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id: inst.bucketID }] } },
        { type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: inst.bucketID }] } },
      ],
    });
    const minted = await mintToken(form, { user: admin, requestId: crypto.randomUUID() }, deps);
    expect(minted.ok).toBe(true);
    if (!minted.ok) return;
    const { token, id, ownerID } = minted.data;
    expect(await writeLine(inst, token, inst.bucket, 'm v=1')).toBe(204);
    expect(await queryBucket(inst, token, inst.bucket)).toBe(200);

    // The owner is deleted in InfluxDB (by an operator, outside the console).
    expect(await deleteUser(inst, ownerID)).toBe(204);

    // 1. The token no longer authenticates: 403 "User is inactive" on everything.
    expect(await use(token, `/api/v2/buckets?orgID=${inst.orgID}`)).toEqual({
      status: 403,
      body: { code: 'forbidden', message: 'User is inactive' },
    });
    expect((await use(token, '/api/v2/me')).status).toBe(403);
    expect(await writeLine(inst, token, inst.bucket, 'm v=2')).toBe(403);
    // 2. It is not deleted, but no list shows it any more (by org, by user, unfiltered).
    const listed = async (filter: { orgID?: string }) => (await listAuthorizations(inst, filter)).some((a) => a.id === id);
    expect(await listed({ orgID: inst.orgID })).toBe(false);
    expect(await listed({})).toBe(false);
    expect(await listAuthorizations(inst, { userID: ownerID })).toEqual([]);
    // 3. By id: 404 with "user not found" (a token that never existed says "authorization not found").
    expect(await getAuthorization(inst, id)).toEqual({ status: 404, body: { code: 'not found', message: 'user not found' } });
    expect((await getAuthorization(inst, '0000000000000001')).body.message).toBe('authorization not found');
    expect((await updateAuthorization(inst, id, { status: 'inactive' })).status).toBe(404);
    // 4. A new user with the same name is a different user: the old token stays dead.
    expect((await operatorRequest<User>(inst, 'POST', '/api/v2/users', { name: 'doomed_user' })).status).toBe(201);
    expect((await use(token, `/api/v2/buckets?orgID=${inst.orgID}`)).status).toBe(403);

    // The console's view: inspectAuthorization tells it apart; Settings lists it from the audit.
    expect(await gw.inspectAuthorization(id)).toEqual({ state: 'owner-deleted' });
    expect(await gw.getAuthorization(id)).toBeUndefined();
    const found = await findTokensOfDeletedOwners({ sql: db, getUser: gw.getUser, inspectAuthorization: gw.inspectAuthorization });
    expect(found.tokens).toEqual([
      {
        authorizationID: id,
        description: 'edge-07 writer',
        orgID: inst.orgID,
        ownerID,
        ownerName: 'doomed_user',
        mintedAt: expect.any(String),
      },
    ]);
    // Minted on the default connection: the check on another connection does not list it.
    expect(
      (await findTokensOfDeletedOwners({ sql: db, getUser: gw.getUser, inspectAuthorization: gw.inspectAuthorization }, 'edge')).tokens,
    ).toEqual([]);

    // 5. DELETE by id still works (204), and then it is really gone.
    const ctx = { user: admin, requestId: crypto.randomUUID() };
    const live = await createToken(inst, { permissions: [{ action: 'read', resource: { type: 'buckets', orgID: inst.orgID } }] });
    const del = {
      sql: db,
      getUser: gw.getUser,
      inspectAuthorization: gw.inspectAuthorization,
      deleteAuthorization: gw.deleteAuthorization,
    };
    expect(await deleteOrphanedToken({ authorizationID: live.id }, ctx, del)).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await getAuthorization(inst, live.id)).status).toBe(200);
    expect(await deleteOrphanedToken({ authorizationID: id }, ctx, del)).toEqual({ ok: true, data: { authorizationID: id } });
    expect(await getAuthorization(inst, id)).toEqual({ status: 404, body: { code: 'not found', message: 'authorization not found' } });
    expect(await gw.inspectAuthorization(id)).toEqual({ state: 'absent' });
    expect(
      (await findTokensOfDeletedOwners({ sql: db, getUser: gw.getUser, inspectAuthorization: gw.inspectAuthorization })).tokens,
    ).toEqual([]);
    expect((await listAudit(1, db))[0]).toMatchObject({
      action: 'token.delete',
      outcome: 'success',
      authorizationId: id,
      detail: { reason: 'owner-deleted' },
    });
  });
});
