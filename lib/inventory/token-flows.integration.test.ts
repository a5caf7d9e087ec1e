// The console's own token operations, each as the actions run it, against every real influxd the
// console supports (lib/influx/support/influxd-servers.ts): 2.9.1 with hashed tokens, 2.9.1
// without, and 2.7.12, whose lists hand out every token's value. Mint (the mint flow), the
// inventory, the detail view, describe, deactivate, activate, clone, replace, delete and bulk:
// each reaches influxd (read back with the operator token), the token obeys (used against
// influxd), and no token value ever leaves the access layer except in the one answer that made it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketStatus, startInfluxd, writeLine, type InfluxInstance } from '@/scripts/influxd/harness';
import { createBucket, createToken, createUser, deleteUser, getAuthorization, listAuthorizations } from '@/scripts/influxd/operator';
import type { ActionContext } from '@/lib/actions/define-action';
import type { Role } from '@/lib/auth/roles';
import { createCatalog } from '@/lib/influx/catalog';
import { InfluxError } from '@/lib/influx/errors';
import { createGateway, type Gateway } from '@/lib/influx/gateway';
import { describeInfluxError } from '@/lib/influx/messages';
import { INFLUXD_SERVERS } from '@/lib/influx/support/influxd-servers';
import { tokenFormSchema } from '@/lib/permissions/token-form-schema';
import { DEFAULT_POLICY } from '@/lib/policy/grant-policy';
import { listAudit, recordAudit } from '@/lib/storage/audit';
import type { Sql } from '@/lib/storage/sql';
import { freshTestStorage, type TestStorage } from '@/lib/storage/support/open-test-storage';
import { mintDepsFromGateway } from '@/lib/tokens/gateway-mint-deps';
import { mintToken } from '@/lib/tokens/mint-token';
import { loadTokenDetail } from './detail';
import { toRow } from './records';
import { readInventory } from './store';
import * as changes from './token-changes';

const ctxFor = (role: Role): ActionContext => ({
  user: { id: `local:${role}`, name: role, role, provider: 'local' },
  requestId: crypto.randomUUID(),
});

