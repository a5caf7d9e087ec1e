// The `influx auth create` command (influx CLI v2) that makes the same token, when the CLI can
// express it. The CLI's flags (influxdata/influx-cli, cmd/influx/auth.go, clients/auth/auth.go):
//   --org-id <id>, --user <name> (looked up by name, first match), --description <text>,
//   --read-bucket <id> / --write-bucket <id> (repeatable: one bucket each, org-scoped),
//   --read-<type> / --write-<type> (every resource of the type in the org; for orgs and users the
//   CLI drops orgID, so they mean every org / every user), --all-access (cannot be combined).
// So the CLI cannot say "read this org only", "the owner user only" (except through
// --all-access), or pick single telegrafs; and it always creates an active token. Those cases are
// reported instead of printing a command that would mint something else.
import { allAccessGrants } from './presets';
import { normaliseGrants, type Grant } from './model';

/** Resource types the CLI has --read-/--write- flags for (ResourceEnumOSS + ResourceEnumCloud). */
export const CLI_RESOURCE_FLAGS = new Set([
  'authorizations', 'buckets', 'dashboards', 'orgs', 'tasks', 'telegrafs', 'users', 'variables', 'secrets', 'labels',
  'views', 'documents', 'notificationRules', 'notificationEndpoints', 'checks', 'dbrp', 'annotations', 'sources',
  'scrapers', 'notebooks', 'remotes', 'replications', 'flows', 'functions', 'subscriptions',
]);

export interface CliContext {
  host: string;
  orgID: string;
  ownerName: string;
  description: string;
  status: 'active' | 'inactive';
  resourceTypes: readonly string[];
}

export interface CliCommand {
  /** The command, or undefined when the CLI cannot make exactly this token. */
  command?: string;
  /** Grants (or settings) the CLI has no flag for, in words. */
  inexpressible: string[];
  /** Extra steps that make the result equal (e.g. set inactive afterwards). */
  followUp?: string;
}

/** POSIX shell single-quoting: safe for any text without control characters. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const sameSet = (a: readonly Grant[], b: readonly Grant[]) =>
  JSON.stringify(normaliseGrants(a)) === JSON.stringify(normaliseGrants(b));

export function influxAuthCreateCommand(grants: readonly Grant[], ctx: CliContext): CliCommand {
  const head = ['influx', 'auth', 'create', '--host', shellQuote(ctx.host), '--org-id', ctx.orgID, '--user', shellQuote(ctx.ownerName)];
  if (ctx.description) head.push('--description', shellQuote(ctx.description));
  const followUp = ctx.status === 'inactive' ? 'The CLI creates active tokens: run `influx auth inactive --id <new id>` afterwards.' : undefined;
  const withFollowUp = (c: CliCommand): CliCommand => (followUp ? { ...c, followUp } : c);

  if (grants.length > 0 && sameSet(grants, allAccessGrants(ctx.resourceTypes))) {
    return withFollowUp({ command: [...head, '--all-access'].join(' '), inexpressible: [] });
  }

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
  if (inexpressible.length > 0) return withFollowUp({ inexpressible });
  return withFollowUp({ command: [...head, ...flags].join(' '), inexpressible });
}
