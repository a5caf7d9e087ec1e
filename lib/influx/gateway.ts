// The typed InfluxDB access layer, built on the official client's generated APIs. It is free of
// Next.js so the integration tests can point it at a throwaway influxd; lib/influx/server.ts
// binds it to the console's configuration behind 'server-only'.
import {
  AuthorizationsAPI,
  BucketsAPI,
  HealthAPI,
  MeAPI,
  OrgsAPI,
  ResourcesAPI,
  TelegrafsAPI,
  UsersAPI,
  type Authorization,
} from '@influxdata/influxdb-client-apis';
import {
  toAuthorizationSummary,
  toBucket,
  toOrg,
  toUser,
  type AuthorizationSummary,
  type BucketDTO,
  type OrgDTO,
  type PermissionDTO,
  type PingInfo,
  type UserDTO,
} from './dto';
import { CLOUD_CONTRACT_RESOURCE_TYPES, isRedactedToken } from './cloud-contract';
import { flavourOfBuild, InfluxError } from './errors';
import type { InfluxDB } from '@influxdata/influxdb-client';
import { collectAuthorizations } from './authorization-stream';
import { call, createClient, flavourOfURL, listBudgetMs, type Connection } from './transport';

export interface CreateAuthorizationInput {
  orgID: string;
  description: string;
  status: 'active' | 'inactive';
  userID?: string;
  permissions: PermissionDTO[];
}

/** What GET /authorizations/{id} says about one token (see inspectAuthorization). */
export type AuthorizationState =
  { state: 'present'; authorization: AuthorizationSummary } | { state: 'owner-deleted' } | { state: 'absent' };

/** The one value that ever carries a token: returned by create, handed straight to the dialog. */
export interface MintedAuthorization {
  authorization: AuthorizationSummary;
  token: string;
}

function listBudgetSpent(conn: Connection, budgetMs: number): InfluxError {
  const flavour = conn.flavour ?? flavourOfURL(conn.url);
  return new InfluxError('timeout', `token list not read within ${budgetMs} ms`, undefined, undefined, 'GET /api/v2/authorizations', {
    ...(flavour ? { flavour } : {}),
  });
}

