// The inventory's access-layer pieces against a real influxd 2.9.1 (hashed tokens): reading the
// inventory, the detail view's name resolution (deleted bucket), clone, replace (including a
// real half-way failure) and bulk results.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketStatus, startInfluxd, type InfluxInstance } from '../../scripts/influxd/harness';
import {
  createBucket,
  createToken,
  createUser,
  deleteAuthorization,
  deleteBucket,
  getAuthorization,
  sortedPermissionStrings,
  updateAuthorization,
} from '../../scripts/influxd/operator';
import { createGateway, type Gateway } from '../influx/gateway';
import { loadTokenDetail } from './detail';
import { keptOrderNames, queryInventory } from './filter';
import { cloneAuthorization, forEachToken, replaceAuthorization } from './operations';
import { DEFAULT_QUERY } from './query';
import { readInventory } from './store';

let inst: InfluxInstance;
let gw: Gateway;
let plant: string;
let gone: string;
let ana: string;
const ids: Record<string, { id: string; token: string }> = {};

beforeAll(async () => {
  inst = await startInfluxd({ hashedTokens: true });
  gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
  const O = inst.orgID;
  plant = await createBucket(inst, 'plant');
  gone = await createBucket(inst, 'gone');
  ana = await createUser(inst, 'ana');
  ids.writer = await createToken(inst, {
    description: 'plant writer',
    userID: ana,
    permissions: [
      { action: 'write', resource: { type: 'buckets', id: plant, orgID: O } },
      { action: 'read', resource: { type: 'buckets', id: plant, orgID: O } },
      { action: 'read', resource: { type: 'dashboards', orgID: O } },
    ],
  });
  ids.stale = await createToken(inst, {
    description: 'reads a deleted bucket',
    permissions: [{ action: 'read', resource: { type: 'buckets', id: gone, orgID: O } }],
  });
  ids.minter = await createToken(inst, {
    description: 'minter',
    permissions: [{ action: 'write', resource: { type: 'authorizations', orgID: O } }],
  });
  await deleteBucket(inst, gone);
});
afterAll(async () => {
  await inst?.stop();
});

describe('reading the inventory', () => {
  it('lists every token of the org with owner names, and filters by bucket and sensitivity', async () => {
    const snap = await readInventory(gw, inst.orgID, inst.consoleTokenID);
    const byDesc = new Map(snap.records.map((r) => [r.description, r]));
    expect(byDesc.get('plant writer')).toMatchObject({
      ownerName: 'ana',
      status: 'active',
      summary: { chips: ['read/write bucket plant', 'read all dashboards'] },
    });
    expect(byDesc.get('token-console credential')?.isConsoleCredential).toBe(true);
    const canWritePlant = queryInventory(snap.records, { ...DEFAULT_QUERY, canWrite: plant })
      .rows.map((r) => r.description)
      .sort();
    // the writer by id; the operator's and the console's tokens by their type-wide grants
    expect(canWritePlant).toEqual(["operator's Token", 'plant writer', 'token-console credential']);
    const sensitive = queryInventory(snap.records, { ...DEFAULT_QUERY, sensitive: true })
      .rows.map((r) => r.description)
      .sort();
    expect(sensitive).toEqual(['minter', "operator's Token", 'token-console credential']);
    expect(snap.facets.buckets.map((b) => b.name)).toContain('plant');
    expect(snap.facets.owners.map((o) => o.name)).toEqual(expect.arrayContaining(['ana', 'operator', 'token-console']));
  });

  it('a reload builds on the kept list: the same list when nothing changed, its sorted orders carried over when something did', async () => {
    const views = [DEFAULT_QUERY, { ...DEFAULT_QUERY, sort: 'description' as const, dir: 'asc' as const }];
    const probe = await createToken(inst, {
      description: 'reload probe',
      permissions: [{ action: 'read', resource: { type: 'orgs', id: inst.orgID } }],
    });
    const first = await readInventory(gw, inst.orgID, inst.consoleTokenID);
    for (const q of views) queryInventory(first.records, q);

    const unchanged = await readInventory(gw, inst.orgID, inst.consoleTokenID, { previous: first });
    expect(unchanged.records).toBe(first.records);

    expect((await updateAuthorization(inst, probe.id, { description: 'a reload probe, renamed' })).status).toBe(200);
    const added = await createToken(inst, {
      description: 'another probe',
      permissions: [{ action: 'read', resource: { type: 'orgs', id: inst.orgID } }],
    });
    const changed = await readInventory(gw, inst.orgID, inst.consoleTokenID, { previous: unchanged });
    expect(changed.records).not.toBe(first.records);
    expect(keptOrderNames(changed.records).sort()).toEqual(['created desc', 'description asc', 'id']);
    for (const q of views) expect(queryInventory(changed.records, q)).toEqual(queryInventory([...changed.records], q));
    const described = queryInventory(changed.records, { ...views[1]!, q: 'probe' }).rows.map((r) => r.description);
    expect(described).toEqual(['a reload probe, renamed', 'another probe']);
    for (const id of [probe.id, added.id]) expect(await deleteAuthorization(inst, id)).toBe(204);
  });
});

