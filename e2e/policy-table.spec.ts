// The operation policy, row by row (e2e/support/policy-table.ts), against the production build and
// a real influxd: every operation x role x token class x role setting is posted to the real
// action endpoint with that role's session, on fresh tokens the operator made. An allowed row
// must show its effect in influxd; a refused row must answer `forbidden` and leave the operator's
// view of the tokens exactly as it was. The "creator" setting runs on a second console with
// CONSOLE_SENSITIVE_GRANTS_ROLE=creator and CONSOLE_OTHER_OWNER_ROLE=creator. Both token modes:
// the main stack's influxd hashes tokens (2.9's default); a second influxd started here does not
// (2.7's behaviour, --use-hashed-tokens=false), with its own console per setting.
// Each (setting, role) is one test that collects every mismatch and reports them as one table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionId, callAction, pagePathOf } from './support/console-http';
import { startInfluxd, type InfluxInstance } from '../scripts/influxd/harness';
import { consoleEnv, freePort, startConsole, type RunningConsole, type TestRole } from './support/console-server';
import {
  createUser,
  createV1,
  getAuthorization,
  getV1,
  listAuthorizations,
  listV1,
  sortedPermissionStrings,
  v1Query,
} from '../scripts/influxd/operator';
import { sessionCookie } from './support/mint';
import {
  POLICY_ROWS,
  probeOf,
  ROLES,
  SETTINGS,
  type Operation,
  type PolicyRow,
  type Setting,
  type TokenClass,
} from './support/policy-table';
import type { Stack } from './support/stack';
import { expect, test } from './support/test';
import {
  credentialFixture,
  fixtureOwners,
  influxUserID,
  makeFixture,
  restoreCredential,
  snapshot,
  snapshotDiff,
  type Fixture,
  type FixtureOwners,
  type Snapshot,
} from './support/token-fixtures';

type Result = { ok: boolean; code?: string; formError?: string; data?: Record<string, unknown> };

const TOKENS = 'app/(console)/tokens/actions.ts';
const MINT = 'app/(console)/tokens/new/actions.ts';
const DELIVERY = 'app/(console)/tokens/new/_delivery/actions.ts';
const TEMPLATES = 'app/(console)/templates/actions.ts';
const SETTINGS_FILE = 'app/(console)/settings/actions.ts';
const V1_FILE = 'app/(console)/v1-credentials/actions.ts';
const REQUESTS_FILE = 'app/(console)/requests/actions.ts';

/** Where each action of the table is: its file and export in the build. */
const ENDPOINTS: Record<string, { file: string; exportName: string }> = {
  'tokens.list': { file: TOKENS, exportName: 'listTokens' },
  'tokens.get': { file: TOKENS, exportName: 'getToken' },
  'tokens.set-status': { file: TOKENS, exportName: 'setTokenStatus' },
  'tokens.describe': { file: TOKENS, exportName: 'editDescription' },
  'tokens.delete': { file: TOKENS, exportName: 'deleteToken' },
  'tokens.clone': { file: TOKENS, exportName: 'cloneToken' },
  'tokens.replace': { file: TOKENS, exportName: 'replaceToken' },
  'tokens.bulk-deactivate': { file: TOKENS, exportName: 'bulkDeactivate' },
  'tokens.bulk-delete': { file: TOKENS, exportName: 'bulkDelete' },
  'tokens.cancel-schedule': { file: TOKENS, exportName: 'cancelScheduledDeactivation' },
  'tokens.change-expiry': { file: TOKENS, exportName: 'changeTokenExpiry' },
  'tokens.bulk-change-expiry': { file: TOKENS, exportName: 'bulkChangeExpiry' },
  'tokens.create': { file: MINT, exportName: 'createToken' },
  'influx-users.delete-created': { file: MINT, exportName: 'deleteCreatedUser' },
  'tokens.create-for-store': { file: DELIVERY, exportName: 'createTokenForStore' },
  'tokens.delivery-retry': { file: DELIVERY, exportName: 'retryTokenDelivery' },
  'tokens.delivery-show-once': { file: DELIVERY, exportName: 'showHeldToken' },
  'tokens.delivery-delete': { file: DELIVERY, exportName: 'deleteUndeliveredToken' },
  'tokens.rotate-now': { file: DELIVERY, exportName: 'rotateDeliveredToken' },
  'template.create': { file: TEMPLATES, exportName: 'createTemplate' },
  'template.update': { file: TEMPLATES, exportName: 'updateTemplate' },
  'template.delete': { file: TEMPLATES, exportName: 'deleteTemplate' },
  'tokens.delete-orphaned': { file: SETTINGS_FILE, exportName: 'deleteOrphanedToken' },
  'settings.test-notice': { file: SETTINGS_FILE, exportName: 'sendTestNotice' },
  'v1-credentials.create': { file: V1_FILE, exportName: 'createV1' },
  'v1-credentials.set-password': { file: V1_FILE, exportName: 'setV1Password' },
  'v1-credentials.set-status': { file: V1_FILE, exportName: 'setV1CredentialStatus' },
  'v1-credentials.delete': { file: V1_FILE, exportName: 'deleteV1' },
  'v1-credentials.discard': { file: V1_FILE, exportName: 'discardHalfDone' },
  'requests.create': { file: REQUESTS_FILE, exportName: 'requestToken' },
  'requests.withdraw': { file: REQUESTS_FILE, exportName: 'withdrawRequest' },
  'requests.change': { file: REQUESTS_FILE, exportName: 'changeRequest' },
  'requests.approve': { file: REQUESTS_FILE, exportName: 'approveRequest' },
  'requests.deny': { file: REQUESTS_FILE, exportName: 'denyRequest' },
  'requests.mint': { file: REQUESTS_FILE, exportName: 'mintRequest' },
};

