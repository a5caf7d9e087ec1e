// The curl commands Settings shows for creating the console's credential, run as written (bash +
// curl) against a real influxd with its operator token: the credential they make can do everything
// the console needs, as the console itself then reads from the credential's own authorization.
// Run: npx vitest run --project integration lib/influx/credential-setup.integration.test.ts
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfluxd, type InfluxInstance } from '@/scripts/influxd/harness';
import { resourceTypes } from '@/scripts/influxd/operator';
import { loadCapabilities } from './load-capabilities';
import { credentialSetupCommands } from './credential-setup';
import { createGateway } from './gateway';

let inst: InfluxInstance;
beforeAll(async () => {
  inst = await startInfluxd({ hashedTokens: true });
});
afterAll(async () => {
  await inst?.stop();
});

const bash = (script: string, env: Record<string, string>) =>
  execFileSync('bash', ['-euo', 'pipefail', '-c', script], {
    env: { PATH: process.env.PATH ?? '', ...env } as unknown as NodeJS.ProcessEnv,
    encoding: 'utf8',
  });

describe('the credential setup commands', () => {
  it('curl: steps 1 and 2 as shown make a working console credential owned by a new token-console user', async () => {
    const types = await resourceTypes(inst);
    const { curl } = credentialSetupCommands({ url: inst.url, orgID: inst.orgID, resourceTypes: types, userName: 'console-svc' });
    const [step1, step2] = curl.split(/^USER_ID=.*$/m);
    const env = { INFLUX_OPERATOR_TOKEN: inst.operatorToken };
    const user = JSON.parse(bash(step1!, env));
    expect(user).toMatchObject({ name: 'console-svc', status: 'active' });
    const auth = JSON.parse(bash(step2!, { ...env, USER_ID: user.id }));
    expect(auth).toMatchObject({ userID: user.id, user: 'console-svc', status: 'active', description: 'token-console credential' });
    expect(auth.permissions.some((p: { resource: { type: string } }) => p.resource.type === 'instance')).toBe(false);

    const gw = createGateway({ url: inst.url, token: auth.token, timeoutMs: 5000 });
    const caps = await loadCapabilities(gw, {
      tokenID: auth.id,
      org: { id: inst.orgID, name: inst.org },
      resourceTypes: types.filter((t) => t !== 'instance'),
    });
    expect(caps).toMatchObject({
      source: 'own-authorization',
      user: { id: user.id, name: 'console-svc' },
      readUsers: { state: 'yes' },
      writeUsers: { state: 'yes' },
      mintInOrg: { state: 'yes' },
      mintForOthers: { state: 'yes' },
    });
    expect(caps.holdings?.filter((h) => h.type !== 'orgs' && h.type !== 'users').every((h) => h.read === 'org' && h.write === 'org')).toBe(
      true,
    );
  });
});
