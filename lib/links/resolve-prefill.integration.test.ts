// resolvePrefill against a real influxd 2.9.1: names to ids, the server's own resource types, the
// role rule, and the grants it yields minting exactly that token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '@/lib/influx/gateway';
import { fromInfluxPermissions, toInfluxPermissions } from '@/lib/permissions/to-influx-permissions';
import { startInfluxd, type InfluxInstance } from '@/scripts/influxd/harness';
import { createBuckets, createTelegraf } from '@/scripts/influxd/operator';
import { resolvePrefill, type ResolveContext } from './resolve-prefill';
import { decodeShareLink } from './share-link';

let inst: InfluxInstance;
let gw: Gateway;
let ctx: (role: ResolveContext['role']) => ResolveContext;
const telegrafIds: Record<string, string> = {};

const TELEGRAF_CONFIG = '[[inputs.cpu]]\n[[outputs.influxdb_v2]]\n';

beforeAll(async () => {
  inst = await startInfluxd();
  gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 10_000 });
  await createBuckets(inst, ['iot-center', 'a/b c']);
  telegrafIds.agent = (await createTelegraf(inst, 'edge-agent', TELEGRAF_CONFIG)).id;
  await createTelegraf(inst, 'dup', TELEGRAF_CONFIG);
  await createTelegraf(inst, 'dup', TELEGRAF_CONFIG);
  ctx = (role) => ({ gateway: gw, role, defaultOrg: { id: inst.orgID, name: inst.org } });
});
afterAll(async () => {
  await inst?.stop();
});

const resolveLink = (link: string, role: ResolveContext['role']) => {
  const decoded = decodeShareLink(link);
  return resolvePrefill(decoded.prefill, ctx(role), decoded.notApplied);
};