// ---- the consoles -----------------------------------------------------------------------------

type Mode = 'hashed' | 'unhashed';
const MODES: readonly Mode[] = ['hashed', 'unhashed'];

let unhashed: InfluxInstance | undefined;
const consoles = new Map<string, { console: RunningConsole; dir: string }>();

/** The influxd a token mode runs on: the main stack's (hashed), or one started here (unhashed). */
async function influxFor(stack: Stack, mode: Mode): Promise<Stack['influx']> {
  if (mode === 'hashed') return stack.influx;
  unhashed ??= await startInfluxd({ hashedTokens: false });
  return unhashed;
}

/** The console a (setting, mode) runs on: the main stack for the defaults on hashed tokens, else one started here. */
async function consoleFor(stack: Stack, setting: Setting, mode: Mode): Promise<string> {
  if (setting === 'defaults' && mode === 'hashed') return stack.baseURL;
  const key = `${setting}/${mode}`;
  let running = consoles.get(key);
  if (!running) {
    const dir = mkdtempSync(join(tmpdir(), `itc-policy-${setting}-${mode}-`));
    const port = await freePort();
    // localhost, like the main console: the saved sessions are cookies for localhost.
    const baseURL = `http://localhost:${port}`;
    const env = consoleEnv({
      influx: await influxFor(stack, mode),
      baseURL,
      dir,
      usersFile: stack.usersFile,
      extra: {
        ...(setting === 'creator'
          ? {
              CONSOLE_SENSITIVE_GRANTS_ROLE: SETTINGS.creator.sensitiveGrantsRole,
              CONSOLE_OTHER_OWNER_ROLE: SETTINGS.creator.otherOwnerRole,
            }
          : {}),
        CONSOLE_MINT_PER_MINUTE: '300',
      },
    });
    running = { console: await startConsole(env, port, dir), dir };
    consoles.set(key, running);
  }
  return running.console.baseURL;
}