export function createGateway(connection: Connection) {
  // Our own copy: what /ping says about the flavour is kept here, so later errors (a 429's words)
  // can name InfluxDB Cloud even when its answers do not carry the build header.
  const conn: Connection = { ...connection };
  const configured = connection.flavour ?? flavourOfURL(connection.url);
  if (configured) conn.flavour = configured;
  const influx = createClient(conn);
  const authorizations = new AuthorizationsAPI(influx);
  // The list read's socket may stay silent while InfluxDB assembles a long list, so its client
  // waits as long as the list budget rather than the per-call timeout.
  let listInflux: InfluxDB | undefined;
  const listClient = () => (listInflux ??= createClient({ ...conn, timeoutMs: listBudgetMs(conn) }));
  const buckets = new BucketsAPI(influx);
  const orgs = new OrgsAPI(influx);
  const users = new UsersAPI(influx);
  const resources = new ResourcesAPI(influx);
  const health = new HealthAPI(influx);
  const me = new MeAPI(influx);
  const telegrafs = new TelegrafsAPI(influx);

  function readAuthorizations<R>(filter: { orgID?: string; userID?: string }, each: (a: AuthorizationSummary) => R): Promise<R[]> {
    const budgetMs = listBudgetMs(conn);
    const signal = AbortSignal.timeout(budgetMs);
    const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => !!e[1])).toString();
    const path = `/api/v2/authorizations${query ? `?${query}` : ''}`;
    return call({ ...conn, deadlineMs: budgetMs }, 'GET', '/api/v2/authorizations', async () => {
      if (signal.aborted) throw listBudgetSpent(conn, budgetMs);
      try {
        const chunks = listClient().transport.iterate(path, '', { method: 'GET', signal });
        return await collectAuthorizations(chunks, (raw: Authorization) => each(toAuthorizationSummary(raw)));
      } catch (error) {
        throw signal.aborted ? listBudgetSpent(conn, budgetMs) : error;
      }
    });
  }

  return {
    /**
     * Version and flavour from /ping's headers (X-Influxdb-Version, X-Influxdb-Build). InfluxDB
     * Cloud is not versioned and sends no X-Influxdb-Version (openapi src/common/paths/ping.yml).
     */
    ping: () =>
      call(conn, 'GET', '/ping', async (): Promise<PingInfo> => {
        let headers: Record<string, string | string[] | undefined> = {};
        await influx.transport.request('/ping', '', { method: 'GET' }, (h) => {
          headers = h;
        });
        const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
        const flavour = flavourOfBuild(first(headers['x-influxdb-build']));
        if (flavour) conn.flavour = flavour;
        return {
          version: first(headers['x-influxdb-version']) || (flavour === 'Cloud' ? 'unversioned' : 'unknown'),
          flavour: flavour ?? 'unknown',
        };
      }),

    health: () =>
      call(conn, 'GET', '/health', async () => {
        const h = await health.getHealth();
        return { status: h.status, version: h.version ?? 'unknown' };
      }),

    /**
     * Resource types this server knows, minus `instance`, which can never be granted. Always the
     * server's own list (OSS 2.7, 2.9 and Cloud each have types the others lack); only a Cloud
     * server that does not answer the path gets its contract's list instead of OSS's.
     */
    resourceTypes: async (): Promise<string[]> => {
      try {
        return await call(conn, 'GET', '/api/v2/resources', async () => (await resources.getResources()).filter((t) => t !== 'instance'));
      } catch (e) {
        if (e instanceof InfluxError && e.kind === 'not-found' && (e.flavour ?? conn.flavour) === 'Cloud')
          return [...CLOUD_CONTRACT_RESOURCE_TYPES];
        throw e;
      }
    },

    me: () => call(conn, 'GET', '/api/v2/me', async (): Promise<UserDTO> => toUser((await me.getMe()) as never)),

    listOrgs: () => call(conn, 'GET', '/api/v2/orgs', async () => ((await orgs.getOrgs({ limit: 100 })).orgs ?? []).map(toOrg)),

    /** Finds an org by 16-hex id or by name; undefined when this credential cannot see it. */
    findOrg: async (nameOrId: string): Promise<OrgDTO | undefined> => {
      const byId = /^[0-9a-f]{16}$/.test(nameOrId);
      try {
        const res = await call(conn, 'GET', '/api/v2/orgs', () => orgs.getOrgs(byId ? { orgID: nameOrId } : { org: nameOrId }));
        const found = res.orgs?.[0];
        return found ? toOrg(found) : undefined;
      } catch (e) {
        if (e instanceof InfluxError && e.kind === 'not-found') return undefined;
        throw e;
      }
    },

    /** One page of buckets; pass the last id as `after` for the next page. */
    listBuckets: (orgID: string, opts: { after?: string; limit?: number; name?: string } = {}) =>
      call(conn, 'GET', '/api/v2/buckets', async () => {
        const res = await buckets.getBuckets({
          orgID,
          limit: Math.min(100, Math.max(1, opts.limit ?? 100)),
          ...(opts.after ? { after: opts.after } : {}),
          ...(opts.name ? { name: opts.name } : {}),
        });
        return (res.buckets ?? []).map(toBucket);
      }),

    /** Every bucket of the org, paging with `after` (InfluxDB caps a page at 100). */
    allBuckets: async function allBuckets(orgID: string): Promise<BucketDTO[]> {
      const out: BucketDTO[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await this.listBuckets(orgID, { after, limit: 100 });
        out.push(...page);
        if (page.length < 100) return out;
        after = page[page.length - 1]!.id;
      }
    },

    findBucketByName: async (orgID: string, name: string): Promise<BucketDTO | undefined> => {
      try {
        const res = await call(conn, 'GET', '/api/v2/buckets', () => buckets.getBuckets({ orgID, name }));
        return (res.buckets ?? []).map(toBucket).find((b) => b.name === name);
      } catch (e) {
        if (e instanceof InfluxError && e.kind === 'not-found') return undefined;
        throw e;
      }
    },

    getBucket: async (id: string): Promise<BucketDTO | undefined> => {
      try {
        return toBucket(await call(conn, 'GET', '/api/v2/buckets/{id}', () => buckets.getBucketsID({ bucketID: id })));
      } catch (e) {
        if (e instanceof InfluxError && (e.kind === 'not-found' || e.kind === 'invalid')) return undefined;
        throw e;
      }
    },

    listTelegrafs: (orgID: string) =>
      call(conn, 'GET', '/api/v2/telegrafs', async () =>
        ((await telegrafs.getTelegrafs({ orgID })).configurations ?? []).map((t) => ({
          id: t.id ?? '',
          name: t.name ?? '',
        })),
      ),

    listUsers: (opts: { name?: string; after?: string; limit?: number } = {}) =>
      call(conn, 'GET', '/api/v2/users', async () =>
        ((await users.getUsers({ limit: Math.min(100, opts.limit ?? 100), ...opts })).users ?? []).map(toUser),
      ),

    findUserByName: async (name: string): Promise<UserDTO | undefined> => {
      try {
        const res = await call(conn, 'GET', '/api/v2/users', () => users.getUsers({ name }));
        return (res.users ?? []).map(toUser).find((u) => u.name === name);
      } catch (e) {
        if (e instanceof InfluxError && e.kind === 'not-found') return undefined;
        throw e;
      }
    },

    getUser: async (id: string): Promise<UserDTO | undefined> => {
      try {
        return toUser(await call(conn, 'GET', '/api/v2/users/{id}', () => users.getUsersID({ userID: id })));
      } catch (e) {
        if (e instanceof InfluxError && (e.kind === 'not-found' || e.kind === 'invalid')) return undefined;
        throw e;
      }
    },

    /**
     * Every user this credential can see, paging with `after` (InfluxDB caps a page at 100).
     * Bounded: an instance with more than `max` users is cut there (the caller says so).
     */
    allUsers: async function allUsers(max = 5_000): Promise<UserDTO[]> {
      const out: UserDTO[] = [];
      let after: string | undefined;
      while (out.length < max) {
        const page = await this.listUsers({ limit: 100, ...(after ? { after } : {}) });
        out.push(...page);
        if (page.length < 100) break;
        after = page[page.length - 1]!.id;
      }
      return out.slice(0, max);
    },

    createUser: (name: string) =>
      call(conn, 'POST', '/api/v2/users', async () => toUser(await users.postUsers({ body: { name, status: 'active' } }))),

    deleteUser: (id: string) => call(conn, 'DELETE', '/api/v2/users/{id}', () => users.deleteUsersID({ userID: id })),

    // The whole list comes in one answer (InfluxDB OSS does not page it), so it gets its own
    // budget instead of the per-call timeout, and is read as a stream (see authorization-stream.ts).
    listAuthorizations: (filter: { orgID?: string; userID?: string } = {}) => readAuthorizations(filter, (a) => a),

    /** listAuthorizations, each token mapped as soon as it is read: the list is never held twice. */
    mapAuthorizations: <R>(filter: { orgID?: string; userID?: string }, each: (a: AuthorizationSummary) => R) =>
      readAuthorizations(filter, each),

    getAuthorization: async (id: string): Promise<AuthorizationSummary | undefined> => {
      try {
        return toAuthorizationSummary(
          await call(conn, 'GET', '/api/v2/authorizations/{id}', () => authorizations.getAuthorizationsID({ authID: id })),
        );
      } catch (e) {
        if (e instanceof InfluxError && (e.kind === 'not-found' || e.kind === 'invalid')) return undefined;
        throw e;
      }
    },

    /**
     * Like getAuthorization, but tells apart a token whose owning user was deleted. Checked on
     * influxd 2.9.1 (owner-deleted.integration.test.ts): once its user is deleted, a token is no
     * longer listed, GET by id answers 404 "user not found" (not "authorization not found"), the
     * token itself is refused with 403 "User is inactive", and DELETE by id still removes it.
     */
    inspectAuthorization: async (id: string): Promise<AuthorizationState> => {
      try {
        return {
          state: 'present',
          authorization: toAuthorizationSummary(
            await call(conn, 'GET', '/api/v2/authorizations/{id}', () => authorizations.getAuthorizationsID({ authID: id })),
          ),
        };
      } catch (e) {
        if (e instanceof InfluxError && e.kind === 'not-found') {
          return /user not found/i.test(e.upstreamMessage) ? { state: 'owner-deleted' } : { state: 'absent' };
        }
        if (e instanceof InfluxError && e.kind === 'invalid') return { state: 'absent' };
        throw e;
      }
    },

    /** Never retried (see transport.ts). The token leaves here once, in the return value. */
    createAuthorization: (input: CreateAuthorizationInput) =>
      call(conn, 'POST', '/api/v2/authorizations', async (): Promise<MintedAuthorization> => {
        const created: Authorization = await authorizations.postAuthorizations({
          body: {
            orgID: input.orgID,
            description: input.description,
            status: input.status,
            ...(input.userID ? { userID: input.userID } : {}),
            permissions: input.permissions as Authorization['permissions'],
          },
        });
        // Cloud answers `redacted` where it will not show a value: that word is never a token.
        if (!created.token || isRedactedToken(created.token))
          throw new InfluxError('unavailable', `create of ${created.id ?? 'an authorization'} answered without a token value`, 201);
        return { authorization: toAuthorizationSummary(created), token: created.token };
      }),

    updateAuthorization: (id: string, patch: { status?: 'active' | 'inactive'; description?: string }) =>
      call(conn, 'PATCH', '/api/v2/authorizations/{id}', async () =>
        toAuthorizationSummary(await authorizations.patchAuthorizationsID({ authID: id, body: patch })),
      ),

    deleteAuthorization: (id: string) =>
      call(conn, 'DELETE', '/api/v2/authorizations/{id}', () => authorizations.deleteAuthorizationsID({ authID: id })),
  };
}

export type Gateway = ReturnType<typeof createGateway>;