describe('detail view', () => {
  it('says the permissions in plain words, and shows a deleted bucket as deleted (no error)', async () => {
    const types = await gw.resourceTypes();
    const writer = (await gw.getAuthorization(ids.writer!.id))!;
    const d1 = await loadTokenDetail(gw, writer, { orgName: inst.org, resourceTypes: types });
    expect(d1.lines.map((l) => l.text)).toEqual(['Read bucket plant', 'Write to bucket plant', 'Read every dashboard in org acme']);
    expect(d1).toMatchObject({ ownerName: 'ana', ownerMissing: false, orgName: 'acme' });

    const stale = (await gw.getAuthorization(ids.stale!.id))!;
    const d2 = await loadTokenDetail(gw, stale, { orgName: inst.org, resourceTypes: types });
    expect(d2.lines).toEqual([{ text: `Read bucket ${gone} (deleted)`, mentionsDeleted: true }]);

    const minter = (await gw.getAuthorization(ids.minter!.id))!;
    const d3 = await loadTokenDetail(gw, minter, { orgName: inst.org, resourceTypes: types });
    expect(d3.lines[0]!.sensitive).toMatch(/create, change and delete API tokens/);
  });
});

describe('clone', () => {
  it('makes a working token with identical permissions and the same owner', async () => {
    const original = (await gw.getAuthorization(ids.writer!.id))!;
    const minted = await cloneAuthorization(gw, original, 'plant writer (clone)');
    const a = (await getAuthorization(inst, ids.writer!.id)).body;
    const b = (await getAuthorization(inst, minted.authorization.id)).body;
    expect(sortedPermissionStrings(b.permissions)).toEqual(sortedPermissionStrings(a.permissions));
    expect(b.userID).toBe(ana);
    expect(b.status).toBe('active');
    expect(await bucketStatus(inst, minted.token, plant)).toBe(200);
  });
});