test.afterAll(async () => {
  for (const { console, dir } of consoles.values()) {
    await console.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  consoles.clear();
  await unhashed?.stop();
  unhashed = undefined;
});

// ---- posting -----------------------------------------------------------------------------------

interface Caller {
  baseURL: string;
  post(action: string, input: unknown, role?: TestRole): Promise<Result>;
}

function callerFor(baseURL: string, role: TestRole): Caller {
  return {
    baseURL,
    async post(action, input, as = role) {
      const e = ENDPOINTS[action];
      if (!e) throw new Error(`no endpoint for ${action}`);
      const id = actionId(e.exportName, e.file);
      const res = await callAction<Result>(baseURL, pagePathOf(id, 'policy-table'), id, [input], { cookie: sessionCookie(as) });
      const r = res.result as Result | undefined;
      return typeof r?.ok === 'boolean'
        ? r
        : { ok: false, code: `no action result (http ${res.status})`, formError: res.raw.slice(0, 200) };
    },
  };
}

// ---- one row ---------------------------------------------------------------------------------

/** What a row did: allowed or not, and what is wrong with it by the spec (undefined: nothing). */
interface Probe {
  /** The call (or, for a bulk item, the item) went through. */
  allowed: boolean;
  /** "forbidden" etc. when refused as a whole; undefined when only an item was refused. */
  code?: string;
  words?: string;
  /** For an allowed call: what is missing from its effect in influxd ("" when all is there). */
  effect: () => Promise<string>;
  /** Tokens a call may change legitimately besides the row's own (a bulk's other item). */
  companions?: string[];
  /** For a refused call: what is wrong beyond the operator's list ("" when nothing). */
  afterRefusal?: () => Promise<string>;
}

interface Group {
  inst: Stack['influx'];
  caller: Caller;
  role: TestRole;
  setting: Setting;
  tag: string;
  owners: FixtureOwners;
  credential: Fixture;
}

const statusOf = async (g: Group, id: string) => (await getAuthorization(g.inst, id)).body?.status as string | undefined;
const gone = async (g: Group, id: string) => ((await getAuthorization(g.inst, id)).status === 404 ? '' : `${id} still exists in influxd`);

/** The new token `id` holds exactly `source`'s permissions, for its owner, active. */
async function isCopyOf(g: Group, id: string | undefined, source: Fixture): Promise<string> {
  if (!id) return 'no new token id in the answer';
  const copy = await getAuthorization(g.inst, id);
  if (copy.status !== 200) return `new token ${id} not in influxd (${copy.status})`;
  const problems: string[] = [];
  if (JSON.stringify(sortedPermissionStrings(copy.body.permissions)) !== JSON.stringify(sortedPermissionStrings(source.permissions)))
    problems.push('permissions differ');
  if (copy.body.userID !== source.userID) problems.push(`owner ${copy.body.userID}, source owner ${source.userID}`);
  if (copy.body.status !== 'active') problems.push(`copy is ${copy.body.status}`);
  return problems.join(', ');
}

const describeOf = (g: Group, op: Operation, cls: string) => `${g.tag} ${g.setting} ${g.role} ${op} ${cls}`;

/** The fixture a row acts on: fresh, except the console credential, which is the real one. */
async function tokenFor(g: Group, op: Operation, cls: TokenClass): Promise<Fixture> {
  if (cls === 'console-credential') return g.credential;
  return makeFixture(g.inst, g.owners, cls, describeOf(g, op, cls), { inactive: op === 'activate' });
}

const mintGrants: Record<Exclude<TokenClass, 'console-credential'>, unknown[]> = {
  plain: [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }],
  inactive: [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }],
  'other-owner': [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }],
  sensitive: [{ type: 'authorizations', action: 'write', scope: { kind: 'all' } }],
  'code-running': [{ type: 'tasks', action: 'write', scope: { kind: 'all' } }],
};

// ---- v1 credentials ----------------------------------------------------------------------------

let v1Count = 0;
/** A username of at most 32 characters (the console's rule), unique in the run. */
const v1Username = (g: Group) => `${g.tag}-${(v1Count++).toString(36)}`;
const V1_FIXTURE_PASSWORD = 'Fixture-password-123';

/**
 * A v1 credential made by the operator (read on the stack's bucket, with a known password), owned
 * by the console's user ('plain') or another user, posted to as the row says. A refused row must
 * leave it as it was, checked where it counts: the fixture's own password still signs in.
 */
