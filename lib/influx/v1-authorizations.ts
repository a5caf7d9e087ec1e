// InfluxDB 2.x "v1 authorizations": a username and password for the InfluxQL compatibility
// endpoints (/query, /write). They live in their own store under /private/legacy/authorizations
// (not /api/v2: the official client has no API class for them), so this module calls that path
// through the same client and `call()` as the gateway: the same timeout, reads retried, writes
// never. Checked against influxd 2.9.1 (v1-authorizations.integration.test.ts):
// - the username is the object's `token` field: an identifier shown in clear, not a secret;
// - the password is set by a second call, is stored as a bcrypt hash and no endpoint returns it;
//   a `password` field in the create body is ignored;
// - PATCH changes only `status` and `description`;
// - the list has no paging; it is cut silently to what the credential may read, and a
//   credential whose owner was deleted is left out of it.
import { InfluxError } from './errors';
import { toPermission, type PermissionDTO } from './dto';
import { call, createClient, type Connection } from './transport';

const BASE = '/private/legacy/authorizations';

/** A v1 credential as the console sees it: never a password, never a hash. */
export interface V1Credential {
  id: string;
  username: string;
  description: string;
  status: 'active' | 'inactive';
  orgID: string;
  org?: string;
  userID: string;
  user?: string;
  createdAt?: string;
  updatedAt?: string;
  permissions: PermissionDTO[];
}

export interface CreateV1Input {
  orgID: string;
  username: string;
  description: string;
  /** Absent: InfluxDB makes the calling credential's user the owner. */
  userID?: string;
  permissions: PermissionDTO[];
}

interface Upstream {
  id?: string;
  token?: string;
  status?: string;
  description?: string;
  orgID?: string;
  org?: string;
  userID?: string;
  user?: string;
  createdAt?: string;
  updatedAt?: string;
  permissions?: { action: string; resource: PermissionDTO['resource'] }[];
}

/** Copies only known fields, so whatever else a server version adds never leaves this module. */
export function toV1Credential(a: Upstream): V1Credential {
  return {
    id: a.id ?? '',
    username: a.token ?? '',
    description: a.description ?? '',
    status: a.status === 'inactive' ? 'inactive' : 'active',
    orgID: a.orgID ?? '',
    ...(a.org ? { org: a.org } : {}),
    userID: a.userID ?? '',
    ...(a.user ? { user: a.user } : {}),
    ...(a.createdAt ? { createdAt: a.createdAt } : {}),
    ...(a.updatedAt ? { updatedAt: a.updatedAt } : {}),
    permissions: (a.permissions ?? []).map(toPermission),
  };
}

const isId = (id: string) => /^[0-9a-f]{16}$/.test(id);

export function createV1Authorizations(conn: Connection) {
  const influx = createClient(conn);
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<unknown> =>
    influx.transport.request(path, body === undefined ? '' : JSON.stringify(body), {
      method,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });

  return {
    /**
     * Every v1 credential of the org the console's credential may read. `userID` narrows it. By
     * id, never by name: the `user=` and `org=` name filters are accepted but not applied.
     */
    list: (filter: { orgID: string; userID?: string }) =>
      call(conn, 'GET', BASE, async () => {
        const q = new URLSearchParams({ orgID: filter.orgID, ...(filter.userID ? { userID: filter.userID } : {}) });
        const res = (await send('GET', `${BASE}?${q}`)) as { authorizations?: Upstream[] };
        return (res.authorizations ?? []).map(toV1Credential);
      }),

    /** undefined when InfluxDB has no such credential (or the id is not an id). */
    get: async (id: string): Promise<V1Credential | undefined> => {
      if (!isId(id)) return undefined;
      try {
        return toV1Credential((await call(conn, 'GET', `${BASE}/{id}`, () => send('GET', `${BASE}/${id}`))) as Upstream);
      } catch (e) {
        if (e instanceof InfluxError && (e.kind === 'not-found' || e.kind === 'invalid')) return undefined;
        throw e;
      }
    },

    /**
     * By username. influxd answers 404 (not an empty list) when no credential has it; that is
     * undefined here.
     */
    findByUsername: async (orgID: string, username: string): Promise<V1Credential | undefined> => {
      try {
        const q = new URLSearchParams({ orgID, token: username });
        const res = (await call(conn, 'GET', BASE, () => send('GET', `${BASE}?${q}`))) as { authorizations?: Upstream[] };
        return (res.authorizations ?? []).map(toV1Credential).find((c) => c.username === username);
      } catch (e) {
        if (e instanceof InfluxError && e.kind === 'not-found') return undefined;
        throw e;
      }
    },

    /** Never retried. The new credential has no password until setPassword. */
    create: (input: CreateV1Input) =>
      call(conn, 'POST', BASE, async () =>
        toV1Credential(
          (await send('POST', BASE, {
            token: input.username,
            orgID: input.orgID,
            description: input.description,
            status: 'active',
            ...(input.userID ? { userID: input.userID } : {}),
            permissions: input.permissions,
          })) as Upstream,
        ),
      ),

    /** 204 on success. No old password is needed; InfluxDB checks only write on the owner. */
    setPassword: async (id: string, password: string): Promise<void> => {
      await call(conn, 'POST', `${BASE}/{id}/password`, () => send('POST', `${BASE}/${id}/password`, { password }));
    },

    update: (id: string, patch: { status?: 'active' | 'inactive'; description?: string }) =>
      call(conn, 'PATCH', `${BASE}/{id}`, async () => toV1Credential((await send('PATCH', `${BASE}/${id}`, patch)) as Upstream)),

    remove: async (id: string): Promise<void> => {
      await call(conn, 'DELETE', `${BASE}/{id}`, () => send('DELETE', `${BASE}/${id}`));
    },
  };
}

export type V1Authorizations = ReturnType<typeof createV1Authorizations>;
