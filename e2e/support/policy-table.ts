// The console's operation policy as data (issue 9, /work/notes/policy-spec.md): who may run each
// server action, per role, token class and role settings. e2e/policy-table.spec.ts posts every row
// to the real action endpoints; lib/actions/action-inventory.test.ts checks every action in the
// code has rows here. No Playwright or server imports: vitest imports this file too.

export const ROLES = ['viewer', 'creator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a token (or a requested grant set, for mint) is, as far as the policy cares:
 * - plain: owned by the console's InfluxDB user, nothing below;
 * - sensitive: write on authorizations (also users, orgs, secrets; read on authorizations,
 *   secrets; all access);
 * - code-running: write on tasks (also checks, notification rules and endpoints): influxd runs
 *   its Flux with the rights of the token's owner;
 * - other-owner: plain grants, owned by another InfluxDB user;
 * - console-credential: the authorization INFLUX_TOKEN_ID names;
 * - inactive: plain, switched off.
 * 'none' is for operations that take no token (templates, schedules, users).
 */
export const TOKEN_CLASSES = ['plain', 'sensitive', 'code-running', 'other-owner', 'console-credential', 'inactive'] as const;
export type TokenClass = (typeof TOKEN_CLASSES)[number];
export type RowClass = TokenClass | 'none';

/** The two role settings, CONSOLE_SENSITIVE_GRANTS_ROLE (S) and CONSOLE_OTHER_OWNER_ROLE (O). */
export const SETTINGS = {
  defaults: { sensitiveGrantsRole: 'admin', otherOwnerRole: 'admin' },
  creator: { sensitiveGrantsRole: 'creator', otherOwnerRole: 'creator' },
} as const satisfies Record<string, { sensitiveGrantsRole: Role; otherOwnerRole: Role }>;
export type Setting = keyof typeof SETTINGS;

/** The spec's "who may" column, word for word. */
type WhoMay =
  | 'viewer+'
  | 'creator+'
  | 'admin'
  /** role >= creator AND (sensitive or code-running => role >= S) AND (other owner => role >= O) */
  | 'could-mint'
  | 'admin-and-could-mint'
  | 'other-owner-role';

interface OperationRule {
  /** The defineAction name the operation is posted to. */
  action: string;
  whoMay: WhoMay;
  /** The token classes the operation applies to (['none'] when it takes no token). */
  classes: readonly RowClass[];
  /** Refused for the console credential whatever the role (bulk: that item only). */
  credentialRefused?: true;
  /**
   * 'refusals-only': the e2e spec can tell a refusal apart, but an allowed call needs state it
   * cannot make on the main stack (a half-done mint of the same person); e2e/owner-limited.spec.ts
   * covers the allowed path.
   */
  probe?: 'refusals-only';
}

const TOKENS = TOKEN_CLASSES;
const MINTABLE = ['plain', 'sensitive', 'code-running', 'other-owner', 'inactive'] as const;
const V1 = ['plain', 'other-owner'] as const;

export const OPERATIONS = {
  list: { action: 'tokens.list', whoMay: 'viewer+', classes: TOKENS },
  get: { action: 'tokens.get', whoMay: 'viewer+', classes: TOKENS },
  activate: { action: 'tokens.set-status', whoMay: 'could-mint', classes: TOKENS, credentialRefused: true },
  deactivate: { action: 'tokens.set-status', whoMay: 'creator+', classes: TOKENS, credentialRefused: true },
  describe: { action: 'tokens.describe', whoMay: 'creator+', classes: TOKENS, credentialRefused: true },
  delete: { action: 'tokens.delete', whoMay: 'admin', classes: TOKENS, credentialRefused: true },
  clone: { action: 'tokens.clone', whoMay: 'could-mint', classes: TOKENS, credentialRefused: true },
  replace: { action: 'tokens.replace', whoMay: 'admin-and-could-mint', classes: TOKENS, credentialRefused: true },
  'bulk-deactivate': { action: 'tokens.bulk-deactivate', whoMay: 'admin', classes: TOKENS, credentialRefused: true },
  'bulk-delete': { action: 'tokens.bulk-delete', whoMay: 'admin', classes: TOKENS, credentialRefused: true },
  'cancel-schedule': { action: 'tokens.cancel-schedule', whoMay: 'admin', classes: ['none'] },
  // Issue 13: the console-enforced expiry of an existing token (a lifetime within the admin's policy).
  expiry: { action: 'tokens.change-expiry', whoMay: 'admin', classes: TOKENS, credentialRefused: true },
  'bulk-expiry': { action: 'tokens.bulk-change-expiry', whoMay: 'admin', classes: TOKENS, credentialRefused: true },
  // The console the policy table posts to has no notice channel: an admin is told so, others refused by role.
  'test-notice': { action: 'settings.test-notice', whoMay: 'admin', classes: ['none'], probe: 'refusals-only' },
  mint: { action: 'tokens.create', whoMay: 'could-mint', classes: MINTABLE },
  // Issue 17: minting into a secret store. The main e2e stack has no store, so only refusals are
  // judged there; e2e/secret-stores.spec.ts runs the allowed path against a real OpenBao.
  'mint-to-store': { action: 'tokens.create-for-store', whoMay: 'could-mint', classes: MINTABLE, probe: 'refusals-only' },
  // The follow-ups act on the same person's held delivery only (lib/secret-stores/held-values.ts).
  'delivery-retry': { action: 'tokens.delivery-retry', whoMay: 'could-mint', classes: ['none'], probe: 'refusals-only' },
  'delivery-show-once': { action: 'tokens.delivery-show-once', whoMay: 'could-mint', classes: ['none'], probe: 'refusals-only' },
  'delivery-delete': { action: 'tokens.delivery-delete', whoMay: 'could-mint', classes: ['none'], probe: 'refusals-only' },
  // Rotating a delivered path mints a successor and retires the old token: a replace, for admins.
  'rotate-now': { action: 'tokens.rotate-now', whoMay: 'admin', classes: ['none'], probe: 'refusals-only' },
  'delete-created-user': { action: 'influx-users.delete-created', whoMay: 'other-owner-role', classes: ['none'], probe: 'refusals-only' },
  'template-create': { action: 'template.create', whoMay: 'admin', classes: ['none'] },
  'template-update': { action: 'template.update', whoMay: 'admin', classes: ['none'] },
  'template-delete': { action: 'template.delete', whoMay: 'admin', classes: ['none'] },
  'delete-orphaned': { action: 'tokens.delete-orphaned', whoMay: 'admin', classes: ['none'] },
  // v1 credentials (username and password for /query and /write): bucket grants only, so the
  // classes that apply are the owner's; 'plain' is owned by the console's user.
  'v1-create': { action: 'v1-credentials.create', whoMay: 'could-mint', classes: V1 },
  'v1-password': { action: 'v1-credentials.set-password', whoMay: 'could-mint', classes: V1 },
  'v1-activate': { action: 'v1-credentials.set-status', whoMay: 'could-mint', classes: V1 },
  'v1-deactivate': { action: 'v1-credentials.set-status', whoMay: 'creator+', classes: V1 },
  'v1-delete': { action: 'v1-credentials.delete', whoMay: 'admin', classes: V1 },
  // Only the same person's half-done create can be undone, so only refusals are judged here; the
  // allowed path is in lib/v1/v1-credentials.integration.test.ts.
  'v1-discard': { action: 'v1-credentials.discard', whoMay: 'could-mint', classes: ['none'], probe: 'refusals-only' },
  // Access requests (issue 15). Anyone who mints may ask; what they ask for is the reviewer's
  // grant decision, not theirs. The other steps act on one request (the requester's own, or a
  // pending one for another admin), so a made-up id judges only the role refusals; e2e/requests.spec.ts
  // covers the allowed paths.
  'request-create': { action: 'requests.create', whoMay: 'creator+', classes: ['none'] },
  'request-withdraw': { action: 'requests.withdraw', whoMay: 'creator+', classes: ['none'], probe: 'refusals-only' },
  'request-change': { action: 'requests.change', whoMay: 'creator+', classes: ['none'], probe: 'refusals-only' },
  'request-approve': { action: 'requests.approve', whoMay: 'admin', classes: ['none'], probe: 'refusals-only' },
  'request-deny': { action: 'requests.deny', whoMay: 'admin', classes: ['none'], probe: 'refusals-only' },
  'request-mint': { action: 'requests.mint', whoMay: 'creator+', classes: ['none'], probe: 'refusals-only' },
} as const satisfies Record<string, OperationRule>;
export type Operation = keyof typeof OPERATIONS;

export interface PolicyRow {
  action: string;
  operation: Operation;
  role: Role;
  tokenClass: RowClass;
  setting: Setting;
  allowed: boolean;
}

const rank: Record<Role, number> = { viewer: 0, creator: 1, admin: 2 };
const atLeast = (role: Role, needed: Role) => rank[role] >= rank[needed];

function couldMint(role: Role, cls: RowClass, setting: Setting): boolean {
  const s = SETTINGS[setting];
  if (!atLeast(role, 'creator')) return false;
  if ((cls === 'sensitive' || cls === 'code-running') && !atLeast(role, s.sensitiveGrantsRole)) return false;
  if (cls === 'other-owner' && !atLeast(role, s.otherOwnerRole)) return false;
  return true;
}

function allowed(rule: OperationRule, role: Role, cls: RowClass, setting: Setting): boolean {
  if (cls === 'console-credential' && rule.credentialRefused) return false;
  switch (rule.whoMay) {
    case 'viewer+':
      return true;
    case 'creator+':
      return atLeast(role, 'creator');
    case 'admin':
      return atLeast(role, 'admin');
    case 'could-mint':
      return couldMint(role, cls, setting);
    case 'admin-and-could-mint':
      return atLeast(role, 'admin') && couldMint(role, cls, setting);
    case 'other-owner-role':
      return atLeast(role, SETTINGS[setting].otherOwnerRole);
  }
}

export const POLICY_ROWS: readonly PolicyRow[] = (Object.keys(SETTINGS) as Setting[]).flatMap((setting) =>
  ROLES.flatMap((role) =>
    (Object.entries(OPERATIONS) as [Operation, OperationRule][]).flatMap(([operation, rule]) =>
      rule.classes.map((tokenClass) => ({
        action: rule.action,
        operation,
        role,
        tokenClass,
        setting,
        allowed: allowed(rule, role, tokenClass, setting),
      })),
    ),
  ),
);

export const probeOf = (operation: Operation): 'full' | 'refusals-only' => (OPERATIONS[operation] as OperationRule).probe ?? 'full';

/** Every action name the table has rows for. */
export const ACTIONS_WITH_ROWS: ReadonlySet<string> = new Set(POLICY_ROWS.map((r) => r.action));
