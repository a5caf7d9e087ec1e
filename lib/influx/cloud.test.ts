// The access layer's InfluxDB Cloud paths, against a STAND-IN for Cloud (support/cloud-stand-in.ts:
// Cloud cannot be reached from here, so the stand-in answers as Cloud's OpenAPI contract says).
// Nothing here is about OSS: OSS is tested against a real influxd.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUD_CONTRACT_RESOURCE_TYPES, isRedactedToken } from './cloud-contract';
import { InfluxError, parseRetryAfter } from './errors';
import { createGateway, type Gateway } from './gateway';
import { describeInfluxError } from './messages';
import { startCloudStandIn, type CloudStandIn } from './support/cloud-stand-in';
import { flavourOfURL } from './transport';

let cloud: CloudStandIn;
let gw: Gateway;

beforeAll(async () => {
  cloud = await startCloudStandIn();
  gw = createGateway({ url: cloud.url, token: cloud.token, timeoutMs: 5000 });
});
afterAll(() => cloud?.close());

const readBuckets = { action: 'read' as const, resource: { type: 'buckets', orgID: '' } };
const mint = (description: string) =>
  gw.createAuthorization({
    orgID: cloud.orgID,
    description,
    status: 'active',
    permissions: [{ ...readBuckets, resource: { ...readBuckets.resource, orgID: cloud.orgID } }],
  });

describe('InfluxDB Cloud (stand-in)', () => {
  it('ping reports the Cloud flavour from X-Influxdb-Build and says Cloud is not versioned', async () => {
    expect(await gw.ping()).toEqual({ version: 'unversioned', flavour: 'Cloud' });
  });

  it('the one token value is the one create answers; list and get answer `redacted`, which never becomes a value', async () => {
    const minted = await mint('cloud token');
    expect(minted.token).toBe(cloud.minted.at(-1));
    expect(isRedactedToken(minted.token)).toBe(false);

    const listed = await gw.listAuthorizations({ orgID: cloud.orgID });
    const got = await gw.getAuthorization(minted.authorization.id);
    const patched = await gw.updateAuthorization(minted.authorization.id, { status: 'inactive' });
    for (const [label, value] of Object.entries({ listed, got, patched })) {
      const json = JSON.stringify(value);
      expect(json, label).not.toMatch(/"token"\s*:/);
      expect(json, label).not.toContain('redacted');
      for (const v of cloud.minted) expect(json.includes(v), `${label} carries a value`).toBe(false);
    }
    expect(listed.map((a) => a.id)).toContain(minted.authorization.id);
    expect(got).toMatchObject({ id: minted.authorization.id, description: 'cloud token', status: 'active' });
    expect(patched.status).toBe('inactive');
  });

  it('the permission types are the server’s own list: Cloud’s, with flows and functions, without OSS-only ones', async () => {
    const types = await gw.resourceTypes();
    expect(types).toEqual([...CLOUD_CONTRACT_RESOURCE_TYPES]);
    expect(types).toEqual(expect.arrayContaining(['flows', 'functions']));
    for (const ossOnly of ['remotes', 'replications', 'notebooks', 'sources', 'instance']) expect(types).not.toContain(ossOnly);
  });

  it('a Cloud server that does not answer /api/v2/resources gets the contract’s list, not OSS’s', async () => {
    const bare = await startCloudStandIn({ resources: 'absent' });
    try {
      const g = createGateway({ url: bare.url, token: bare.token, timeoutMs: 5000 });
      // Before a ping, the gateway cannot tell Cloud from OSS: the 404 stays an error.
      await expect(g.resourceTypes()).rejects.toMatchObject({ kind: 'not-found' });
      expect((await g.ping()).flavour).toBe('Cloud');
      expect(await g.resourceTypes()).toEqual([...CLOUD_CONTRACT_RESOURCE_TYPES]);
      // A connection known as Cloud from its configuration needs no ping.
      const configured = createGateway({ url: bare.url, token: bare.token, timeoutMs: 5000, flavour: 'Cloud' });
      expect(await configured.resourceTypes()).toContain('functions');
    } finally {
      await bare.close();
    }
  });

  describe('429 with Retry-After', () => {
    it('a read waits the Retry-After once and then succeeds, inside the call’s deadline', async () => {
      cloud.limit('GET /api/v2/authorizations', 1, 1);
      const before = cloud.hits.get('GET /api/v2/authorizations') ?? 0;
      const list = await gw.listAuthorizations({ orgID: cloud.orgID });
      expect(Array.isArray(list)).toBe(true);
      expect(cloud.hits.get('GET /api/v2/authorizations')).toBe(before + 2);
    });

    it('a read is retried once only: a second 429 is the answer, in words with the seconds', async () => {
      cloud.limit('GET /api/v2/authorizations', 2, 0);
      const before = cloud.hits.get('GET /api/v2/authorizations') ?? 0;
      const error = await gw.listAuthorizations().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InfluxError);
      expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterSeconds: 0, flavour: 'Cloud' });
      expect(cloud.hits.get('GET /api/v2/authorizations')).toBe(before + 2);
      cloud.limit('GET /api/v2/authorizations', 0);
    });

    it('a read whose Retry-After does not fit the deadline is not retried, and the person is told when to try again', async () => {
      cloud.limit('GET /api/v2/authorizations', 1, 30);
      const before = cloud.hits.get('GET /api/v2/authorizations') ?? 0;
      // The token list has its own budget (INFLUX_LIST_BUDGET_MS, at least 120 s by default): 30 s
      // would fit that, so this connection's list budget is set below it.
      const tight = createGateway({ url: cloud.url, token: cloud.token, timeoutMs: 5000, listBudgetMs: 10_000, flavour: 'Cloud' });
      const error = (await tight.listAuthorizations().catch((e: unknown) => e)) as InfluxError;
      expect(error.kind).toBe('rate-limited');
      expect(cloud.hits.get('GET /api/v2/authorizations')).toBe(before + 1);
      expect(describeInfluxError(error, { doing: 'list tokens' })).toBe(
        'Could not list tokens: InfluxDB Cloud is limiting requests; try again in 30 s.',
      );
    });

    it('a create is NEVER retried, even when Retry-After is 0', async () => {
      cloud.limit('POST /api/v2/authorizations', 1, 0);
      const before = cloud.hits.get('POST /api/v2/authorizations') ?? 0;
      const mintedBefore = cloud.minted.length;
      const error = (await mint('limited create').catch((e: unknown) => e)) as InfluxError;
      expect(error).toBeInstanceOf(InfluxError);
      expect(error.kind).toBe('rate-limited');
      expect(error.outcomeUnknown).toBe(false);
      expect(cloud.hits.get('POST /api/v2/authorizations')).toBe(before + 1);
      expect(cloud.minted.length).toBe(mintedBefore);
      expect(describeInfluxError(error, { doing: 'create the token' })).toBe(
        'Could not create the token: InfluxDB Cloud is limiting requests; try again in 0 s.',
      );
    });

    it('changes (PATCH, DELETE) are not retried either', async () => {
      const { authorization } = await mint('patch me');
      const key = `PATCH /api/v2/authorizations/${authorization.id}`;
      cloud.limit(key, 1, 0);
      await expect(gw.updateAuthorization(authorization.id, { status: 'inactive' })).rejects.toMatchObject({ kind: 'rate-limited' });
      expect(cloud.hits.get(key)).toBe(1);
      expect((await gw.getAuthorization(authorization.id))?.status).toBe('active');
    });

    it('without a Retry-After the read is not retried, and the words say to wait', async () => {
      cloud.limit('GET /api/v2/resources', 1);
      const before = cloud.hits.get('GET /api/v2/resources') ?? 0;
      const error = (await gw.resourceTypes().catch((e: unknown) => e)) as InfluxError;
      expect(error.kind).toBe('rate-limited');
      expect(error.retryAfterSeconds).toBeUndefined();
      expect(cloud.hits.get('GET /api/v2/resources')).toBe(before + 1);
      expect(describeInfluxError(error, { doing: 'load the builder' })).toBe(
        'Could not load the builder: InfluxDB Cloud is limiting requests; wait a minute and try again.',
      );
    });
  });
});