async function v1Row(g: Group, op: Operation, cls: TokenClass): Promise<Probe> {
  const { caller } = g;
  const userID = cls === 'other-owner' ? g.owners.otherUserID : g.owners.consoleUserID;
  const signIn = async (username: string, password: string) =>
    (await v1Query(g.inst, { username, password }, g.inst.bucket, 'SHOW MEASUREMENTS')).status;
  if (op === 'v1-create') {
    const username = v1Username(g);
    const owner = cls === 'other-owner' ? { kind: 'existing', userID } : { kind: 'console' };
    const r = await caller.post('v1-credentials.create', { username, description: describeOf(g, op, cls), read: [g.inst.bucketID], owner });
    const made = async () => (await listV1(g.inst)).find((c) => c.token === username);
    return {
      ...refusal(r),
      effect: async () => {
        const c = await made();
        if (!c) return `no v1 credential ${username} in influxd`;
        if (c.userID !== userID) return `owner ${c.userID}, asked ${userID}`;
        const password = r.data?.password as string | undefined;
        return password && (await signIn(username, password)) === 200 ? '' : 'the answered password does not sign in';
      },
      afterRefusal: async () => ((await made()) ? `v1 credential ${username} was created` : ''),
    };
  }
  const username = v1Username(g);
  const fixture = await createV1(g.inst, {
    username,
    bucketID: g.inst.bucketID,
    password: V1_FIXTURE_PASSWORD,
    userID,
    status: op === 'v1-activate' ? 'inactive' : 'active',
  });
  const state = async () => {
    const now = await getV1(g.inst, fixture.id);
    return now.status === 200 ? now.body.status : 'gone';
  };
  const unchanged = async () => {
    const now = await state();
    const was = op === 'v1-activate' ? 'inactive' : 'active';
    if (now !== was) return `the v1 credential is now ${now}`;
    if (was === 'active' && (await signIn(username, V1_FIXTURE_PASSWORD)) !== 200) return 'its password no longer signs in';
    return '';
  };
  switch (op) {
    case 'v1-password': {
      const r = await caller.post('v1-credentials.set-password', { id: fixture.id });
      return {
        ...refusal(r),
        effect: async () => {
          const password = r.data?.password as string | undefined;
          if (!password || (await signIn(username, password)) !== 200) return 'the new password does not sign in';
          return (await signIn(username, V1_FIXTURE_PASSWORD)) === 401 ? '' : 'the old password still signs in';
        },
        afterRefusal: unchanged,
      };
    }
    case 'v1-activate':
    case 'v1-deactivate': {
      const status = op === 'v1-activate' ? 'active' : 'inactive';
      const r = await caller.post('v1-credentials.set-status', { id: fixture.id, status });
      return {
        ...refusal(r),
        effect: async () => ((await state()) === status ? '' : `status is ${await state()}`),
        afterRefusal: unchanged,
      };
    }
    case 'v1-delete': {
      const r = await caller.post('v1-credentials.delete', { id: fixture.id });
      return { ...refusal(r), effect: async () => ((await state()) === 'gone' ? '' : 'it still exists'), afterRefusal: unchanged };
    }
    case 'v1-discard': {
      // The operator made it, not this person: refused for every role (probe: refusals-only).
      const r = await caller.post('v1-credentials.discard', { id: fixture.id });
      return { ...refusal(r), effect: async () => '', afterRefusal: unchanged };
    }
    default:
      throw new Error(`no v1 row for ${op}`);
  }
}

