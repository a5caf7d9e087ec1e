// InfluxDB as its operator sees it: what tests and benchmarks create, read, change and delete
// directly in influxd with the operator token, never through the console, so the console's own
// rules cannot shape what they set up or check. Integration tests and e2e specs alike use it.
import { influxFetch, type InfluxInstance, type Permission } from './harness';

export type { Permission };

/** An instance as far as the operator needs it (the e2e stack's `influx` is one too). */
export type OperatorTarget = Pick<InfluxInstance, 'url' | 'orgID' | 'operatorToken'>;

/** influxd's error body. */
export type InfluxError = { code: string; message: string };

/**
 * An answer as influxd gave it. `body` is the resource on a 2xx, and influxd's {code, message}
 * on an error, so read the resource's fields only after checking `status`.
 */
export type Reply<T> = { status: number; body: T & Partial<InfluxError> };

export type Authorization = {
  id: string;
  /** In clear only in the answer to a create, or in every answer with --use-hashed-tokens=false. */
  token?: string;
  status: 'active' | 'inactive';
  description: string;
  orgID: string;
  org?: string;
  userID: string;
  user?: string;
  permissions: Permission[];
  createdAt: string;
  updatedAt: string;
};
export type NewAuthorization = Authorization & { token: string };

export type Bucket = { id: string; name: string; orgID: string };
export type User = { id: string; name: string; status?: 'active' | 'inactive' };

/** One call with any token; the body parsed as JSON (undefined when empty, e.g. a 204). */
export async function influxRequest<T>(
  inst: Pick<InfluxInstance, 'url'>,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply<T>> {
  const res = await influxFetch(inst, token, path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  try {
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Reply<T>['body'] };
  } catch {
    throw new Error(`${method} ${path} -> ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
}

/** One call with the operator token, for what the typed helpers below do not cover. */
export function operatorRequest<T>(inst: OperatorTarget, method: string, path: string, body?: unknown): Promise<Reply<T>> {
  return influxRequest<T>(inst, inst.operatorToken, method, path, body);
}

/** The body of a reply with the expected status; anything else is a setup failure. */
function expectStatus<T>(what: string, reply: Reply<T>, status: number): T {
  if (reply.status !== status) throw new Error(`${what} -> ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

const query = (params: Record<string, string>) => {
  const q = new URLSearchParams(params).toString();
  return q ? `?${q}` : '';
};

// Authorizations (tokens)

/** A token in the org, owned by `userID` (default: the operator). */
export async function createToken(
  inst: OperatorTarget,
  o: { description?: string; permissions: Permission[]; userID?: string; status?: 'active' | 'inactive' },
): Promise<NewAuthorization> {
  return expectStatus(
    'create token',
    await operatorRequest<NewAuthorization>(inst, 'POST', '/api/v2/authorizations', { orgID: inst.orgID, ...o }),
    201,
  );
}

export function getAuthorization(inst: OperatorTarget, id: string): Promise<Reply<Authorization>> {
  return operatorRequest<Authorization>(inst, 'GET', `/api/v2/authorizations/${id}`);
}

/** The authorizations influxd lists for `filter` (default: the org's); `{}` lists all of them. */
export async function listAuthorizations(
  inst: OperatorTarget,
  filter: { orgID?: string; userID?: string } = { orgID: inst.orgID },
): Promise<Authorization[]> {
  const reply = await operatorRequest<{ authorizations: Authorization[] }>(inst, 'GET', `/api/v2/authorizations${query(filter)}`);
  return expectStatus('list authorizations', reply, 200).authorizations;
}

/** The org's authorizations with exactly this description. */
export async function authorizationsDescribed(inst: OperatorTarget, description: string): Promise<Authorization[]> {
  return (await listAuthorizations(inst)).filter((a) => a.description === description);
}

export function updateAuthorization(
  inst: OperatorTarget,
  id: string,
  change: { status?: 'active' | 'inactive'; description?: string },
): Promise<Reply<Authorization>> {
  return operatorRequest<Authorization>(inst, 'PATCH', `/api/v2/authorizations/${id}`, change);
}

/** Returns the status (204 when deleted). */
export async function deleteAuthorization(inst: OperatorTarget, id: string): Promise<number> {
  return (await operatorRequest<unknown>(inst, 'DELETE', `/api/v2/authorizations/${id}`)).status;
}

// Buckets

export async function createBucket(inst: OperatorTarget, name: string): Promise<string> {
  const reply = await operatorRequest<Bucket>(inst, 'POST', '/api/v2/buckets', { orgID: inst.orgID, name, retentionRules: [] });
  return expectStatus('create bucket', reply, 201).id;
}

/** Creates buckets in the org, `concurrency` requests at a time; returns name -> id. */
export async function createBuckets(inst: OperatorTarget, names: string[], concurrency = 16): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++]!;
      ids.set(name, await createBucket(inst, name));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));
  return ids;
}

