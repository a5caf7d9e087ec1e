// Direct InfluxDB calls the inventory tests make with the operator token: create tokens to look
// at, read them back, and check what InfluxDB then allows a token to do.
import type { InfluxInstance } from '../../scripts/influxd/harness';

type Inst = Pick<InfluxInstance, 'url' | 'orgID' | 'operatorToken'>;
export type Perm = { action: 'read' | 'write'; resource: { type: string; id?: string; orgID?: string } };

async function call<T = any>(inst: Pick<InfluxInstance, 'url'>, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(inst.url + path, {
    method,
    headers: { Authorization: `Token ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed as T };
}

export async function createToken(inst: Inst, o: { description: string; permissions: Perm[]; userID?: string; status?: 'active' | 'inactive' }) {
  const res = await call(inst, inst.operatorToken, 'POST', '/api/v2/authorizations', { orgID: inst.orgID, ...o });
  if (res.status !== 201) throw new Error(`create token -> ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id as string, token: res.body.token as string };
}

export async function getAuthorization(inst: Inst, id: string) {
  return call(inst, inst.operatorToken, 'GET', `/api/v2/authorizations/${id}`);
}

export async function listAuthorizations(inst: Inst): Promise<any[]> {
  const res = await call(inst, inst.operatorToken, 'GET', `/api/v2/authorizations?orgID=${inst.orgID}`);
  if (res.status !== 200) throw new Error(`list -> ${res.status}`);
  return res.body.authorizations;
}

export async function createBucket(inst: Inst, name: string): Promise<string> {
  const res = await call(inst, inst.operatorToken, 'POST', '/api/v2/buckets', { orgID: inst.orgID, name, retentionRules: [] });
  if (res.status !== 201) throw new Error(`create bucket -> ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export async function deleteBucket(inst: Inst, id: string) {
  return call(inst, inst.operatorToken, 'DELETE', `/api/v2/buckets/${id}`);
}

export async function createUser(inst: Inst, name: string): Promise<string> {
  const res = await call(inst, inst.operatorToken, 'POST', '/api/v2/users', { name, status: 'active' });
  if (res.status !== 201) throw new Error(`create user -> ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/**
 * What InfluxDB does with `token` for one bucket: GET /api/v2/buckets/{id} answers 200 for an
 * active token that may read it, 401 for an inactive or deleted token. (influxd 2.9.1 answers
 * GET /api/v2/buckets with 200 and an empty list for an inactive token, so that call proves
 * nothing; a write answers 403 "token is inactive".)
 */
export async function bucketStatus(inst: Pick<InfluxInstance, 'url'>, token: string, bucketID: string): Promise<number> {
  return (await call(inst, token, 'GET', `/api/v2/buckets/${bucketID}`)).status;
}

export const sortedPermissionStrings = (perms: Perm[]) =>
  perms.map((p) => `${p.action}:${p.resource.type}/${p.resource.id ?? '*'}@${p.resource.orgID ?? '-'}`).sort();