async function tokenRow(g: Group, op: Operation, cls: TokenClass, variant?: string): Promise<Probe> {
  const { caller } = g;
  if (op === 'mint' || op === 'mint-to-store') {
    const c = cls as Exclude<TokenClass, 'console-credential'>;
    const [action, type] = variant ? variant.split(':') : [];
    const grants = action && type ? [{ type, action, scope: { kind: 'all' } }] : mintGrants[c];
    const body = {
      formKey: crypto.randomUUID(),
      orgID: g.inst.orgID,
      description: `${describeOf(g, op, cls)}${variant ? ` ${variant}` : ''}`,
      status: c === 'inactive' ? 'inactive' : 'active',
      owner: c === 'other-owner' ? { kind: 'existing', userID: g.owners.otherUserID } : { kind: 'console' },
      grants,
      confirmSensitive: true,
    };
    // This stack has no secret store: a role or grant refusal must come before the store check
    // (probe: refusals-only), so an unknown store is enough here.
    const r =
      op === 'mint'
        ? await caller.post('tokens.create', body)
        : await caller.post('tokens.create-for-store', { ...body, delivery: { kind: 'kv', storeId: 'no-store', path: 'influx/x' } });
    return {
      ...refusal(r),
      effect: async () => {
        const id = r.data?.id as string | undefined;
        if (!id) return 'no token id in the answer';
        const made = await getAuthorization(g.inst, id);
        if (made.status !== 200) return `token ${id} not in influxd`;
        const problems: string[] = [];
        const owner = c === 'other-owner' ? g.owners.otherUserID : g.owners.consoleUserID;
        if (made.body.userID !== owner) problems.push(`owner ${made.body.userID}, asked ${owner}`);
        if (made.body.status !== body.status) problems.push(`status ${made.body.status}`);
        const want = (grants as { type: string; action: string }[]).map((x) => `${x.action}:${x.type}`);
        const has = made.body.permissions.map((p) => `${p.action}:${p.resource.type}`);
        for (const w of want) if (!has.includes(w)) problems.push(`missing ${w}`);
        return problems.join(', ');
      },
    };
  }

  const t = await tokenFor(g, op, cls);
  switch (op) {
    case 'get': {
      const r = await caller.post('tokens.get', { id: t.id });
      return { ...refusal(r), effect: async () => (r.data?.id === t.id ? '' : `answer is not token ${t.id}`) };
    }
    case 'activate':
    case 'deactivate': {
      const status = op === 'activate' ? 'active' : 'inactive';
      const r = await caller.post('tokens.set-status', { id: t.id, status });
      return { ...refusal(r), effect: async () => ((await statusOf(g, t.id)) === status ? '' : `status is ${await statusOf(g, t.id)}`) };
    }
    case 'describe': {
      const description = `${t.description} edited`;
      const r = await caller.post('tokens.describe', { id: t.id, description });
      return {
        ...refusal(r),
        effect: async () => {
          const now = (await getAuthorization(g.inst, t.id)).body?.description;
          return now === description ? '' : `description is "${now}"`;
        },
      };
    }
    case 'delete': {
      const r = await caller.post('tokens.delete', { id: t.id });
      return { ...refusal(r), effect: () => gone(g, t.id) };
    }
    case 'clone': {
      const r = await caller.post('tokens.clone', { id: t.id, formKey: crypto.randomUUID() });
      return { ...refusal(r), effect: () => isCopyOf(g, r.data?.id as string | undefined, t) };
    }
    case 'replace': {
      const r = await caller.post('tokens.replace', { id: t.id, graceSeconds: 0, formKey: crypto.randomUUID() });
      return {
        ...refusal(r),
        effect: async () => {
          const copy = await isCopyOf(g, r.data?.id as string | undefined, t);
          const original = await statusOf(g, t.id);
          return [copy, original === 'inactive' ? '' : `original is ${original}`].filter(Boolean).join(', ');
        },
      };
    }
    case 'bulk-deactivate':
    case 'bulk-delete': {
      // The credential goes with another token: its item is refused, the other still proceeds.
      const companion =
        cls === 'console-credential' ? await makeFixture(g.inst, g.owners, 'plain', `${describeOf(g, op, cls)} companion`) : undefined;
      const ids = companion ? [t.id, companion.id] : [t.id];
      const r = await caller.post(op === 'bulk-delete' ? 'tokens.bulk-delete' : 'tokens.bulk-deactivate', { ids });
      const items = (r.data?.results ?? []) as { id: string; ok: boolean; problem?: string }[];
      const item = items.find((i) => i.id === t.id);
      const done = async (id: string) =>
        op === 'bulk-delete' ? gone(g, id) : (await statusOf(g, id)) === 'inactive' ? '' : `${id} is ${await statusOf(g, id)}`;
      if (!r.ok) return { ...refusal(r), effect: async () => '' };
      const companionDone = async () => {
        if (!companion) return '';
        const other = items.find((i) => i.id === companion.id);
        return other?.ok ? await done(companion.id) : `the other item was not done: ${other?.problem ?? 'no result'}`;
      };
      return {
        allowed: item?.ok === true,
        words: item?.problem ?? (item ? '' : 'no result for the token'),
        companions: companion ? [companion.id] : [],
        effect: async () => [await done(t.id), await companionDone()].filter(Boolean).join(', '),
        afterRefusal: companionDone,
      };
    }
    case 'expiry':
    case 'bulk-expiry': {
      // 20 days: inside every class's maximum for admins, so only the operation policy decides.
      const r =
        op === 'expiry'
          ? await caller.post('tokens.change-expiry', { id: t.id, expiry: '20d' })
          : await caller.post('tokens.bulk-change-expiry', { ids: [t.id], expiry: '20d' });
      const item = op === 'bulk-expiry' ? ((r.data?.results ?? []) as { id: string; ok: boolean; problem?: string }[])[0] : undefined;
      const effect = async () => {
        const read = await caller.post('tokens.get', { id: t.id }, 'admin');
        const expiry = (read.data as { expiry?: { expiresAt?: string } | null } | undefined)?.expiry;
        return expiry?.expiresAt ? '' : 'no expiry stored';
      };
      if (op === 'bulk-expiry' && r.ok) return { allowed: item?.ok === true, words: item?.problem ?? '', effect };
      return { ...refusal(r), effect };
    }
    default:
      throw new Error(`no token row for ${op}`);
  }
}

const refusal = (r: Result) => ({ allowed: r.ok === true, code: r.ok ? undefined : r.code, words: r.formError ?? '' });

