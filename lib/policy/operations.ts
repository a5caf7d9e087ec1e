// The one answer to "may this person do this operation, to this token or with these grants, for
// this owner, under this configuration", with the reason in words. Pure: the pages ask it what to
// offer, the action wrapper asks it for the role, each action asks it again with the token it
// loaded from InfluxDB, and links and templates ask it through grant-policy.ts. Nothing else
// decides. The rules, in short (README "Roles" has the table):
// - viewers read; creators mint, clone, activate, deactivate and describe; admins also replace,
//   delete, run bulk changes, cancel schedules, write templates and clean up deleted owners' tokens;
// - activating or cloning a token, or replacing it, is a grant decision: only what the person could
//   mint (sensitive or code-running grants need CONSOLE_SENSITIVE_GRANTS_ROLE, another InfluxDB user
//   as owner needs CONSOLE_OTHER_OWNER_ROLE);
// - the console's own credential is never switched, described, copied, replaced or deleted here;
// - v1 credentials (username and password for /query and /write) follow the same rules: viewers
//   read, creators create, activate, deactivate and set new passwords (a new password hands out
//   the credential's access again, so it is a grant decision like activating), admins delete.
// - a connection may let only some roles act on it (connections file, `roles`): there, everyone
//   else may only look (see, reload, export the audit trail).
import { hasRole, type Role } from '@/lib/auth/roles';
import type { GrantPolicy } from './grant-policy';

export const TOKEN_OPERATIONS = ['activate', 'deactivate', 'describe', 'delete', 'clone', 'replace'] as const;
export type TokenOperation = (typeof TOKEN_OPERATIONS)[number];

export type Operation =
  | 'tokens.view'
  | 'tokens.reload'
  | 'token.mint'
  /** The follow-ups of a failed store delivery of one's own new token (issue 17). */
  | 'token.deliver'
  | `token.${TokenOperation}`
  | 'tokens.bulk-deactivate'
  | 'tokens.bulk-delete'
  | 'schedule.cancel'
  | 'template.write'
  | 'influx-user.create'
  | 'influx-user.delete-created'
  | 'deleted-owner-token.delete'
  | 'audit.export'
  | `v1.${V1Operation}`
  // Issue 13: set, change or remove the console-enforced expiry of an existing token.
  | 'token.expiry'
  // Issue 15: access requests. Whether this person may act on this request (their own, its state,
  // the form they present) is lib/requests/decide-step.ts's answer on top of this role check.
  | `request.${RequestOperation}`;

/**
 * create: ask for a token the builder refused (viewers never: they hold no tokens); withdraw or
 * change: one's own pending request; review: approve, narrow or deny (never one's own); mint: the
 * requester mints the approved form. Not a grant decision for the requester: the approval was
 * one, made by an admin who could mint it.
 */
export const REQUEST_OPERATIONS = ['create', 'withdraw', 'review', 'mint'] as const;
export type RequestOperation = (typeof REQUEST_OPERATIONS)[number];

export const V1_OPERATIONS = ['view', 'create', 'password', 'activate', 'deactivate', 'delete'] as const;
export type V1Operation = (typeof V1_OPERATIONS)[number];

/** What the policy needs to know of a token (or of a token about to be minted). */
export interface GrantFacts {
  /** Short labels of sensitive grants ("write authorizations", "every org"). */
  sensitive: readonly string[];
  /** Short labels of grants that make influxd run code as the owner ("write tasks"). */
  codeRunning: readonly string[];
  /** Owned by an InfluxDB user other than the console's own. */
  otherOwner: boolean;
  ownerName?: string;
  /** The console's own InfluxDB credential (INFLUX_TOKEN_ID). */
  isConsoleCredential?: boolean;
}

export type Decision =
  { allowed: true } | { allowed: false; reason: 'role' | 'connection' | 'grants' | 'owner' | 'console-credential'; message: string };

