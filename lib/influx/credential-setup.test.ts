import { describe, expect, it } from 'vitest';
import { consolePermissions } from '@/scripts/influxd/harness';
import { consoleCredentialPermissions, credentialSetupCommands } from './credential-setup';

const TYPES = ['authorizations', 'buckets', 'dashboards', 'orgs', 'users', 'instance', 'notebooks', 'flows'];
const ORG = '0123456789abcdef';

describe('credential setup commands', () => {
  it('asks for the same permissions the test harness gives the console (which the e2e suite runs with)', () => {
    const ours = consoleCredentialPermissions(TYPES, ORG);
    const harness = consolePermissions(TYPES, ORG);
    expect(ours).toEqual(harness);
    expect(ours.some((p) => p.resource.type === 'instance')).toBe(false);
  });

  it('curl: the body is valid JSON once the user id is filled in, with the operator token only as a variable', () => {
    const { curl } = credentialSetupCommands({ url: 'http://influx.local:8086', orgID: ORG, resourceTypes: TYPES });
    const start = curl.indexOf(`-d '{"orgID"`);
    const json = curl.slice(start + 4, curl.lastIndexOf(`'`)).replace(`'"$USER_ID"'`, '0a0a0a0a0a0a0a0a');
    expect(JSON.parse(json)).toEqual({
      orgID: ORG,
      userID: '0a0a0a0a0a0a0a0a',
      description: 'token-console credential',
      permissions: consoleCredentialPermissions(TYPES, ORG),
    });
    expect(curl).toContain('"Authorization: Token $INFLUX_OPERATOR_TOKEN"');
    // one permission per line
    expect(curl.split('\n').filter((l) => l.startsWith('    {"action"'))).toHaveLength(consoleCredentialPermissions(TYPES, ORG).length);
    expect(curl).toContain(`-d '{"name":"token-console"}'`);
  });

  it('CLI: user create then auth create with influx-cli flags; types without a flag are reported', () => {
    const { cli, cliMissing } = credentialSetupCommands({ url: 'http://influx.local:8086', orgID: ORG, resourceTypes: TYPES });
    expect(cli.split('\n')[0]).toBe(
      `influx user create --host http://influx.local:8086 --token "$INFLUX_OPERATOR_TOKEN" --org-id ${ORG} --name token-console`,
    );
    // The membership influx user create adds is removed again (tasks run with the owner's org rights).
    expect(cli.split('\n')[2]).toBe(
      `influx org members remove --host http://influx.local:8086 --token "$INFLUX_OPERATOR_TOKEN" --id ${ORG} --member "$USER_ID"`,
    );
    expect(cli).toContain(
      `influx auth create --host http://influx.local:8086 --token "$INFLUX_OPERATOR_TOKEN" --org-id ${ORG} --user token-console`,
    );
    expect(cli).toContain('--read-buckets --write-buckets');
    expect(cli).toContain('--read-orgs --read-users --write-users');
    expect(cli).not.toContain('--write-orgs');
    expect(cli).not.toContain('instance');
    expect(cliMissing).toEqual([]);
    expect(credentialSetupCommands({ url: 'http://x', orgID: ORG, resourceTypes: ['buckets', 'widgets'] }).cliMissing).toEqual(['widgets']);
  });
});