/** The org's bucket with exactly this name, or undefined. */
export async function bucketNamed(inst: OperatorTarget, name: string): Promise<Bucket | undefined> {
  // influxd answers 404 (not an empty list) when the name matches nothing.
  const reply = await operatorRequest<{ buckets: Bucket[] }>(inst, 'GET', `/api/v2/buckets${query({ orgID: inst.orgID, name })}`);
  return reply.status === 404 ? undefined : expectStatus('find bucket', reply, 200).buckets.find((b) => b.name === name);
}

/** Returns the status (204 when deleted). */
export async function deleteBucket(inst: OperatorTarget, id: string): Promise<number> {
  return (await operatorRequest<unknown>(inst, 'DELETE', `/api/v2/buckets/${id}`)).status;
}

// Users

/** An active InfluxDB user; returns its id. */
export async function createUser(inst: OperatorTarget, name: string): Promise<string> {
  return expectStatus('create user', await operatorRequest<User>(inst, 'POST', '/api/v2/users', { name, status: 'active' }), 201).id;
}

export function getUser(inst: OperatorTarget, id: string): Promise<Reply<User>> {
  return operatorRequest<User>(inst, 'GET', `/api/v2/users/${id}`);
}

/** The users with exactly this name (influxd matches names exactly, so at most one). */
export async function usersNamed(inst: OperatorTarget, name: string): Promise<User[]> {
  // influxd answers 404 "user not found" (not an empty list) when the name matches nothing.
  const reply = await operatorRequest<{ users: User[] }>(inst, 'GET', `/api/v2/users${query({ name })}`);
  return reply.status === 404 ? [] : expectStatus('find user', reply, 200).users.filter((u) => u.name === name);
}

/** The user with exactly this name, or undefined. */
export async function userNamed(inst: OperatorTarget, name: string): Promise<User | undefined> {
  return (await usersNamed(inst, name))[0];
}

export function updateUser(
  inst: OperatorTarget,
  id: string,
  change: { name?: string; status?: 'active' | 'inactive' },
): Promise<Reply<User>> {
  return operatorRequest<User>(inst, 'PATCH', `/api/v2/users/${id}`, change);
}

/** Returns the status (204 when deleted). */
export async function deleteUser(inst: OperatorTarget, id: string): Promise<number> {
  return (await operatorRequest<unknown>(inst, 'DELETE', `/api/v2/users/${id}`)).status;
}

// Other resources

export type Telegraf = { id: string; name: string; orgID: string };

/** A Telegraf configuration in the org. */
export async function createTelegraf(inst: OperatorTarget, name: string, config = '[agent]'): Promise<Telegraf> {
  const reply = await operatorRequest<Telegraf>(inst, 'POST', '/api/v2/telegrafs', { orgID: inst.orgID, name, config });
  return expectStatus('create telegraf', reply, 201);
}

/** Every resource type this influxd knows (GET /api/v2/resources). */
export async function resourceTypes(inst: OperatorTarget): Promise<string[]> {
  return expectStatus('resource types', await operatorRequest<string[]>(inst, 'GET', '/api/v2/resources'), 200);
}