/** The connection an operation acts on, as the policy needs it: its label and who may act there. */
export interface ConnectionFacts {
  label: string;
  /** Console roles that may change anything on this connection; absent: every role, by the rules above. */
  roles?: readonly Role[];
}

/** Operations that only look: open to every role on every connection. */
const LOOKING: ReadonlySet<Operation> = new Set(['tokens.view', 'tokens.reload', 'audit.export']);

const plural = (roles: readonly Role[]) =>
  roles.map((r) => `${r}s`).reduce((all, r, i, list) => (i === 0 ? r : i === list.length - 1 ? `${all} and ${r}` : `${all}, ${r}`), '');

const ALLOWED: Decision = { allowed: true };

/** Lowest role for the operation, whatever the token. */
export function baseRole(op: Operation, policy: GrantPolicy): Role {
  switch (op) {
    case 'tokens.view':
    case 'tokens.reload':
    case 'v1.view':
      return 'viewer';
    case 'token.mint':
    case 'token.deliver':
    case 'v1.create':
      return policy.mintRole;
    case 'v1.password':
    case 'v1.activate':
    case 'v1.deactivate':
      return 'creator';
    case 'token.clone':
    case 'token.activate':
    case 'token.deactivate':
    case 'token.describe':
    case 'request.create':
    case 'request.withdraw':
    case 'request.mint':
      return 'creator';
    case 'request.review':
      return 'admin';
    case 'influx-user.create':
    case 'influx-user.delete-created':
      return policy.otherOwnerRole;
    case 'token.replace':
    case 'token.delete':
    case 'tokens.bulk-deactivate':
    case 'tokens.bulk-delete':
    case 'schedule.cancel':
    case 'template.write':
    case 'deleted-owner-token.delete':
    case 'audit.export':
    case 'v1.delete':
    case 'token.expiry':
      return 'admin';
  }
}

const VERB: Record<Operation, string> = {
  'tokens.view': 'see tokens',
  'tokens.reload': 'reload the token list from InfluxDB',
  'token.mint': 'create tokens',
  'token.deliver': 'finish delivering new tokens to secret stores',
  'token.clone': 'clone tokens',
  'token.activate': 'activate tokens',
  'token.deactivate': 'deactivate tokens',
  'token.describe': 'change token descriptions',
  'token.delete': 'delete tokens',
  'token.replace': 'replace tokens',
  'tokens.bulk-deactivate': 'deactivate tokens in bulk',
  'tokens.bulk-delete': 'delete tokens in bulk',
  'schedule.cancel': 'cancel scheduled deactivations',
  'template.write': 'create, change or delete templates',
  'influx-user.create': 'create tokens owned by another InfluxDB user',
  'influx-user.delete-created': 'delete InfluxDB users the console created',
  'deleted-owner-token.delete': 'delete tokens of deleted InfluxDB users',
  'audit.export': 'export the audit trail',
  'v1.view': 'see v1 credentials',
  'v1.create': 'create v1 credentials',
  'v1.password': 'set new passwords for v1 credentials',
  'v1.activate': 'activate v1 credentials',
  'v1.deactivate': 'deactivate v1 credentials',
  'v1.delete': 'delete v1 credentials',
  'token.expiry': 'set, change or remove token expiries',
  'request.create': 'request tokens',
  'request.withdraw': 'withdraw or change token requests',
  'request.review': 'review token requests',
  'request.mint': 'create approved tokens',
};

/** The verb for one target, in the grants and owner refusals ("activate" a token). */
const ONE: Partial<Record<Operation, string>> = { 'v1.password': 'set a new password for' };
const verbForOne = (op: Operation) => ONE[op] ?? VERB[op].replace(/ (tokens?|v1 credentials)$/, '');
const nounOf = (op: Operation) => (op.startsWith('v1.') ? 'a v1 credential' : 'a token');

