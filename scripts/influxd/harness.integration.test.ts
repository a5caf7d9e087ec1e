// Integration tests of the influxd harness against a real influxd 2.9.1 (and 2.7.12 through the version option).
// Run: npx vitest run scripts/influxd/harness.integration.test.ts --testTimeout 120000
// Instances start one at a time (tests in a file run sequentially): the machine has 2 cores.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLimitedToken, influxFetch, queryBucket, startInfluxd, writeLine, type InfluxInstance } from './harness';
import { createBuckets, influxRequest, listAuthorizations, type Authorization, type NewAuthorization, type User } from './operator';

function expectGone(inst: InfluxInstance) {
  expect(() => process.kill(inst.pid, 0)).toThrow();
}

for (const hashedTokens of [true, false]) {
  describe(`influxd with hashedTokens=${hashedTokens}`, () => {
    let inst: InfluxInstance;
    const knownOperatorToken = hashedTokens ? undefined : 'harness-known-operator-token';

    beforeAll(async () => {
      inst = await startInfluxd({ hashedTokens, operatorToken: knownOperatorToken });
    });
    afterAll(async () => {
      await inst?.stop();
    });

    it('is healthy and onboarded with the requested org and bucket', async () => {
      const health = await fetch(`${inst.url}/health`);
      expect(health.status).toBe(200);
      expect((await health.json()).status).toBe('pass');
      expect(inst.org).toBe('acme');
      expect(inst.bucket).toBe('telemetry');
      expect(inst.hashedTokens).toBe(hashedTokens);
      if (knownOperatorToken) expect(inst.operatorToken).toBe(knownOperatorToken);
      const mode = statSync(join(inst.dataDir, 'instance.json')).mode & 0o777;
      expect(mode).toBe(0o600);
    });

    it('gives the console its own user and a token distinct from the operator token', async () => {
      expect(inst.consoleToken).toBeTruthy();
      expect(inst.consoleToken).not.toBe(inst.operatorToken);
      const me = await influxRequest<User>(inst, inst.consoleToken, 'GET', '/api/v2/me');
      expect(me.status).toBe(200);
      expect(me.body.name).toBe('token-console');
      expect(me.body.id).toBe(inst.consoleUserID);
      expect(inst.consoleUserID).not.toBe(inst.operatorUserID);
    });

    it('lists token values only when hashing is off', async () => {
      const list = await influxRequest<{ authorizations: Authorization[] }>(
        inst,
        inst.operatorToken,
        'GET',
        `/api/v2/authorizations?orgID=${inst.orgID}`,
      );
      expect(list.status).toBe(200);
      const auths: { token?: string; userID: string }[] = list.body.authorizations;
      const own = auths.find((a) => a.userID === inst.consoleUserID)!;
      if (hashedTokens) {
        // 2.9.1 hashed mode (observed): the `token` key is present with an empty string, on every
        // entry of the list and on GET /authorizations/{id}; only the 201 of a create holds the value.
        expect(auths.every((a) => 'token' in a && a.token === '')).toBe(true);
      } else {
        expect(own.token).toBe(inst.consoleToken);
        expect(auths.some((a) => a.token === inst.operatorToken)).toBe(true);
      }
    });

    it('lets the console credential create users and mint tokens they own (write:users type-wide)', async () => {
      const user = await influxRequest<User>(inst, inst.consoleToken, 'POST', '/api/v2/users', { name: `alice-${hashedTokens}` });
      expect(user.status).toBe(201);
      const found = await influxRequest<{ users: User[] }>(inst, inst.consoleToken, 'GET', `/api/v2/users?name=alice-${hashedTokens}`);
      expect(found.body.users[0]?.id).toBe(user.body.id);

      const bucketRead = { action: 'read', resource: { type: 'buckets', id: inst.bucketID, orgID: inst.orgID } };
      const minted = await influxRequest<NewAuthorization>(inst, inst.consoleToken, 'POST', '/api/v2/authorizations', {
        orgID: inst.orgID,
        userID: user.body.id,
        permissions: [bucketRead],
      });
      expect(minted.status).toBe(201);
      expect(minted.body.userID).toBe(user.body.id);
      expect(minted.body.token).toBeTruthy();
      expect(await queryBucket(inst, minted.body.token, inst.bucket)).toBe(200);

      // The escalation check still applies: nothing beyond what the console itself holds.
      const tooMuch = await influxRequest<NewAuthorization>(inst, inst.consoleToken, 'POST', '/api/v2/authorizations', {
        orgID: inst.orgID,
        userID: user.body.id,
        permissions: [{ action: 'read', resource: { type: 'buckets' } }],
      });
      expect(tooMuch.status).toBe(403);
    });

    it('records that write:users type-wide is operator-equivalent (see consolePermissions)', async () => {
      const pw = await influxFetch(inst, inst.consoleToken, `/api/v2/users/${inst.operatorUserID}/password`, {
        method: 'POST',
        body: JSON.stringify({ password: 'reset-by-console' }),
      });
      expect(pw.status).toBe(204);
      const signin = await fetch(`${inst.url}/api/v2/signin`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from('operator:reset-by-console').toString('base64')}` },
      });
      expect(signin.status).toBe(204);
    });

    it('helpers: limited token, write, query, bulk buckets', async () => {
      const writeOnly = await createLimitedToken(inst, [
        { action: 'write', resource: { type: 'buckets', id: inst.bucketID, orgID: inst.orgID } },
      ]);
      expect(await writeLine(inst, writeOnly, inst.bucket, `cpu,host=a usage=1 ${Math.floor(Date.now() / 1000)}`)).toBe(204);
      // Write does not imply read: flux answers 404 (bucket not found) for a bucket the token cannot read.
      expect(await queryBucket(inst, writeOnly, inst.bucket)).toBe(404);
      expect(await queryBucket(inst, inst.consoleToken, inst.bucket)).toBe(200);
      // Owned by the console user (seen through the operator's list of that user's tokens).
      const owned = await listAuthorizations(inst, { userID: inst.consoleUserID });
      expect(owned.length).toBe(2);
      // /me needs read:users/<own id>, which a deliberately limited credential lacks.
      expect((await influxRequest<User>(inst, writeOnly, 'GET', '/api/v2/me')).status).toBe(401);

      const names = Array.from({ length: 200 }, (_, i) => `bulk-${i}`);
      const t0 = Date.now();
      const ids = await createBuckets(inst, names);
      console.log(`createBuckets: ${names.length} buckets in ${Date.now() - t0} ms`);
      expect(ids.size).toBe(names.length);
    });

    it('stop() kills the process and removes the temp dir', async () => {
      await inst.stop();
      expectGone(inst);
      expect(existsSync(inst.dataDir)).toBe(false);
    });
  });
}

describe('persistent data dir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'influxd-harness-persist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is reopened with the same operator and console credentials', async () => {
    const first = await startInfluxd({ dataDir: dir, persistent: true });
    await first.stop();
    expectGone(first);
    expect(existsSync(join(dir, 'instance.json'))).toBe(true);

    const second = await startInfluxd({ dataDir: dir, persistent: true });
    try {
      expect(second.orgID).toBe(first.orgID);
      expect(second.operatorToken).toBe(first.operatorToken);
      expect(second.consoleToken).toBe(first.consoleToken);
      const me = await influxRequest<User>(second, second.consoleToken, 'GET', '/api/v2/me');
      expect(me.body.name).toBe('token-console');
    } finally {
      await second.stop();
    }
    expectGone(second);
    expect(existsSync(dir)).toBe(true);
  });
});

describe('version option', () => {
  it('runs influxd 2.7.12 (built and cached by ensure.sh), which cannot hash and so lists values', async () => {
    const inst = await startInfluxd({ version: '2.7.12' });
    try {
      expect(inst.hashedTokens).toBe(false);
      const ping = await fetch(`${inst.url}/ping`);
      expect(ping.headers.get('x-influxdb-version')).toBe('v2.7.12');
      const values = (await listAuthorizations(inst)).map((a) => (a as NewAuthorization).token);
      expect(values).toEqual(expect.arrayContaining([inst.operatorToken, inst.consoleToken]));
    } finally {
      await inst.stop();
    }
    expectGone(inst);
  });

  it('refuses hashed tokens on 2.7.12 instead of starting a server that would not hash', async () => {
    await expect(startInfluxd({ version: '2.7.12', hashedTokens: true })).rejects.toThrow(/cannot hash tokens/);
  });
});