describe('replace', () => {
  const schedule = () => {
    throw new Error('not used');
  };

  it('immediately: the clone works and the original is refused', async () => {
    const t = await createToken(inst, {
      description: 'rotate me',
      permissions: [{ action: 'read', resource: { type: 'buckets', id: plant, orgID: inst.orgID } }],
    });
    expect(await bucketStatus(inst, t.token, plant)).toBe(200);
    const original = (await gw.getAuthorization(t.id))!;
    const result = await replaceAuthorization({ gateway: gw, schedule }, original, {
      graceSeconds: 0,
      description: 'rotate me (replacement)',
    });
    expect(result.original.state).toBe('deactivated');
    expect(await bucketStatus(inst, t.token, plant)).toBe(401);
    expect(await bucketStatus(inst, result.minted.token, plant)).toBe(200);
  });

  it('with a grace period: the original stays active and the deactivation is recorded for later', async () => {
    const t = await createToken(inst, {
      description: 'rotate later',
      permissions: [{ action: 'read', resource: { type: 'buckets', id: plant, orgID: inst.orgID } }],
    });
    const original = (await gw.getAuthorization(t.id))!;
    const recorded: unknown[] = [];
    const result = await replaceAuthorization(
      { gateway: gw, schedule: (x) => Promise.resolve((recorded.push(x), 42)), now: () => 1_000_000 },
      original,
      {
        graceSeconds: 90,
        description: 'rotate later (replacement)',
      },
    );
    expect(result.original).toEqual({ state: 'scheduled', scheduleId: 42, dueAt: new Date(1_000_000 + 90_000).toISOString() });
    expect(recorded).toEqual([{ originalID: t.id, replacementID: result.minted.authorization.id, dueAt: 1_090_000 }]);
    expect(await bucketStatus(inst, t.token, plant)).toBe(200);
  });

  it('half-way failure (the original was deleted between the two steps) says what was done and leaves the choice', async () => {
    const t = await createToken(inst, {
      description: 'vanishing',
      permissions: [{ action: 'read', resource: { type: 'buckets', id: plant, orgID: inst.orgID } }],
    });
    const original = (await gw.getAuthorization(t.id))!;
    // Someone deletes the original right after the clone was made: influxd then answers the
    // deactivation with a real 404.
    const racing: Gateway = {
      ...gw,
      createAuthorization: async (input) => {
        const minted = await gw.createAuthorization(input);
        await deleteAuthorization(inst, t.id);
        return minted;
      },
    };
    const result = await replaceAuthorization({ gateway: racing, schedule }, original, {
      graceSeconds: 0,
      description: 'vanishing (replacement)',
    });
    expect(result.original.state).toBe('not-deactivated');
    if (result.original.state === 'not-deactivated')
      expect(result.original.problem).toMatch(/deactivate the original token: InfluxDB no longer has it/);
    // The clone exists and works; undo = delete it.
    expect(await bucketStatus(inst, result.minted.token, plant)).toBe(200);
    await gw.deleteAuthorization(result.minted.authorization.id);
    expect(await bucketStatus(inst, result.minted.token, plant)).toBe(401);
  });

  it('a clone the console credential may not grant fails before anything is changed', async () => {
    // The operator token holds instance-wide permissions the console credential does not have.
    const operator = (await gw.listAuthorizations({ orgID: inst.orgID })).find((a) => a.description === "operator's Token")!;
    await expect(replaceAuthorization({ gateway: gw, schedule }, operator, { graceSeconds: 0, description: 'x' })).rejects.toMatchObject({
      kind: 'forbidden',
    });
    expect((await gw.getAuthorization(operator.id))!.status).toBe('active');
  });
});

describe('bulk', () => {
  it('reports each token: done, or why not', async () => {
    const a = await createToken(inst, {
      description: 'bulk a',
      permissions: [{ action: 'read', resource: { type: 'buckets', id: plant, orgID: inst.orgID } }],
    });
    const b = await createToken(inst, {
      description: 'bulk b',
      permissions: [{ action: 'read', resource: { type: 'buckets', id: plant, orgID: inst.orgID } }],
    });
    await gw.deleteAuthorization(b.id); // gone before the bulk action runs
    const results = await forEachToken(
      [a.id, b.id],
      (id) => (id === a.id ? 'bulk a' : 'bulk b'),
      (id) => gw.updateAuthorization(id, { status: 'inactive' }).then(() => undefined),
      'deactivate the token',
    );
    expect(results[0]).toEqual({ id: a.id, description: 'bulk a', ok: true });
    expect(results[1]).toMatchObject({ id: b.id, description: 'bulk b', ok: false });
    expect(results[1]!.problem).toMatch(/no longer has it/);
    expect(await bucketStatus(inst, a.token, plant)).toBe(401);
  });
});
