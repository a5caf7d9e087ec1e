// Which connection and org a page, link or action acts on: `?connection=<id>&org=<org name>`, and
// the same two fields in action bodies. Absent means the default connection and its default org.
// Pure: shared by pages, client views (links keep the scope) and action schemas. No zod here, so it
// stays out of client bundles; the action schemas' fields are in scope-fields.ts.

/** The scope as written in a URL or a body; the server resolves and re-checks it. */
export interface ScopeRequest {
  connection?: string;
  org?: string;
}

/** A resolved scope, as links carry it: both explicit, so a bookmark means the same later. */
export interface ScopeParams {
  connection: string;
  org: string;
}

export const MAX_ORG_NAME = 256;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The scope asked for in a page's search params (unchecked: resolveScope decides). */
export function scopeFromSearchParams(sp: Record<string, string | string[] | undefined> | URLSearchParams): ScopeRequest {
  const get = (k: string) => (sp instanceof URLSearchParams ? (sp.get(k) ?? undefined) : first(sp[k]));
  const connection = get('connection')?.trim();
  const org = get('org')?.trim();
  return { ...(connection ? { connection } : {}), ...(org ? { org } : {}) };
}

export function scopeQuery(scope: ScopeParams): string {
  return new URLSearchParams({ connection: scope.connection, org: scope.org }).toString();
}

/** The href with the scope's two params set (replacing any there). */
export function withScope(href: string, scope: ScopeParams | undefined): string {
  if (!scope) return href;
  const hashAt = href.indexOf('#');
  const hash = hashAt >= 0 ? href.slice(hashAt + 1) : undefined;
  const [path, query = ''] = (hashAt >= 0 ? href.slice(0, hashAt) : href).split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.delete('connection');
  params.delete('org');
  params.set('connection', scope.connection);
  params.set('org', scope.org);
  return `${path}?${params.toString()}${hash !== undefined ? `#${hash}` : ''}`;
}

/** Key of the kept inventory and the bucket index: one per connection and org. */
export const scopeKey = (connectionID: string, orgID: string) => `${connectionID}/${orgID}`;

export function parseScopeKey(key: string): { connectionID: string; orgID: string } {
  const at = key.indexOf('/');
  return { connectionID: key.slice(0, at), orgID: key.slice(at + 1) };
}