/** Operations on no token: each makes what it needs as an admin (or the operator) first. */
async function noTokenRow(g: Group, op: Operation): Promise<Probe> {
  const { caller } = g;
  const slug = (suffix: string) => `pt-${g.tag}-${g.setting}-${g.role}-${suffix}`;
  const content = { title: 'policy table', purpose: '', notes: '', description: '', permissions: 'read:dashboards', audience: 'creators' };
  const setup = (what: string, r: Result) => {
    if (!r.ok) throw new Error(`setup (${what}) as admin failed: ${r.code} ${r.formError}`);
    return r;
  };
  switch (op) {
    case 'cancel-schedule': {
      const t = await makeFixture(g.inst, g.owners, 'plain', describeOf(g, op, 'scheduled'));
      const replaced = setup(
        'replace with a grace period',
        await caller.post('tokens.replace', { id: t.id, graceSeconds: 3600, formKey: crypto.randomUUID() }, 'admin'),
      );
      const scheduleId = (replaced.data?.original as { scheduleId?: number } | undefined)?.scheduleId as number;
      const r = await caller.post('tokens.cancel-schedule', { scheduleId });
      return { ...refusal(r), effect: async () => (r.data?.scheduleId === scheduleId ? '' : 'answer is not the schedule') };
    }
    case 'test-notice': {
      const r = await caller.post('settings.test-notice', {});
      return { ...refusal(r), effect: async () => '' };
    }
    case 'delete-created-user': {
      // Only the same person's half-done mint can be deleted, so a made-up operation id answers
      // "refused" whether the role may or not: only refused rows are judged (probe: refusals-only).
      const r = await caller.post('influx-users.delete-created', { operationId: crypto.randomUUID() });
      return { ...refusal(r), effect: async () => '' };
    }
    case 'delivery-retry':
    case 'delivery-show-once':
    case 'delivery-delete': {
      // Only the same person's held delivery can be acted on (refusals-only, as above).
      const action = {
        'delivery-retry': 'tokens.delivery-retry',
        'delivery-show-once': 'tokens.delivery-show-once',
        'delivery-delete': 'tokens.delivery-delete',
      }[op];
      const r = await caller.post(action, { operationId: crypto.randomUUID() });
      return { ...refusal(r), effect: async () => '' };
    }
    case 'rotate-now': {
      // No path rotates on this stack: only the role refusals are judged (probe: refusals-only).
      const r = await caller.post('tokens.rotate-now', { authorizationID: '0000000000000001' });
      return { ...refusal(r), effect: async () => '' };
    }
    case 'template-create': {
      const r = await caller.post('template.create', { slug: slug('c'), ...content });
      return { ...refusal(r), effect: async () => (r.data?.slug === slug('c') ? '' : 'no template in the answer') };
    }
    case 'template-update': {
      setup('create the template', await caller.post('template.create', { slug: slug('u'), ...content }, 'admin'));
      const r = await caller.post('template.update', { slug: slug('u'), baseVersion: 1, ...content, title: 'policy table, edited' });
      return { ...refusal(r), effect: async () => (r.data?.version === 2 ? '' : `version ${String(r.data?.version)}`) };
    }
    case 'template-delete': {
      setup('create the template', await caller.post('template.create', { slug: slug('d'), ...content }, 'admin'));
      const r = await caller.post('template.delete', { slug: slug('d') });
      return { ...refusal(r), effect: async () => (r.data?.slug === slug('d') ? '' : 'no template in the answer') };
    }
    case 'delete-orphaned': {
      const owner = await createUser(g.inst, `policy-gone-${g.tag}-${g.setting}-${g.role}`);
      const t = await makeFixture(g.inst, { ...g.owners, otherUserID: owner }, 'other-owner', describeOf(g, op, 'orphan'));
      const del = await fetch(`${g.inst.url}/api/v2/users/${owner}`, {
        method: 'DELETE',
        headers: { Authorization: `Token ${g.inst.operatorToken}` },
      });
      if (del.status !== 204) throw new Error(`setup: delete user -> ${del.status}`);
      const r = await caller.post('tokens.delete-orphaned', { authorizationID: t.id });
      const state = async () => {
        const res = await getAuthorization(g.inst, t.id);
        return res.status === 404 && res.body?.message === 'user not found' ? 'owner-deleted' : `${res.status} ${res.body?.message ?? ''}`;
      };
      return {
        ...refusal(r),
        effect: async () => ((await state()) === 'owner-deleted' ? 'the orphaned token is still stored' : ''),
        // influxd lists no orphaned token, so the operator's list cannot show a refusal kept it.
        afterRefusal: async () => ((await state()) === 'owner-deleted' ? '' : `the orphaned token is now ${await state()}`),
      };
    }
    case 'request-create': {
      // A request changes nothing in influxd; allowed, it answers with the new request's id.
      const r = await caller.post('requests.create', {
        form: {
          connectionId: 'default',
          orgID: g.inst.orgID,
          description: `${describeOf(g, op, 'request')}`.trim(),
          owner: { kind: 'console' },
          grants: [{ type: 'authorizations', action: 'write', scope: { kind: 'all' } }],
          lifetime: '7d',
        },
        justification: 'policy table',
      });
      return { ...refusal(r), effect: async () => (typeof r.data?.id === 'string' ? '' : 'no request id in the answer') };
    }
    case 'request-withdraw':
    case 'request-change':
    case 'request-approve':
    case 'request-deny':
    case 'request-mint': {
      // No such request: refused whatever the role (probe: refusals-only); the role refusal comes first.
      const id = crypto.randomUUID();
      const form = {
        connectionId: 'default',
        orgID: g.inst.orgID,
        description: 'x',
        owner: { kind: 'console' },
        grants: [{ type: 'buckets', action: 'read', scope: { kind: 'all' } }],
        lifetime: '7d',
      };
      const inputs = {
        'request-withdraw': { id },
        'request-change': { id, form, justification: 'policy table' },
        'request-approve': { id },
        'request-deny': { id, reason: 'policy table' },
        'request-mint': { id, form, formKey: crypto.randomUUID() },
      };
      const input = inputs[op];
      const r = await caller.post(OPERATIONS_ACTION[op], input);
      return { ...refusal(r), effect: async () => '' };
    }
    default:
      throw new Error(`no row for ${op}`);
  }
}

