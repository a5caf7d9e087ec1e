// The shell commands that make the same token as the console: `influx auth create` (influx CLI v2)
// where the CLI can express it, curl where only the HTTP API can. The CLI's flags
// (influxdata/influx-cli, cmd/influx/auth.go, clients/auth/auth.go, cmd/influx/user.go):
//   --org-id <id>, --user <name> (looked up by name, first match; there is no --user-id),
//   --description <text>, --read-bucket <id> / --write-bucket <id> (repeatable: one bucket each,
//   org-scoped), --read-<type> / --write-<type> (every resource of the type in the org; for orgs and
//   users the CLI drops orgID, so they mean every org / every user), --all-access (cannot be
//   combined).
// So the CLI cannot say "read this org only", "the owner user only" (except through --all-access),
// or pick single telegrafs; those cases are reported instead of printing a command that would mint
// something else. Where the CLI would do more or other than the console, curl says it exactly:
// - `influx user create` also makes the new user a member of the org (POST /orgs/{id}/members), and
//   membership grants the user the org's rights (tasks run with their owner's); the console only
//   POSTs /api/v2/users {"name"}.
// - `influx auth create` always creates an active token, and `influx auth inactive` declares only
//   --id: no --host, no --token, and so it reads neither INFLUX_HOST nor INFLUX_TOKEN (those are the
//   env vars of flags it lacks); it goes to the server of the active CLI config, whatever the create
//   used. The status is set with a PATCH to the same host instead.
// - an owner known only by id cannot be named to --user.
import { allAccessGrants } from './presets';
import { normaliseGrants, type Grant } from './model';
import { authorizationRequestBody } from './request-body';
import { ALL_RESOURCE_TYPES } from './resource-types';

/** Resource types the CLI has --read-/--write- flags for (ResourceEnumOSS + ResourceEnumCloud). */
export const CLI_RESOURCE_FLAGS: ReadonlySet<string> = new Set(ALL_RESOURCE_TYPES);

/** The token's owner as the commands need it. */
export type CliOwner =
  /** "Another user" is selected but none is picked yet: there is nothing to run. */
  | { kind: 'unchosen' }
  /** An existing user (the console's own included). */
  | { kind: 'existing'; id: string; name: string }
  /** An existing user whose name is not known here. */
  | { kind: 'unnamed'; id: string }
  /** A user that is created first, by name. */
  | { kind: 'new'; name: string };

const INFLUX_ID = /^[0-9a-f]{16}$/;

/**
 * The owner as the builder's preview holds it: the user id the request will carry (a readable
 * stand-in while there is none, e.g. "<the user you choose>"), the name (the id itself when the
 * name is unknown), and the name of a user to be created first.
 */
export function cliOwnerOf(owner: { id: string; name: string }, newUserName?: string): CliOwner {
  if (newUserName !== undefined) return newUserName.trim() ? { kind: 'new', name: newUserName.trim() } : { kind: 'unchosen' };
  // Without a real id (16 hex digits) no owner is chosen: InfluxDB would refuse the request too.
  if (!INFLUX_ID.test(owner.id)) return { kind: 'unchosen' };
  return owner.name === owner.id ? { kind: 'unnamed', id: owner.id } : { kind: 'existing', id: owner.id, name: owner.name };
}

export interface CliContext {
  host: string;
  orgID: string;
  owner: CliOwner;
  description: string;
  status: 'active' | 'inactive';
  resourceTypes: readonly string[];
}

export interface CliCommand {
  /**
   * The lines to paste into a shell, in order; `#` lines say why a step is what it is. Only a
   * comment when nothing can be run yet. Undefined when the CLI cannot make exactly this token.
   */
  lines?: string[];
  /** Grants the CLI has no flag for, in words. */
  inexpressible: string[];
}

/** POSIX shell single-quoting: safe for any text without control characters. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl call of the InfluxDB API with the token in INFLUX_TOKEN (the variable influx reads too).
 * `idVariable` names a shell variable that ends the path (an id known only once a step has run).
 */