describe('resolvePrefill on influxd 2.9.1', () => {
  it('resolves bucket and Telegraf names to ids in the org and keeps everything else', async () => {
    const bucketID = (await gw.findBucketByName(inst.orgID, 'iot-center'))!.id;
    const odd = (await gw.findBucketByName(inst.orgID, 'a/b c'))!.id;
    const r = await resolveLink(
      '/tokens/new?v=1&d=IoT+writer&s=inactive&org=acme&p=write:buckets/iot-center&p=read:buckets/iot-center&p=read:buckets/a/b+c' +
        '&p=read:dashboards&p=write:telegrafs/edge-agent&p=read:users/owner',
      'creator',
    );
    expect(r.notApplied).toEqual([]);
    expect(r.org).toEqual({ id: inst.orgID, name: 'acme' });
    expect(r.description).toBe('IoT writer');
    expect(r.status).toBe('inactive');
    expect(r.grants).toEqual([
      {
        type: 'buckets',
        action: 'read',
        scope: {
          kind: 'items',
          items: [
            { id: bucketID, name: 'iot-center' },
            { id: odd, name: 'a/b c' },
          ].sort((a, b) => a.id.localeCompare(b.id)),
        },
      },
      { type: 'dashboards', action: 'read', scope: { kind: 'all' } },
      { type: 'users', action: 'read', scope: { kind: 'owner' } },
      { type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: bucketID, name: 'iot-center' }] } },
      { type: 'telegrafs', action: 'write', scope: { kind: 'items', items: [{ id: telegrafIds.agent, name: 'edge-agent' }] } },
    ]);
    expect(r.sensitive).toEqual([]);
    // The types come from the server itself: OSS has notebooks, not Cloud's functions.
    expect(r.resourceTypes).toContain('notebooks');
    expect(r.resourceTypes).not.toContain('functions');
    expect(r.resourceTypes).not.toContain('instance');
  });

  it('shows an unknown bucket, a Cloud-only type and a grant beyond the role as not applied, with reasons', async () => {
    const r = await resolveLink(
      '?v=1&p=read:buckets/iot-center&p=read:buckets/no-such-bucket&p=read:functions&p=write:authorizations&p=bogus',
      'creator',
    );
    expect(r.grants.map((g) => `${g.action}:${g.type}`)).toEqual(['read:buckets']);
    expect(r.notApplied).toEqual([
      { part: 'p=bogus', reason: expect.stringMatching(/<read\|write>:<type>/) },
      {
        part: 'p=write:authorizations',
        reason: expect.stringMatching(/^only admins may grant this: it can create, change and delete API tokens/),
      },
      { part: 'p=read:functions', reason: 'this InfluxDB server has no resource type “functions” (it exists only on InfluxDB Cloud)' },
      { part: 'p=read:buckets/no-such-bucket', reason: 'no bucket named “no-such-bucket” in org acme' },
    ]);
  });

  it('applies sensitive grants for an admin and flags them; a viewer gets nothing', async () => {
    const admin = await resolveLink('?p=write:authorizations&p=read:secrets&p=read:buckets', 'admin');
    expect(admin.notApplied).toEqual([]);
    expect(admin.sensitive.map((f) => `${f.action}:${f.type}`)).toEqual(['read:secrets', 'write:authorizations']);
    const viewer = await resolveLink('?p=read:buckets', 'viewer');
    expect(viewer.grants).toEqual([]);
    expect(viewer.notApplied).toEqual([{ part: 'p=read:buckets', reason: expect.stringMatching(/viewers cannot create tokens/) }]);
  });

  it('says when a Telegraf name is ambiguous or unknown, and when an org or owner does not exist', async () => {
    const r = await resolveLink('?org=nope&owner=token-console&p=read:telegrafs/dup&p=read:telegrafs/ghost', 'creator');
    expect(r.org.name).toBe('acme');
    expect(r.owner).toEqual({ id: inst.consoleUserID, name: 'token-console' });
    expect(r.grants).toEqual([]);
    expect(r.notApplied).toEqual([
      { part: 'org=nope', reason: 'no organisation named “nope” that the console can use; the form uses acme' },
      { part: 'p=read:telegrafs/dup', reason: '2 Telegraf configurations are named “dup” in org acme; choose one in the form' },
      { part: 'p=read:telegrafs/ghost', reason: 'no Telegraf configuration named “ghost” in org acme' },
    ]);
    const unknownOwner = await resolveLink('?owner=nobody-here', 'creator');
    expect(unknownOwner.owner).toBeUndefined();
    expect(unknownOwner.notApplied).toEqual([{ part: 'owner=nobody-here', reason: 'no InfluxDB user named “nobody-here”' }]);
  });

  it('resolves many bucket names with one paged listing', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `many-${i}`);
    const ids = await createBuckets(inst, names);
    const r = await resolveLink(`?${[...names, 'many-missing'].map((n) => `p=write:buckets/${n}`).join('&')}`, 'creator');
    const items = r.grants[0]!.scope.kind === 'items' ? r.grants[0]!.scope.items : [];
    expect(new Set(items.map((i) => i.id))).toEqual(new Set(ids.values()));
    expect(r.notApplied).toEqual([{ part: 'p=write:buckets/many-missing', reason: 'no bucket named “many-missing” in org acme' }]);
  });

  it('the resolved grants mint a token whose permissions, read back, are exactly those grants', async () => {
    const r = await resolveLink(
      '?d=from-link&p=write:buckets/iot-center&p=read:buckets/iot-center&p=read:dashboards&p=read:users/owner',
      'creator',
    );
    const minted = await gw.createAuthorization({
      orgID: r.org.id,
      description: r.description!,
      status: 'active',
      userID: inst.consoleUserID,
      permissions: toInfluxPermissions(r.grants, { orgID: r.org.id, ownerUserID: inst.consoleUserID }),
    });
    const back = await gw.getAuthorization(minted.authorization.id);
    const readBack = fromInfluxPermissions(back!.permissions, { orgID: r.org.id, ownerUserID: inst.consoleUserID });
    expect(readBack.foreign).toEqual([]);
    // Names are display-only: compare ids and scopes.
    const strip = (gs: typeof r.grants) =>
      gs.map((g) => ({
        ...g,
        scope: g.scope.kind === 'items' ? { kind: 'items', items: g.scope.items.map((i) => ({ id: i.id })) } : g.scope,
      }));
    expect(strip(readBack.grants)).toEqual(strip(r.grants));
    await gw.deleteAuthorization(minted.authorization.id);
  });
});
