// The access layer against a real influxd 2.9.1 (scripts/influxd/harness.ts), plus the faults a
// real server cannot produce on demand, against a tiny fake HTTP server (marked as such below).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfluxd, type InfluxInstance } from '@/scripts/influxd/harness';
import { createBuckets } from '@/scripts/influxd/operator';
import { InfluxError } from './errors';
import { createGateway, type Gateway } from './gateway';
import { describeInfluxError } from './messages';

let inst: InfluxInstance;
let gw: Gateway;

beforeAll(async () => {
  inst = await startInfluxd({ hashedTokens: true });
  gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
});
afterAll(async () => {
  await inst?.stop();
});

describe('access layer against a real influxd', () => {
  it('ping reports version and flavour from the headers', async () => {
    expect(await gw.ping()).toEqual({ version: 'v2.9.1', flavour: 'OSS' });
  });

  it('health passes', async () => {
    expect((await gw.health()).status).toBe('pass');
  });

  it('lists resource types without instance', async () => {
    const types = await gw.resourceTypes();
    expect(types).toContain('buckets');
    expect(types).toContain('authorizations');
    expect(types).not.toContain('instance');
  });

  it('me is the console service user', async () => {
    expect(await gw.me()).toMatchObject({ id: inst.consoleUserID, name: 'token-console' });
  });

  it('finds the org by name and by id, and not an unknown one', async () => {
    expect(await gw.findOrg(inst.org)).toEqual({ id: inst.orgID, name: inst.org });
    expect(await gw.findOrg(inst.orgID)).toEqual({ id: inst.orgID, name: inst.org });
    expect(await gw.findOrg('no-such-org')).toBeUndefined();
  });

  it('pages buckets with after and finds one by name', async () => {
    await createBuckets(
      inst,
      Array.from({ length: 130 }, (_, i) => `page-${String(i).padStart(3, '0')}`),
    );
    const first = await gw.listBuckets(inst.orgID, { limit: 100 });
    expect(first).toHaveLength(100);
    const second = await gw.listBuckets(inst.orgID, { after: first.at(-1)!.id, limit: 100 });
    expect(second.length).toBeGreaterThan(30);
    expect(new Set([...first, ...second].map((b) => b.id)).size).toBe(first.length + second.length);
    const all = await gw.allBuckets(inst.orgID);
    expect(all.length).toBe(first.length + second.length);
    expect(
      all
        .filter((b) => b.type === 'system')
        .map((b) => b.name)
        .sort(),
    ).toEqual(['_monitoring', '_tasks']);
    expect(await gw.findBucketByName(inst.orgID, 'page-042')).toMatchObject({ name: 'page-042', type: 'user' });
    expect(await gw.findBucketByName(inst.orgID, 'missing')).toBeUndefined();
  });

  it('creates, reads, patches, lists and deletes an authorization; the value only in create', async () => {
    const minted = await gw.createAuthorization({
      orgID: inst.orgID,
      description: 'gateway test',
      status: 'active',
      permissions: [{ action: 'read', resource: { type: 'buckets', id: inst.bucketID, orgID: inst.orgID } }],
    });
    expect(minted.token.length).toBeGreaterThan(40);
    expect(JSON.stringify(minted.authorization)).not.toContain(minted.token);
    const id = minted.authorization.id;
    expect((await gw.getAuthorization(id))?.description).toBe('gateway test');
    const patched = await gw.updateAuthorization(id, { status: 'inactive', description: 'renamed' });
    expect(patched).toMatchObject({ status: 'inactive', description: 'renamed' });
    const listed = await gw.listAuthorizations({ orgID: inst.orgID });
    expect(listed.map((a) => a.id)).toContain(id);
    expect(JSON.stringify(listed)).not.toContain(minted.token);
    await gw.deleteAuthorization(id);
    expect(await gw.getAuthorization(id)).toBeUndefined();
  });

  it('users: create, find by name, delete', async () => {
    const user = await gw.createUser('gateway-user');
    expect(await gw.findUserByName('gateway-user')).toEqual(user);
    expect(await gw.findUserByName('nobody-here')).toBeUndefined();
    await gw.deleteUser(user.id);
    expect(await gw.getUser(user.id)).toBeUndefined();
  });

  it('a bad credential is a typed unauthorized error with actionable words', async () => {
    const bad = createGateway({ url: inst.url, token: 'x'.repeat(40), timeoutMs: 5000 });
    const error = await bad.listAuthorizations({ orgID: inst.orgID }).catch((e) => e);
    expect(error).toBeInstanceOf(InfluxError);
    expect(error.kind).toBe('unauthorized');
    expect(describeInfluxError(error, { doing: 'list tokens' })).toMatch(/rejected the console's credential/);
  });

  it('an org the credential does not hold is refused with the missing permission named', async () => {
    const error = await gw
      .createAuthorization({
        orgID: '0123456789abcdef',
        description: 'x',
        status: 'active',
        permissions: [{ action: 'read', resource: { type: 'buckets', orgID: '0123456789abcdef' } }],
      })
      .catch((e) => e);
    expect(error).toBeInstanceOf(InfluxError);
    expect(['unauthorized', 'forbidden', 'not-found']).toContain(error.kind);
    const words = describeInfluxError(error, { doing: 'create the token' });
    expect(words).not.toMatch(/\{|\}|stack/);
  });

  it('an escalation (a permission the credential lacks) is forbidden and names it', async () => {
    const error = await gw
      .createAuthorization({
        orgID: inst.orgID,
        description: 'x',
        status: 'active',
        permissions: [{ action: 'read', resource: { type: 'buckets' } }],
      })
      .catch((e) => e);
    expect(error).toBeInstanceOf(InfluxError);
    expect(error.kind).toBe('forbidden');
    expect(describeInfluxError(error, { doing: 'create the token', orgName: 'acme' })).toContain('read:buckets');
  });
});

// --- Faults a real influxd cannot produce on demand: a FAKE HTTP server, deliberately. ---
describe('faults (fake server: timeouts, 5xx, dropped connections)', () => {
  let server: Server;
  let url: string;
  const hits: Record<string, number> = {};
  let mode: 'hang' | '503' | 'drop' = '503';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const key = `${req.method} ${req.url?.split('?')[0]}`;
      hits[key] = (hits[key] ?? 0) + 1;
      if (mode === 'hang') return; // never answers
      if (mode === 'drop') return req.socket.destroy();
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'unavailable', message: 'secret-looking body that must not leak' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });

  it('retries GETs a bounded number of times on 5xx', async () => {
    mode = '503';
    const g = createGateway({ url, token: 't'.repeat(40), timeoutMs: 1000, getRetries: 2 });
    const error = await g.listAuthorizations().catch((e) => e);
    expect(error.kind).toBe('unavailable');
    expect(hits['GET /api/v2/authorizations']).toBe(3);
    expect(describeInfluxError(error, { doing: 'list tokens' })).not.toContain('secret-looking');
  });

  it('never retries the create call, and a timeout means the outcome is unknown', async () => {
    mode = 'hang';
    const g = createGateway({ url, token: 't'.repeat(40), timeoutMs: 600 });
    const started = Date.now();
    const error = await g
      .createAuthorization({ orgID: '0'.repeat(16), description: 'x', status: 'active', permissions: [] })
      .catch((e) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(InfluxError);
    expect(error.kind).toBe('timeout');
    expect(error.outcomeUnknown).toBe(true);
    expect(hits['POST /api/v2/authorizations']).toBe(1);
  });

  it('a dropped connection is unreachable, not a crash', async () => {
    mode = 'drop';
    const g = createGateway({ url, token: 't'.repeat(40), timeoutMs: 1000, getRetries: 0 });
    const error = await g.health().catch((e) => e);
    expect(error).toBeInstanceOf(InfluxError);
    expect(['unreachable', 'unavailable']).toContain(error.kind);
  });
});
