// How an InfluxDB operator creates the console's own credential, as commands for the influx CLI and
// for curl, filled in with this server's URL, org and resource types. Pure, so the Settings page and
// the tests produce the same text. The CLI flags are influx-cli's (cmd/influx/user.go, auth.go):
// `influx user create --name --org-id` (the CLI also makes the user an org member) and
// `influx auth create --org-id --user --description --read-<type> --write-<type>`, where the CLI
// drops orgID for orgs and users, so --read-orgs means every org and --read-users every user.
import { CLI_RESOURCE_FLAGS, shellQuote } from '@/lib/permissions/cli-command';
import type { PermissionDTO } from './dto';

export const SERVICE_USER = 'token-console';
export const OPERATOR_TOKEN_VAR = 'INFLUX_OPERATOR_TOKEN';

/**
 * What the console's credential should hold: read and write on every type in the org (it can only
 * grant what it holds), read on the org itself, and read and write on users without an id (look up
 * owners, create users, mint for other users). `instance` can never be granted.
 */
export function consoleCredentialPermissions(resourceTypes: readonly string[], orgID: string): PermissionDTO[] {
  const out: PermissionDTO[] = [];
  for (const type of resourceTypes) {
    if (type === 'instance') continue;
    if (type === 'orgs') out.push({ action: 'read', resource: { type, id: orgID } });
    else if (type === 'users') out.push({ action: 'read', resource: { type } }, { action: 'write', resource: { type } });
    else out.push({ action: 'read', resource: { type, orgID } }, { action: 'write', resource: { type, orgID } });
  }
  return out;
}

export interface SetupCommands {
  cli: string;
  /** Types the CLI has no flag for (then only curl makes the exact credential). */
  cliMissing: string[];
  curl: string;
}

export function credentialSetupCommands(ctx: {
  url: string;
  orgID: string;
  resourceTypes: readonly string[];
  userName?: string;
}): SetupCommands {
  const user = ctx.userName ?? SERVICE_USER;
  const auth = `--host ${shellQuote(ctx.url)} --token "$${OPERATOR_TOKEN_VAR}"`;
  const types = ctx.resourceTypes.filter((t) => t !== 'instance');
  const flags: string[] = [];
  const cliMissing: string[] = [];
  for (const t of types) {
    if (!CLI_RESOURCE_FLAGS.has(t)) cliMissing.push(t);
    else if (t === 'orgs') flags.push('--read-orgs');
    else flags.push(`--read-${t}`, `--write-${t}`);
  }
  // `influx user create` also makes the user an org member, and a member's tasks read every bucket
  // of the org (docs/code-running-grants.md): the membership is removed again straight away.
  const cli = [
    `influx user create ${auth} --org-id ${ctx.orgID} --name ${shellQuote(user)}`,
    `USER_ID=paste-the-id-printed-above`,
    `influx org members remove ${auth} --id ${ctx.orgID} --member "$USER_ID"`,
    `influx auth create ${auth} --org-id ${ctx.orgID} --user ${shellQuote(user)} --description 'token-console credential' \\`,
    `  ${flags.join(' ')}`,
  ].join('\n');

  // One permission per line, so the command stays readable (the shell keeps the newlines inside
  // the single quotes, and JSON does not mind them).
  const perms = consoleCredentialPermissions(types, ctx.orgID).map((p) => `    ${JSON.stringify(p)}`);
  const body = [
    `{"orgID":${JSON.stringify(ctx.orgID)},"userID":"__USER_ID__","description":"token-console credential",`,
    `  "permissions":[`,
    perms.join(',\n'),
    `  ]}`,
  ].join('\n');
  const headers = `-H "Authorization: Token $${OPERATOR_TOKEN_VAR}" -H 'Content-Type: application/json'`;
  const curl = [
    `# 1. the service user (note the "id" in the answer)`,
    `curl -sS -X POST ${shellQuote(`${ctx.url}/api/v2/users`)} ${headers} \\`,
    `  -d ${shellQuote(JSON.stringify({ name: user }))}`,
    `USER_ID=paste-the-id-from-step-1`,
    `# 2. its token: the answer's "token" is INFLUX_TOKEN, its "id" is INFLUX_TOKEN_ID`,
    `curl -sS -X POST ${shellQuote(`${ctx.url}/api/v2/authorizations`)} ${headers} \\`,
    `  -d '${body.replace('__USER_ID__', `'"$USER_ID"'`)}'`,
  ].join('\n');
  return { cli, cliMissing, curl };
}