describe.each(INFLUXD_SERVERS)('$label', (server) => {
  let inst: InfluxInstance;
  let gw: Gateway;
  let db: Sql;
  let store: TestStorage | undefined;
  let bucketID: string;
  /** Every token value created in this server: none may appear outside its create answer. */
  const values: string[] = [];

  const deps = (): changes.InventoryDeps => ({
    gateway: gw,
    sql: db,
    org: async () => ({ id: inst.orgID, name: inst.org }),
    facts: async () => ({
      consoleUserID: inst.consoleUserID,
      consoleTokenID: inst.consoleTokenID,
      resourceTypes: await gw.resourceTypes(),
    }),
    kept: { upsert: () => {}, status: () => {}, description: () => {}, remove: () => {}, descriptions: async () => new Map() },
    audit: (e) => recordAudit(e, db),
    schedule: () => Promise.resolve(1),
    minGraceSeconds: 60,
    policy: DEFAULT_POLICY,
  });

  function expectNoValue(label: string, value: unknown) {
    const json = JSON.stringify(value);
    for (const v of values) expect(json.includes(v), `${label} carries a token value`).toBe(false);
    expect(json, `${label} has a token field`).not.toMatch(/"token"\s*:/);
  }

  /** A token of the console's user that writes the test bucket, made with the operator token. */
  async function writer(description: string) {
    const t = await createToken(inst, {
      description,
      userID: inst.consoleUserID,
      permissions: [{ action: 'write', resource: { type: 'buckets', id: bucketID, orgID: inst.orgID } }],
    });
    values.push(t.token);
    return t;
  }
  const writes = async (token: string) => (await writeLine(inst, token, 'flows', 'm v=1')) === 204;

  beforeAll(async () => {
    inst = await startInfluxd(server.start);
    gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
    store = await freshTestStorage();
    db = store.sql;
    bucketID = await createBucket(inst, 'flows');
    values.push(inst.operatorToken, inst.consoleToken);
  });
  afterAll(async () => {
    await store?.dispose();
    await inst?.stop();
  });

  it('ping and health name this server: its version, OSS', async () => {
    expect(await gw.ping()).toEqual({ version: server.version, flavour: 'OSS' });
    expect(await gw.health()).toEqual({ status: 'pass', version: server.version });
    expect(inst.hashedTokens).toBe(!server.listsValues);
  });

  it(`the server ${server.listsValues ? 'does' : 'does not'} list token values in clear (what the rest relies on)`, async () => {
    const listed = await listAuthorizations(inst);
    const clear = listed.map((a) => (a as { token?: string }).token).filter((t): t is string => !!t && t.length > 40);
    if (server.listsValues) expect(clear).toEqual(expect.arrayContaining([inst.operatorToken, inst.consoleToken]));
    else expect(clear).toEqual([]);
  });

  it('mint: the mint flow makes a working token, and its value is only in that answer', async () => {
    const form = tokenFormSchema.parse({
      formKey: crypto.randomUUID(),
      orgID: inst.orgID,
      description: 'minted by the console',
      status: 'active',
      owner: { kind: 'console' },
      grants: [{ type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: bucketID }] } }],
    });
    const r = await mintToken(form, ctxFor('creator'), mintDepsFromGateway(gw, createCatalog(gw), db, DEFAULT_POLICY));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    values.push(r.data.token);
    expect(r.data).toMatchObject({ orgName: inst.org, ownerName: 'token-console', permissionCount: 1 });
    expect(await writes(r.data.token)).toBe(true);
    const stored = (await getAuthorization(inst, r.data.id)).body;
    expect(stored).toMatchObject({ description: 'minted by the console', userID: inst.consoleUserID, status: 'active' });
    const { token: _value, ...summary } = r.data;
    expectNoValue('mint result without its token', summary);
    expectNoValue('audit', await listAudit(1000, db));
  });

  it('inventory, rows and detail views list every token without any value', async () => {
    await writer('inventory writer');
    const snap = await readInventory(gw, inst.orgID, inst.consoleTokenID);
    const operatorCount = (await listAuthorizations(inst)).length;
    expect(snap.records).toHaveLength(operatorCount);
    expect(snap.records.find((r) => r.description === 'inventory writer')).toMatchObject({ status: 'active', ownerName: 'token-console' });
    expect(snap.records.find((r) => r.id === inst.consoleTokenID)?.isConsoleCredential).toBe(true);
    expect(snap.context.resourceTypes).toContain('buckets');
    expect(snap.context.resourceTypes).not.toContain('instance');
    expectNoValue('snapshot', snap);
    expectNoValue('rows', snap.records.map(toRow));
    for (const a of await gw.listAuthorizations({ orgID: inst.orgID })) {
      expectNoValue(`get ${a.description}`, await gw.getAuthorization(a.id));
      expectNoValue(
        `detail ${a.description}`,
        await loadTokenDetail(gw, a, { orgName: inst.org, resourceTypes: snap.context.resourceTypes, consoleTokenID: inst.consoleTokenID }),
      );
    }
  });

  it('describe, deactivate, activate: each lands in influxd, and the token obeys its status', async () => {
    const t = await writer('to rename');
    const described = await changes.editDescription({ id: t.id, description: 'renamed' }, ctxFor('creator'), deps());
    expect(described).toMatchObject({ ok: true, data: { description: 'renamed' } });
    expectNoValue('describe result', described);
    expect((await getAuthorization(inst, t.id)).body.description).toBe('renamed');

    const off = await changes.setTokenStatus({ id: t.id, status: 'inactive' }, ctxFor('creator'), deps());
    expect(off).toMatchObject({ ok: true, data: { status: 'inactive' } });
    expectNoValue('deactivate result', off);
    expect((await getAuthorization(inst, t.id)).body.status).toBe('inactive');
    expect(await writes(t.token)).toBe(false);
    expect(await bucketStatus(inst, t.token, bucketID)).toBe(401);

    const on = await changes.setTokenStatus({ id: t.id, status: 'active' }, ctxFor('creator'), deps());
    expect(on).toMatchObject({ ok: true, data: { status: 'active' } });
    expect(await writes(t.token)).toBe(true);
  });

  it('clone: a second working token with the same grants; the original is untouched', async () => {
    const t = await writer('to clone');
    const r = await changes.cloneToken({ id: t.id, formKey: crypto.randomUUID() }, ctxFor('creator'), deps());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    values.push(r.data.token);
    expect(r.data.token).not.toBe(t.token);
    expect(await writes(r.data.token)).toBe(true);
    expect(await writes(t.token)).toBe(true);
    const copy = (await getAuthorization(inst, r.data.id)).body;
    expect(copy.permissions.map((p) => `${p.action} ${p.resource.type} ${p.resource.id}`)).toEqual([`write buckets ${bucketID}`]);
    expect(copy.userID).toBe(inst.consoleUserID);
  });

  it('replace at once: the new token works and the original is switched off', async () => {
    const t = await writer('to replace');
    const r = await changes.replaceToken({ id: t.id, graceSeconds: 0, formKey: crypto.randomUUID() }, ctxFor('admin'), deps());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    values.push(r.data.token);
    expect(r.data.original.state).toBe('deactivated');
    expect(await writes(r.data.token)).toBe(true);
    expect(await writes(t.token)).toBe(false);
    expect((await getAuthorization(inst, t.id)).body.status).toBe('inactive');
  });

  it('delete, bulk deactivate and bulk delete: gone from influxd, and the tokens are refused', async () => {
    const one = await writer('to delete');
    expect(await changes.deleteToken({ id: one.id }, ctxFor('admin'), deps())).toMatchObject({ ok: true });
    expect((await getAuthorization(inst, one.id)).status).toBe(404);
    expect(await bucketStatus(inst, one.token, bucketID)).toBe(401);

    const a = await writer('bulk a');
    const b = await writer('bulk b');
    const off = await changes.bulkDeactivate({ ids: [a.id, b.id] }, ctxFor('admin'), deps());
    expect(off.ok && off.data.results.map((x) => x.ok)).toEqual([true, true]);
    expect(await writes(a.token)).toBe(false);
    const gone = await changes.bulkDelete({ ids: [a.id, b.id] }, ctxFor('admin'), deps());
    expect(gone.ok && gone.data.results.map((x) => x.ok)).toEqual([true, true]);
    expectNoValue('bulk results', [off, gone]);
    const left = (await listAuthorizations(inst)).map((x) => x.id);
    expect(left).not.toContain(a.id);
    expect(left).not.toContain(b.id);
  });

  it('a token whose owner was deleted is told apart from a deleted token, and can still be deleted', async () => {
    const owner = await createUser(inst, 'leaving-user');
    const t = await createToken(inst, {
      description: 'orphan',
      userID: owner,
      permissions: [{ action: 'read', resource: { type: 'buckets', id: bucketID, orgID: inst.orgID } }],
    });
    values.push(t.token);
    await deleteUser(inst, owner);
    expect(await gw.inspectAuthorization(t.id)).toEqual({ state: 'owner-deleted' });
    expect(await gw.inspectAuthorization('0123456789abcdef')).toEqual({ state: 'absent' });
    await gw.deleteAuthorization(t.id);
    expect((await getAuthorization(inst, t.id)).status).toBe(404);
  });

  it('refusals come back as the same typed errors and words on every server', async () => {
    const escalation = await gw
      .createAuthorization({
        orgID: inst.orgID,
        description: 'x',
        status: 'active',
        permissions: [{ action: 'read', resource: { type: 'buckets' } }],
      })
      .catch((e: unknown) => e);
    expect(escalation).toBeInstanceOf(InfluxError);
    expect(escalation).toMatchObject({ kind: 'forbidden', status: 403 });
    expect(describeInfluxError(escalation as InfluxError, { doing: 'create the token' })).toContain('cannot grant read:buckets');

    const foreign = '0123456789abcdef';
    const elsewhere = await gw
      .createAuthorization({
        orgID: foreign,
        description: 'x',
        status: 'active',
        permissions: [{ action: 'read', resource: { type: 'buckets', orgID: foreign } }],
      })
      .catch((e: unknown) => e);
    expect(elsewhere).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(describeInfluxError(elsewhere as InfluxError, { doing: 'create the token' })).toContain(
      `lacks write:orgs/${foreign}/authorizations`,
    );

    const bad = await createGateway({ url: inst.url, token: 'x'.repeat(40), timeoutMs: 5000 })
      .listAuthorizations()
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(await gw.getAuthorization('not-an-id')).toBeUndefined();
    expect(await gw.getAuthorization(foreign)).toBeUndefined();
  });

  it('the audit trail of all of it names tokens by id and description, never by value', async () => {
    const rows = await listAudit(1000, db);
    expect(rows.length).toBeGreaterThan(5);
    expectNoValue('audit', rows);
  });
});
