// Against every influxd whose GET /authorizations hands out every token value in clear (2.9.1 with
// --use-hashed-tokens=false, and 2.7.12, which cannot hash at all): prove that no value gets past
// the access layer into a DTO, an inventory record, a browser row or a detail view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfluxd, type InfluxInstance } from '../../scripts/influxd/harness';
import { createBucket, createToken, deleteBucket, listAuthorizations } from '../../scripts/influxd/operator';
import { loadTokenDetail } from '../inventory/detail';
import { toRow } from '../inventory/records';
import { readInventory } from '../inventory/store';
import { createGateway, type Gateway } from './gateway';
import { INFLUXD_SERVERS } from './support/influxd-servers';

let inst: InfluxInstance;
let gw: Gateway;
let values: string[];

/** Every token value the operator can list right now (the canary set). */
async function allValues(): Promise<string[]> {
  const auths = await listAuthorizations(inst);
  return auths.map((a) => a.token as string);
}

function expectNoValue(label: string, value: unknown) {
  const json = JSON.stringify(value);
  for (const v of values) expect(json.includes(v), `${label} contains a token value`).toBe(false);
  expect(json, `${label} has a token field`).not.toMatch(/"token"\s*:/);
}

describe.each(INFLUXD_SERVERS.filter((s) => s.listsValues))('$label', (server) => {
  beforeAll(async () => {
    inst = await startInfluxd(server.start);
    gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
    const bucket = await createBucket(inst, 'plant');
    const gone = await createBucket(inst, 'gone');
    const O = inst.orgID;
    await createToken(inst, {
      description: 'writer',
      permissions: [{ action: 'write', resource: { type: 'buckets', id: bucket, orgID: O } }],
    });
    await createToken(inst, {
      description: 'inactive reader',
      status: 'inactive',
      permissions: [{ action: 'read', resource: { type: 'buckets', id: gone, orgID: O } }],
    });
    await createToken(inst, { description: 'minter', permissions: [{ action: 'write', resource: { type: 'authorizations', orgID: O } }] });
    await deleteBucket(inst, gone);
    values = await allValues();
  });
  afterAll(async () => {
    await inst?.stop();
  });

  it('the server really does list values in clear (otherwise this test proves nothing)', async () => {
    expect(values.length).toBeGreaterThanOrEqual(5); // operator, console credential, the three above
    expect(values.every((v) => typeof v === 'string' && v.length > 40)).toBe(true);
    expect(values).toContain(inst.consoleToken);
    expect(values).toContain(inst.operatorToken);
  });

  it('listAuthorizations and getAuthorization return DTOs without any value', async () => {
    const list = await gw.listAuthorizations({ orgID: inst.orgID });
    expect(list.length).toBe(values.length);
    expectNoValue('list', list);
    for (const a of list) expectNoValue(`get ${a.id}`, await gw.getAuthorization(a.id));
  });

  it('updateAuthorization (whose answer also carries the value) returns a DTO without it', async () => {
    const list = await gw.listAuthorizations({ orgID: inst.orgID });
    const writer = list.find((a) => a.description === 'writer')!;
    expectNoValue('patch description', await gw.updateAuthorization(writer.id, { description: 'writer (renamed)' }));
    expectNoValue('patch status', await gw.updateAuthorization(writer.id, { status: 'inactive' }));
    expectNoValue('patch status back', await gw.updateAuthorization(writer.id, { status: 'active' }));
  });

  it('the inventory snapshot, browser rows and detail views carry no value', async () => {
    const snap = await readInventory(gw, inst.orgID, inst.consoleTokenID);
    expect(snap.records.length).toBe(values.length);
    expectNoValue('snapshot', snap);
    expectNoValue('rows', snap.records.map(toRow));
    for (const a of await gw.listAuthorizations({ orgID: inst.orgID })) {
      const detail = await loadTokenDetail(gw, a, {
        orgName: inst.org,
        resourceTypes: snap.context.resourceTypes,
        consoleTokenID: inst.consoleTokenID,
      });
      expectNoValue(`detail ${a.description}`, detail);
    }
  });

  it('the only value the access layer ever returns is the one of a token it just created', async () => {
    const minted = await gw.createAuthorization({
      orgID: inst.orgID,
      description: 'fresh',
      status: 'active',
      permissions: [{ action: 'read', resource: { type: 'dashboards', orgID: inst.orgID } }],
    });
    expect(minted.token.length).toBeGreaterThan(40);
    expectNoValue('minted.authorization', minted.authorization);
    values = await allValues();
    expect(values).toContain(minted.token);
    expectNoValue('list after create', await gw.listAuthorizations({ orgID: inst.orgID }));
  });
});
