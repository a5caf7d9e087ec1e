// The inventory operations as the actions run them (lib/inventory/token-changes.ts), against every
// real influxd the console supports (2.9.1 with hashed tokens and without, and 2.7.12): each finding of issue 9 that lives here is refused for the right role, and a
// refusal leaves InfluxDB exactly as it was (read back with the operator token).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfluxd, type InfluxInstance } from '../../scripts/influxd/harness';
import { createToken, createUser, getAuthorization, listAuthorizations } from '../../scripts/influxd/operator';
import type { ActionContext } from '../actions/define-action';
import type { Role } from '../auth/roles';
import { createGateway } from '../influx/gateway';
import { INFLUXD_SERVERS } from '../influx/support/influxd-servers';
import { DEFAULT_POLICY, type GrantPolicy } from '../policy/grant-policy';
import { recordAudit } from '../storage/audit';
import type { Sql } from '../storage/sql';
import { freshTestStorage, type TestStorage } from '../storage/support/open-test-storage';
import * as changes from './token-changes';

let inst: InfluxInstance;
let db: Sql;
let store: TestStorage;
let other: string;

const ctxFor = (role: Role): ActionContext => ({
  user: { id: `local:${role}`, name: role, role, provider: 'local' },
  requestId: crypto.randomUUID(),
});

function depsWith(policy: GrantPolicy = DEFAULT_POLICY): changes.InventoryDeps {
  const gateway = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
  return {
    gateway,
    sql: db,
    org: async () => ({ id: inst.orgID, name: inst.org }),
    facts: async () => ({
      consoleUserID: inst.consoleUserID,
      consoleTokenID: inst.consoleTokenID,
      resourceTypes: await gateway.resourceTypes(),
    }),
    kept: { upsert: () => {}, status: () => {}, description: () => {}, remove: () => {}, descriptions: async () => new Map() },
    audit: (e) => recordAudit(e, db),
    schedule: () => Promise.resolve(1),
    minGraceSeconds: 60,
    policy,
  };
}

/** Every token's id, status and description, as the operator sees them. */
async function snapshot() {
  return (await listAuthorizations(inst)).map((a) => `${a.id} ${a.status} ${a.description}`).sort();
}

const token = (
  description: string,
  permissions: { action: 'read' | 'write'; type: string }[],
  o: { userID?: string; status?: 'active' | 'inactive' } = {},
) =>
  createToken(inst, {
    description,
    permissions: permissions.map((p) => ({ action: p.action, resource: { type: p.type, orgID: inst.orgID } })),
    // Owned by the console's own user unless said otherwise, like the tokens the console mints.
    userID: o.userID ?? inst.consoleUserID,
    ...(o.status ? { status: o.status } : {}),
  });