const OPERATIONS_ACTION = {
  'request-withdraw': 'requests.withdraw',
  'request-change': 'requests.change',
  'request-approve': 'requests.approve',
  'request-deny': 'requests.deny',
  'request-mint': 'requests.mint',
} as const;

// ---- the list, once per group ------------------------------------------------------------------

async function listRows(g: Group, rows: PolicyRow[]): Promise<Map<PolicyRow, Probe>> {
  const out = new Map<PolicyRow, Probe>();
  const fixtures = new Map<TokenClass, Fixture>();
  for (const r of rows) fixtures.set(r.tokenClass as TokenClass, await tokenFor(g, 'list', r.tokenClass as TokenClass));
  // One reload from InfluxDB per group (reloads have their own, low limit); the credential is
  // found by its description in the list that reload filled.
  const tagged = await g.caller.post('tokens.list', { q: describeOf(g, 'list', '').trim(), refresh: true, size: 100 });
  const cred = await g.caller.post('tokens.list', { q: g.credential.description, size: 100 });
  for (const r of rows) {
    const f = fixtures.get(r.tokenClass as TokenClass)!;
    const page = r.tokenClass === 'console-credential' ? cred : tagged;
    const listed = (page.data?.rows ?? []) as { id: string }[];
    out.set(r, { ...refusal(page), effect: async () => (listed.some((x) => x.id === f.id) ? '' : `${f.id} is not in the list`) });
  }
  return out;
}

// ---- running a group ---------------------------------------------------------------------------

interface Mismatch {
  row: PolicyRow;
  /** Which grant of the class was asked for, when the row is posted once per grant. */
  variant?: string;
  got: string;
}

/**
 * Every grant that makes influxd run Flux with the owner's rights is code-running on its own (the
 * evidence is in docs/code-running-grants.md), so a mint of code-running grants is posted once per
 * type: a policy that knows tasks but forgets checks shows as its own mismatch.
 */
const CODE_RUNNING_TYPES = ['tasks', 'checks', 'notificationRules'] as const;
const variantsOf = (row: PolicyRow): (string | undefined)[] =>
  row.operation === 'mint' && row.tokenClass === 'code-running' ? CODE_RUNNING_TYPES.map((t) => `write:${t}`) : [undefined];

