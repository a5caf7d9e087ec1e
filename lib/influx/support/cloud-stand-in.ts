// A STAND-IN FOR INFLUXDB CLOUD, and for nothing else. Cloud cannot be reached from the tests, so
// this small HTTP server answers the few paths the console uses the way Cloud's OpenAPI contract
// (github.com/influxdata/openapi, src/cloud.yml and src/common) says Cloud answers them:
//   - GET /ping: 204 with `X-Influxdb-Build: Cloud` and no X-Influxdb-Version (Cloud is not versioned);
//   - GET /api/v2/authorizations and GET .../{id}: every `token` is the word `redacted`;
//   - POST /api/v2/authorizations: 201 with the new token's value (the one time it is shown);
//   - GET /api/v2/resources: Cloud's resource types (src/cloud/schemas/Resource.yml), or 404;
//   - 429 with a `Retry-After` of whole seconds when a limit is armed (src/cloud/paths/write.yml).
// OSS behaviour is always tested against a real influxd (scripts/influxd/harness.ts), never here.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLOUD_CONTRACT_RESOURCE_TYPES } from '../cloud-contract';

interface StoredAuthorization {
  id: string;
  token: string;
  status: 'active' | 'inactive';
  description: string;
  orgID: string;
  userID: string;
  permissions: unknown[];
  createdAt: string;
  updatedAt: string;
}

export interface CloudStandIn {
  url: string;
  orgID: string;
  userID: string;
  /** The credential the stand-in accepts (Authorization: Token <value>). */
  token: string;
  /** Requests seen, by "METHOD /path" (no query). */
  hits: Map<string, number>;
  /** Every token value the stand-in ever minted: none may show up outside a create answer. */
  minted: string[];
  /** The next `times` requests to "METHOD /path" answer 429 with this Retry-After (omit: no header). */
  limit(key: string, times: number, retryAfterSeconds?: number): void;
  close(): Promise<void>;
}

const hexId = () => randomBytes(8).toString('hex');

export async function startCloudStandIn(opts: { resources?: 'listed' | 'absent' } = {}): Promise<CloudStandIn> {
  const orgID = hexId();
  const userID = hexId();
  const token = randomBytes(48).toString('base64url');
  const auths = new Map<string, StoredAuthorization>();
  const hits = new Map<string, number>();
  const minted: string[] = [];
  const limits = new Map<string, { times: number; retryAfterSeconds?: number }>();

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, code: string, message: string) => json(res, status, { code, message });
  // The contract's Authorization schema: the same fields as OSS, with the value withheld.
  const shown = (a: StoredAuthorization) => ({ ...a, token: 'redacted', links: { self: `/api/v2/authorizations/${a.id}` } });

  const readBody = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const key = `${req.method} ${url.pathname}`;
      hits.set(key, (hits.get(key) ?? 0) + 1);

      const armed = limits.get(key);
      if (armed && armed.times > 0) {
        armed.times--;
        res.writeHead(429, {
          'content-type': 'application/json; charset=utf-8',
          ...(armed.retryAfterSeconds !== undefined ? { 'retry-after': String(armed.retryAfterSeconds) } : {}),
        });
        res.end(JSON.stringify({ code: 'too many requests', message: 'org is over its request quota' }));
        return;
      }

      if (key === 'GET /ping') {
        res.writeHead(204, { 'x-influxdb-build': 'Cloud' });
        return res.end();
      }
      if (key === 'GET /health') return json(res, 200, { name: 'influxdb', message: 'ready for queries and writes', status: 'pass' });
      if (req.headers.authorization !== `Token ${token}`) return error(res, 401, 'unauthorized', 'unauthorized access');

      if (key === 'GET /api/v2/resources') {
        return opts.resources === 'absent'
          ? error(res, 404, 'not found', 'path not found')
          : json(res, 200, [...CLOUD_CONTRACT_RESOURCE_TYPES]);
      }
      if (key === 'GET /api/v2/authorizations') {
        const org = url.searchParams.get('orgID');
        const list = [...auths.values()].filter((a) => !org || a.orgID === org).map(shown);
        return json(res, 200, { authorizations: list, links: { self: '/api/v2/authorizations' } });
      }
      if (key === 'POST /api/v2/authorizations') {
        const body = await readBody(req);
        const now = new Date().toISOString();
        const a: StoredAuthorization = {
          id: hexId(),
          token: randomBytes(48).toString('base64url'),
          status: body.status === 'inactive' ? 'inactive' : 'active',
          description: typeof body.description === 'string' ? body.description : '',
          orgID: typeof body.orgID === 'string' ? body.orgID : orgID,
          userID: typeof body.userID === 'string' ? body.userID : userID,
          permissions: Array.isArray(body.permissions) ? body.permissions : [],
          createdAt: now,
          updatedAt: now,
        };
        auths.set(a.id, a);
        minted.push(a.token);
        return json(res, 201, { ...shown(a), token: a.token });
      }
      const one = /^\/api\/v2\/authorizations\/([0-9a-f]{16})$/.exec(url.pathname);
      if (one) {
        const a = auths.get(one[1]!);
        if (!a) return error(res, 404, 'not found', 'authorization not found');
        if (req.method === 'GET') return json(res, 200, shown(a));
        if (req.method === 'PATCH') {
          const body = await readBody(req);
          if (body.status === 'active' || body.status === 'inactive') a.status = body.status;
          if (typeof body.description === 'string') a.description = body.description;
          a.updatedAt = new Date().toISOString();
          return json(res, 200, shown(a));
        }
        if (req.method === 'DELETE') {
          auths.delete(a.id);
          res.writeHead(204);
          return res.end();
        }
      }
      return error(res, 404, 'not found', 'path not found');
    })().catch((e: unknown) => error(res, 500, 'internal error', String(e)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    orgID,
    userID,
    token,
    hits,
    minted,
    limit: (key, times, retryAfterSeconds) => limits.set(key, { times, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) }),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