describe.each(INFLUXD_SERVERS)('$label', (server) => {
  beforeAll(async () => {
    inst = await startInfluxd(server.start);
    store = await freshTestStorage();
    db = store.sql;
    other = await createUser(inst, 'iot_user_7');
  });
  afterAll(async () => {
    await store?.dispose();
    await inst?.stop();
  });

  describe('refusals change nothing in InfluxDB', () => {
    it('finding 1: a creator cannot clone a token owned by another InfluxDB user (CONSOLE_OTHER_OWNER_ROLE=admin)', async () => {
      const t = await token('other owner reader', [{ action: 'read', type: 'buckets' }], { userID: other });
      const before = await snapshot();
      const r = await changes.cloneToken({ id: t.id, formKey: crypto.randomUUID() }, ctxFor('creator'), depsWith());
      expect(r).toMatchObject({
        ok: false,
        code: 'forbidden',
        formError: expect.stringContaining('owned by another InfluxDB user (iot_user_7)'),
      });
      expect(await snapshot()).toEqual(before);
      // Allowed when configured so, and the copy is owned by the same user.
      const allowed = await changes.cloneToken(
        { id: t.id, formKey: crypto.randomUUID() },
        ctxFor('creator'),
        depsWith({ ...DEFAULT_POLICY, otherOwnerRole: 'creator' }),
      );
      expect(allowed.ok).toBe(true);
      if (allowed.ok) expect((await getAuthorization(inst, allowed.data.id)).body.userID).toBe(other);
    });

    it('finding 2: a creator cannot clone or activate a code-running token (write tasks)', async () => {
      const t = await token(
        'task writer',
        [
          { action: 'read', type: 'tasks' },
          { action: 'write', type: 'tasks' },
        ],
        { status: 'inactive' },
      );
      const before = await snapshot();
      const clone = await changes.cloneToken({ id: t.id, formKey: crypto.randomUUID() }, ctxFor('creator'), depsWith());
      expect(clone).toMatchObject({
        ok: false,
        code: 'forbidden',
        formError: expect.stringContaining('can run queries with the rights of'),
      });
      const activate = await changes.setTokenStatus({ id: t.id, status: 'active' }, ctxFor('creator'), depsWith());
      expect(activate).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await snapshot()).toEqual(before);
    });

    it('finding 3: a creator cannot re-activate a sensitive token an admin switched off; an admin can', async () => {
      const t = await token('minter', [{ action: 'write', type: 'authorizations' }]);
      expect(await changes.setTokenStatus({ id: t.id, status: 'inactive' }, ctxFor('creator'), depsWith())).toMatchObject({ ok: true });
      const before = await snapshot();
      expect(await changes.setTokenStatus({ id: t.id, status: 'active' }, ctxFor('creator'), depsWith())).toMatchObject({
        ok: false,
        code: 'forbidden',
      });
      expect(await snapshot()).toEqual(before);
      expect(await changes.setTokenStatus({ id: t.id, status: 'active' }, ctxFor('admin'), depsWith())).toMatchObject({ ok: true });
      expect((await getAuthorization(inst, t.id)).body.status).toBe('active');
    });

    it('finding 6: nobody deactivates, describes, clones, replaces or deletes the console credential, one by one or in bulk', async () => {
      const id = inst.consoleTokenID;
      const before = await snapshot();
      const admin = ctxFor('admin');
      const d = depsWith();
      expect(await changes.setTokenStatus({ id, status: 'inactive' }, ctxFor('creator'), d)).toMatchObject({
        ok: false,
        code: 'forbidden',
      });
      expect(await changes.editDescription({ id, description: 'mine now' }, admin, d)).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await changes.cloneToken({ id, formKey: crypto.randomUUID() }, admin, d)).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await changes.replaceToken({ id, graceSeconds: 0, formKey: crypto.randomUUID() }, admin, d)).toMatchObject({
        ok: false,
        code: 'forbidden',
      });
      expect(await changes.deleteToken({ id }, admin, d)).toMatchObject({ ok: false, code: 'forbidden' });
      const bulk = await changes.bulkDeactivate({ ids: [id] }, admin, d);
      expect(bulk.ok && bulk.data.results[0]).toMatchObject({
        ok: false,
        problem: expect.stringContaining("console's own InfluxDB credential"),
      });
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('finding 8: clone and replace are idempotent per dialog', () => {
    it('two concurrent posts of one clone make one token; the second is told the first exists', async () => {
      const t = await token('idempotent source', [{ action: 'read', type: 'buckets' }]);
      const before = (await listAuthorizations(inst)).length;
      const formKey = crypto.randomUUID();
      const [a, b] = await Promise.all([0, 1].map(() => changes.cloneToken({ id: t.id, formKey }, ctxFor('creator'), depsWith())));
      expect([a!.ok, b!.ok].sort()).toEqual([false, true]);
      expect([a, b].find((r) => !r!.ok)).toMatchObject({ code: 'conflict' });
      expect((await listAuthorizations(inst)).length).toBe(before + 1);
    });

    it('two concurrent posts of one replace make one replacement and deactivate the original once', async () => {
      const t = await token('idempotent replace', [{ action: 'read', type: 'buckets' }]);
      const before = (await listAuthorizations(inst)).length;
      const formKey = crypto.randomUUID();
      const results = await Promise.all(
        [0, 1].map(() => changes.replaceToken({ id: t.id, graceSeconds: 0, formKey }, ctxFor('admin'), depsWith())),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect((await listAuthorizations(inst)).length).toBe(before + 1);
      expect((await getAuthorization(inst, t.id)).body.status).toBe('inactive');
      // The key stays used: a later replay makes nothing either.
      expect(await changes.replaceToken({ id: t.id, graceSeconds: 0, formKey }, ctxFor('admin'), depsWith())).toMatchObject({
        ok: false,
        code: 'conflict',
      });
      expect((await listAuthorizations(inst)).length).toBe(before + 1);
    });
  });
});