/** Permissions as sorted "action:type/id@orgID" strings, to compare two sets. */
export const sortedPermissionStrings = (perms: Permission[]) =>
  perms.map((p) => `${p.action}:${p.resource.type}/${p.resource.id ?? '*'}@${p.resource.orgID ?? '-'}`).sort();

// v1 credentials (username and password for /query and /write, under /private/legacy)

export type V1Authorization = {
  id: string;
  /** The username. */
  token: string;
  status: 'active' | 'inactive';
  description: string;
  orgID: string;
  userID: string;
  user?: string;
  permissions: (Permission & { resource: { name?: string } })[];
};

export function getV1(inst: OperatorTarget, id: string): Promise<Reply<V1Authorization>> {
  return operatorRequest<V1Authorization>(inst, 'GET', `/private/legacy/authorizations/${id}`);
}

/** Every v1 credential of the org (influxd's list has no paging). */
export async function listV1(inst: OperatorTarget): Promise<V1Authorization[]> {
  const r = await operatorRequest<{ authorizations: V1Authorization[] }>(
    inst,
    'GET',
    `/private/legacy/authorizations${query({ orgID: inst.orgID })}`,
  );
  return expectStatus('list v1 authorizations', r, 200).authorizations;
}

/** A v1 credential with read and write on `bucketID`, owned by `userID` (default: the operator), with `password` set. */
export async function createV1(
  inst: OperatorTarget,
  opts: { username: string; bucketID: string; password: string; userID?: string; status?: 'active' | 'inactive'; description?: string },
): Promise<V1Authorization> {
  const permissions = (['read', 'write'] as const).map((action) => ({
    action,
    resource: { type: 'buckets', id: opts.bucketID, orgID: inst.orgID },
  }));
  const created = expectStatus(
    'create v1 authorization',
    await operatorRequest<V1Authorization>(inst, 'POST', '/private/legacy/authorizations', {
      token: opts.username,
      orgID: inst.orgID,
      description: opts.description ?? opts.username,
      status: opts.status ?? 'active',
      permissions,
      ...(opts.userID ? { userID: opts.userID } : {}),
    }),
    201,
  );
  const set = await operatorRequest<unknown>(inst, 'POST', `/private/legacy/authorizations/${created.id}/password`, {
    password: opts.password,
  });
  expectStatus('set v1 password', set, 204);
  return created;
}

export type V1QueryAnswer = {
  results?: { statement_id?: number; error?: string; series?: { values?: unknown[][] }[] }[];
  code?: string;
  message?: string;
};

/**
 * One InfluxQL statement through the v1 /query endpoint with a v1 username and password, as a
 * Grafana InfluxQL data source sends it: `u`/`p` query parameters, or HTTP Basic.
 */
export async function v1Query(
  inst: Pick<InfluxInstance, 'url'>,
  login: { username: string; password: string },
  db: string,
  q: string,
  via: 'params' | 'basic' = 'params',
): Promise<{
  status: number;
  body: { results?: { error?: string; series?: { values?: unknown[][] }[] }[]; code?: string; message?: string };
}> {
  const params = new URLSearchParams({ ...(db ? { db } : {}), q, ...(via === 'params' ? { u: login.username, p: login.password } : {}) });
  const headers: Record<string, string> =
    via === 'basic' ? { Authorization: `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}` } : {};
  const res = await fetch(`${inst.url}/query?${params}`, { headers });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as V1QueryAnswer };
}

/** One line of line protocol through the v1 /write endpoint with a v1 login (u/p); the HTTP status. */
export async function v1Write(
  inst: Pick<InfluxInstance, 'url'>,
  login: { username: string; password: string },
  db: string,
  line: string,
): Promise<number> {
  const params = new URLSearchParams({ db, precision: 's', u: login.username, p: login.password });
  const res = await fetch(`${inst.url}/write?${params}`, { method: 'POST', body: line });
  await res.arrayBuffer();
  return res.status;
}