describe('Cloud facts without a server', () => {
  it('only the word redacted (any case, padded) is taken for a withheld value', () => {
    for (const w of ['redacted', 'REDACTED', ' Redacted ']) expect(isRedactedToken(w)).toBe(true);
    for (const w of [undefined, '', 'redacted-not', 'x'.repeat(88)]) expect(isRedactedToken(w)).toBe(false);
  });

  it('Retry-After is whole seconds, or an HTTP date counted from now; anything else is ignored', () => {
    const now = Date.parse('2026-11-30T10:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Mon, 30 Nov 2026 10:00:42 GMT', now)).toBe(42);
    expect(parseRetryAfter('Mon, 30 Nov 2026 09:00:00 GMT', now)).toBe(0);
    for (const bad of [undefined, '', '-1', '1.5', 'soon', '12 s']) expect(parseRetryAfter(bad, now)).toBeUndefined();
  });

  it('Cloud URLs are known as Cloud before any ping; others are not guessed', () => {
    expect(flavourOfURL('https://us-east-1-1.aws.cloud2.influxdata.com')).toBe('Cloud');
    expect(flavourOfURL('https://eu-central-1-1.aws.cloud2.influxdata.com/')).toBe('Cloud');
    for (const u of ['http://127.0.0.1:8086', 'https://cloud2.influxdata.com.evil.example', 'not a url'])
      expect(flavourOfURL(u)).toBeUndefined();
  });

  it('without Cloud in sight, a 429 names InfluxDB, not Cloud', () => {
    const e = new InfluxError('rate-limited', '', 429, undefined, 'GET /api/v2/buckets', { retryAfterSeconds: 5 });
    expect(describeInfluxError(e, { doing: 'list buckets' })).toBe(
      'Could not list buckets: InfluxDB is limiting requests; try again in 5 s.',
    );
  });
});
