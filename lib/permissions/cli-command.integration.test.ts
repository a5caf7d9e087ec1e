// The curl lines of the builder's shell preview, run as written (bash + curl) against a real
// influxd, with the operator token in INFLUX_TOKEN as the preview expects: each makes exactly what
// the console would. (No influx CLI binary is built here; its lines are checked flag by flag
// against its source in cli-command.test.ts.)
// Run: npx vitest run --project integration lib/permissions/cli-command.integration.test.ts
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { influxFetch, startInfluxd, type InfluxInstance } from '@/scripts/influxd/harness';
import { influxAuthCreateCommand, type CliContext } from './cli-command';
import type { Grant } from './model';
import { authorizationRequestBody } from './request-body';

let inst: InfluxInstance;
let resourceTypes: string[];
beforeAll(async () => {
  inst = await startInfluxd({ hashedTokens: true });
  resourceTypes = ((await (await influxFetch(inst, inst.operatorToken, '/api/v2/resources')).json()) as string[]).filter(
    (t) => t !== 'instance',
  );
});
afterAll(async () => {
  await inst?.stop();
});

const bash = (script: string, env: Record<string, string> = {}) =>
  execFileSync('bash', ['-euo', 'pipefail', '-c', script], {
    env: { PATH: process.env.PATH ?? '', INFLUX_TOKEN: inst.operatorToken, ...env } as unknown as NodeJS.ProcessEnv,
    encoding: 'utf8',
  });
const runnable = (lines: string[] | undefined) => (lines ?? []).filter((l) => !l.startsWith('#'));
const api = async (path: string, init: RequestInit = {}) => {
  const res = await influxFetch(inst, inst.operatorToken, path, init);
  expect(res.ok, `${path} ${res.status}`).toBe(true);
  return res.json();
};
const ctx = (over: Partial<CliContext>): CliContext => ({
  host: inst.url,
  orgID: inst.orgID,
  owner: { kind: 'existing', id: inst.consoleUserID, name: 'token-console' },
  description: 'cli preview',
  status: 'active',
  resourceTypes,
  ...over,
});
const readDashboards: Grant[] = [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }];
const permissionKeys = (perms: { action: string; resource: { type: string; id?: string; orgID?: string } }[]) =>
  perms.map((p) => `${p.action}:${p.resource.type}/${p.resource.id ?? ''}@${p.resource.orgID ?? ''}`).sort();

describe("the preview's curl lines against influxd", () => {
  it('a new owner is created as the console creates it: a user that is not a member of the org', async () => {
    const r = influxAuthCreateCommand(readDashboards, ctx({ owner: { kind: 'new', name: 'cli-preview-new' } }));
    const createUser = runnable(r.lines).find((l) => l.startsWith('curl'))!;
    const user = JSON.parse(bash(createUser)) as { id: string; name: string };
    expect(user.name).toBe('cli-preview-new');
    // The control: what influx user create does after POST /users (clients/user/user.go) shows up.
    const cliMade = (await api('/api/v2/users', { method: 'POST', body: JSON.stringify({ name: 'cli-preview-member' }) })) as {
      id: string;
    };
    await api(`/api/v2/orgs/${inst.orgID}/members`, { method: 'POST', body: JSON.stringify({ id: cliMade.id }) });
    const members = (await api(`/api/v2/orgs/${inst.orgID}/members`)) as { users: { id: string }[] };
    const owners = (await api(`/api/v2/orgs/${inst.orgID}/owners`)) as { users: { id: string }[] };
    const inOrg = [...members.users, ...owners.users].map((u) => u.id);
    expect(inOrg).toContain(cliMade.id);
    expect(inOrg).not.toContain(user.id);
  });

  it('an owner known only by id gets the exact body, status included, even for grants the CLI cannot express', async () => {
    const { id } = (await api('/api/v2/users', { method: 'POST', body: JSON.stringify({ name: 'cli-preview-unnamed' }) })) as {
      id: string;
    };
    const grants: Grant[] = [
      { type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id: inst.bucketID, name: inst.bucket }] } },
      { type: 'orgs', action: 'read', scope: { kind: 'all' } },
      { type: 'users', action: 'read', scope: { kind: 'owner' } },
    ];
    const c = ctx({ owner: { kind: 'unnamed', id }, status: 'inactive', description: "it's unnamed" });
    const r = influxAuthCreateCommand(grants, c);
    const auth = JSON.parse(bash(runnable(r.lines).join('\n'))) as Record<string, unknown> & { permissions: never[] };
    const expected = authorizationRequestBody({ orgID: inst.orgID, description: c.description, status: c.status, grants }, { userID: id });
    expect(auth).toMatchObject({ userID: id, orgID: inst.orgID, status: 'inactive', description: "it's unnamed" });
    expect(permissionKeys(auth.permissions)).toEqual(permissionKeys(expected.permissions));
  });

  it('the inactive follow-up switches off the token on the server the preview names', async () => {
    const created = (await api('/api/v2/authorizations', {
      method: 'POST',
      body: JSON.stringify(
        authorizationRequestBody(
          { orgID: inst.orgID, description: 'cli preview inactive', status: 'active', grants: readDashboards },
          { userID: inst.consoleUserID },
        ),
      ),
    })) as { id: string; status: string };
    expect(created.status).toBe('active');
    const r = influxAuthCreateCommand(readDashboards, ctx({ status: 'inactive' }));
    const patch = runnable(r.lines).at(-1)!;
    expect(patch).toMatch(/^curl .* PATCH /);
    expect(JSON.parse(bash(patch, { AUTH_ID: created.id }))).toMatchObject({ id: created.id, status: 'inactive' });
    expect(await api(`/api/v2/authorizations/${created.id}`)).toMatchObject({ status: 'inactive' });
  });
});