async function runGroup(g: Group): Promise<{ mismatches: Mismatch[]; judged: number }> {
  const rows = POLICY_ROWS.filter((r) => r.setting === g.setting && r.role === g.role);
  const mismatches: Mismatch[] = [];
  let judged = 0;
  const listProbes = await listRows(
    g,
    rows.filter((r) => r.operation === 'list'),
  );

  // The "before" view is taken right before the row's own post (after its fixtures and any
  // setup an admin posts), so only what that post did can differ.
  let before: Snapshot | undefined;
  const rowGroup: Group = {
    ...g,
    caller: {
      baseURL: g.caller.baseURL,
      post: async (action, input, as) => {
        if (as === undefined) before = await snapshot(g.inst, g.tag, g.credential);
        return g.caller.post(action, input, as);
      },
    },
  };

  for (const row of rows) {
    if (probeOf(row.operation) === 'refusals-only' && row.allowed) continue;
    for (const variant of variantsOf(row)) {
      judged++;
      before = undefined;
      const miss = (got: string) => mismatches.push({ row, variant, got });
      let probe: Probe;
      try {
        probe =
          listProbes.get(row) ??
          (row.operation.startsWith('v1-')
            ? await v1Row(rowGroup, row.operation, row.tokenClass === 'none' ? 'plain' : row.tokenClass)
            : row.tokenClass === 'none'
              ? await noTokenRow(rowGroup, row.operation)
              : await tokenRow(rowGroup, row.operation, row.tokenClass, variant));
      } catch (error) {
        miss(`error: ${String(error).slice(0, 200)}`);
        continue;
      }
      before ??= await snapshot(g.inst, g.tag, g.credential);
      const after = await snapshot(g.inst, g.tag, g.credential);
      const words = (probe.words ?? '').replace(/\s+/g, ' ').slice(0, 120);
      if (row.allowed) {
        if (!probe.allowed) miss(`refused (${probe.code ?? 'item'}: ${words})`);
        else {
          const missing = await probe.effect();
          if (missing) miss(`allowed, but in influxd: ${missing}`);
        }
      } else if (probe.allowed) {
        miss(`allowed${snapshotDiff(before, after) ? ` (${snapshotDiff(before, after)})` : ''}`);
      } else {
        if (probe.code !== undefined && probe.code !== 'forbidden') miss(`refused with code ${probe.code}, not forbidden (${words})`);
        const diff = snapshotDiff(before, after)
          .split('; ')
          .filter((d) => d && !(probe.companions ?? []).some((id) => d.startsWith(id)))
          .join('; ');
        if (diff) miss(`refused, but influxd changed: ${diff}`);
        const wrong = probe.afterRefusal ? await probe.afterRefusal() : '';
        if (wrong) miss(`refused, but ${wrong}`);
      }
      if (row.tokenClass === 'console-credential') await restoreCredential(g.inst, g.credential);
    }
  }
  return { mismatches, judged };
}

function table(mismatches: Mismatch[]): string {
  const head = ['setting', 'role', 'operation', 'class', 'spec', 'got'];
  const lines = mismatches.map((m) => [
    m.row.setting,
    m.row.role,
    m.row.operation,
    m.variant ? `${m.row.tokenClass} (${m.variant})` : m.row.tokenClass,
    m.row.allowed ? 'allowed' : 'refused',
    m.got,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [fmt(head), ...lines.map(fmt)].join('\n');
}

const newTag = () => `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

for (const mode of MODES) {
  for (const setting of Object.keys(SETTINGS) as Setting[]) {
    for (const role of ROLES) {
      test(`policy table: ${mode} tokens, ${setting} settings, ${role}: every row as the spec says`, async ({ stack }) => {
        test.setTimeout(120_000);
        const tag = newTag();
        const baseURL = await consoleFor(stack, setting, mode);
        const inst = await influxFor(stack, mode);
        const g: Group = {
          inst,
          caller: callerFor(baseURL, role),
          role,
          setting,
          tag,
          owners: await fixtureOwners(inst, tag),
          credential: await credentialFixture(inst),
        };
        const { mismatches, judged } = await runGroup(g);
        expect(judged).toBeGreaterThan(40);
        expect(mismatches.length, `${mismatches.length} of ${judged} rows differ from the spec:\n${table(mismatches)}\n`).toBe(0);
      });
    }
  }
}

// ---- one token per click -----------------------------------------------------------------------

for (const op of ['clone', 'replace'] as const) {
  test(`two concurrent ${op} posts with one formKey make exactly one new token`, async ({ stack }) => {
    const inst = stack.influx;
    const tag = newTag();
    const owners = { consoleUserID: await influxUserID(inst, 'token-console'), otherUserID: '' };
    const source = await makeFixture(inst, owners, 'plain', `${tag} idempotent ${op}`);
    const suffix = op === 'clone' ? '(clone)' : '(replacement)';
    const copies = async () => (await listAuthorizations(inst)).filter((a) => a.description === `${source.description} ${suffix}`).length;
    expect(await copies()).toBe(0);

    const caller = callerFor(stack.baseURL, 'admin');
    const input =
      op === 'clone' ? { id: source.id, formKey: crypto.randomUUID() } : { id: source.id, graceSeconds: 0, formKey: crypto.randomUUID() };
    const action = op === 'clone' ? 'tokens.clone' : 'tokens.replace';
    const answers = await Promise.all([caller.post(action, input), caller.post(action, input)]);
    // Counts and codes only: a failure message must not carry a token value.
    const shown = JSON.stringify(answers.map((a) => ({ ok: a.ok, code: a.code, formError: a.formError })));
    expect(answers.filter((a) => a.ok).length, shown).toBe(1);
    expect(await copies(), shown).toBe(1);
    // The answer that did not make the token carries no value.
    expect(answers.filter((a) => typeof a.data?.token === 'string').length, shown).toBe(1);
  });
}