/** Operations that hand out (again) what the token grants: the same rule as minting it. */
const GRANTING: ReadonlySet<Operation> = new Set([
  'token.mint',
  'token.clone',
  'token.activate',
  'token.replace',
  'v1.create',
  'v1.password',
  'v1.activate',
]);
/** Operations the console's own credential is protected from. */
const TOUCHES_CREDENTIAL: ReadonlySet<Operation> = new Set([
  'token.activate',
  'token.deactivate',
  'token.describe',
  'token.delete',
  'token.clone',
  'token.replace',
  'tokens.bulk-deactivate',
  'tokens.bulk-delete',
  'token.expiry',
]);

const CREDENTIAL_WORDS: Partial<Record<Operation, string>> = {
  'token.clone': "The console's own credential cannot be cloned: that would hand out a copy of the console's access.",
  'token.replace': "The console's own credential cannot be replaced here: an InfluxDB operator must rotate it and update INFLUX_TOKEN.",
  'token.expiry': "The console's own credential cannot get an expiry: the console would deactivate its own access to InfluxDB.",
};
const CREDENTIAL_DEFAULT =
  "This is the console's own InfluxDB credential. Changing, switching off or deleting it here could lock the console out; an InfluxDB operator must change it.";

const article = (role: Role) => (role === 'admin' ? 'an admin' : `a ${role}`);

/**
 * The decision, with the words a person can act on. `target` absent: the role check alone. `on`:
 * the connection acted on (absent: no connection rule, as for a console without a connections file).
 */
export function decide(role: Role, op: Operation, policy: GrantPolicy, target?: GrantFacts, on?: ConnectionFacts): Decision {
  const needed = baseRole(op, policy);
  if (!hasRole(role, needed)) {
    return { allowed: false, reason: 'role', message: `Only ${needed}s may ${VERB[op]}. You are signed in as ${article(role)}.` };
  }
  if (on?.roles && !LOOKING.has(op) && !on.roles.includes(role)) {
    return {
      allowed: false,
      reason: 'connection',
      message: `On ${on.label}, only ${plural(on.roles)} may ${VERB[op]} (connections file). You are signed in as ${article(role)}.`,
    };
  }
  if (!target) return ALLOWED;
  if (target.isConsoleCredential && TOUCHES_CREDENTIAL.has(op)) {
    return { allowed: false, reason: 'console-credential', message: CREDENTIAL_WORDS[op] ?? CREDENTIAL_DEFAULT };
  }
  if (!GRANTING.has(op)) return ALLOWED;
  const flagged = [...target.sensitive, ...target.codeRunning];
  if (flagged.length > 0 && !hasRole(role, policy.sensitiveRole)) {
    const code =
      target.codeRunning.length > 0
        ? ` It ${target.codeRunning.length === 1 ? 'includes' : 'include'} ${target.codeRunning.join(', ')}: it can run queries with the rights of ${target.ownerName ?? 'its owner'}.`
        : '';
    return {
      allowed: false,
      reason: 'grants',
      message: `Only ${policy.sensitiveRole}s may ${verbForOne(op)} ${nounOf(op)} with ${flagged.join(', ')}.${code} You are signed in as ${article(role)}.`,
    };
  }
  if (target.otherOwner && !hasRole(role, policy.otherOwnerRole)) {
    return {
      allowed: false,
      reason: 'owner',
      message: `Only ${policy.otherOwnerRole}s may ${verbForOne(op)} ${nounOf(op)} owned by another InfluxDB user${target.ownerName ? ` (${target.ownerName})` : ''} (setting CONSOLE_OTHER_OWNER_ROLE). You are signed in as ${article(role)}.`,
    };
  }
  return ALLOWED;
}

/** Which single-token operations the person may use on this token: what the pages offer. */
export function tokenOperations(
  role: Role,
  policy: GrantPolicy,
  target: GrantFacts,
  on?: ConnectionFacts,
): Record<TokenOperation, boolean> {
  const may = {} as Record<TokenOperation, boolean>;
  for (const op of TOKEN_OPERATIONS) may[op] = decide(role, `token.${op}`, policy, target, on).allowed;
  return may;
}