export function curlCommand(host: string, method: 'POST' | 'PATCH', path: string, body: unknown, idVariable?: string): string {
  const url = shellQuote(host.replace(/\/+$/, '') + path) + (idVariable ? `"$${idVariable}"` : '');
  return [
    'curl -sS -X',
    method,
    url,
    '-H "Authorization: Token $INFLUX_TOKEN"',
    "-H 'Content-Type: application/json'",
    '-d',
    shellQuote(JSON.stringify(body)),
  ].join(' ');
}

const sameSet = (a: readonly Grant[], b: readonly Grant[]) => JSON.stringify(normaliseGrants(a)) === JSON.stringify(normaliseGrants(b));

/** The --read-/--write- flags for the grants, or what the CLI cannot say. */
function grantFlags(grants: readonly Grant[], resourceTypes: readonly string[]): { flags: string[]; inexpressible: string[] } {
  if (grants.length > 0 && sameSet(grants, allAccessGrants(resourceTypes))) return { flags: ['--all-access'], inexpressible: [] };
  const flags: string[] = [];
  const inexpressible: string[] = [];
  for (const g of normaliseGrants(grants)) {
    if (g.type === 'orgs') {
      inexpressible.push(`${g.action} on this organisation only (the CLI's --${g.action}-orgs means every organisation)`);
    } else if (g.type === 'users') {
      inexpressible.push(`${g.action} on the owner user only (the CLI's --${g.action}-users means every user)`);
    } else if (g.scope.kind === 'all') {
      if (CLI_RESOURCE_FLAGS.has(g.type)) flags.push(`--${g.action}-${g.type}`);
      else inexpressible.push(`${g.action} on ${g.type} (the CLI has no flag for this type)`);
    } else if (g.scope.kind === 'items' && g.type === 'buckets') {
      for (const item of g.scope.items) flags.push(`--${g.action}-bucket`, item.id);
    } else {
      inexpressible.push(`${g.action} on chosen ${g.type} (the CLI can pick single items only for buckets)`);
    }
  }
  return { flags, inexpressible };
}

export const CHOOSE_OWNER_FIRST = '# Choose the owner first: the command needs the InfluxDB user who will own the token.';

export function influxAuthCreateCommand(grants: readonly Grant[], ctx: CliContext): CliCommand {
  const { owner } = ctx;
  const { flags, inexpressible } = grantFlags(grants, ctx.resourceTypes);
  if (owner.kind === 'unchosen') return { lines: [CHOOSE_OWNER_FIRST], inexpressible };

  if (owner.kind === 'unnamed') {
    const body = authorizationRequestBody(
      { orgID: ctx.orgID, description: ctx.description, status: ctx.status, grants: [...grants] },
      { userID: owner.id },
    );
    return {
      lines: [
        '# influx auth create finds the owner by name only (it has no --user-id), and this user has no name here; curl sends the body above:',
        curlCommand(ctx.host, 'POST', '/api/v2/authorizations', body),
      ],
      inexpressible: [],
    };
  }
  if (inexpressible.length > 0) return { inexpressible };

  const lines: string[] = [];
  if (owner.kind === 'new') {
    lines.push(
      '# Create the user as the console does, without org membership (influx user create would also add it to the org):',
      curlCommand(ctx.host, 'POST', '/api/v2/users', { name: owner.name }),
    );
  }
  const create = ['influx', 'auth', 'create', '--host', shellQuote(ctx.host), '--org-id', ctx.orgID, '--user', shellQuote(owner.name)];
  if (ctx.description) create.push('--description', shellQuote(ctx.description));
  lines.push([...create, ...flags].join(' '));
  if (ctx.status === 'inactive') {
    lines.push(
      '# influx creates active tokens, and influx auth inactive takes no --host (it would use your active CLI config):',
      '# set AUTH_ID to the ID printed above, then',
      curlCommand(ctx.host, 'PATCH', '/api/v2/authorizations/', { status: 'inactive' }, 'AUTH_ID'),
    );
  }
  return { lines, inexpressible: [] };
}
