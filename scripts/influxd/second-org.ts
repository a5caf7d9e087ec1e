// Test support for several orgs on one influxd (issue 11): a second org, and a console credential
// that covers every org (the harness's covers only the onboarded one).
import { influxFetch, type InfluxInstance } from './harness';

type Operator = Pick<InfluxInstance, 'url' | 'operatorToken'>;

async function call<T>(inst: Operator, method: string, path: string, body?: unknown): Promise<T> {
  const res = await influxFetch(inst, inst.operatorToken, path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
  });
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Creates an org (the operator becomes its owner) and one bucket in it; returns their ids. */
export async function createOrg(inst: Operator, name: string, bucket = 'telemetry'): Promise<{ orgID: string; bucketID: string }> {
  const org = await call<{ id: string }>(inst, 'POST', '/api/v2/orgs', { name });
  const b = await call<{ id: string }>(inst, 'POST', '/api/v2/buckets', { orgID: org.id, name: bucket, retentionRules: [] });
  return { orgID: org.id, bucketID: b.id };
}

/**
 * A new console credential (the console user's) for every org on the server. influxd refuses a
 * permission naming another org than the authorization's own ("permission ... is not for org id"),
 * so the permissions name no org: each type in every org, as an operator token does (sensitive).
 */
export async function allOrgsCredential(
  inst: Pick<InfluxInstance, 'url' | 'operatorToken' | 'consoleUserID' | 'orgID'>,
): Promise<{ token: string; id: string }> {
  const types = await call<string[]>(inst, 'GET', '/api/v2/resources');
  const permissions = types
    .filter((type) => type !== 'instance')
    .flatMap((type) =>
      type === 'orgs'
        ? [{ action: 'read', resource: { type } }]
        : [
            { action: 'read', resource: { type } },
            { action: 'write', resource: { type } },
          ],
    );
  const auth = await call<{ id: string; token: string }>(inst, 'POST', '/api/v2/authorizations', {
    orgID: inst.orgID,
    userID: inst.consoleUserID,
    description: 'token-console credential (every org)',
    permissions,
  });
  return { token: auth.token, id: auth.id };
}
