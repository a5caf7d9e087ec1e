// What the console's own InfluxDB credential can do, worked out without creating anything: from
// the credential's own authorization (INFLUX_TOKEN_ID) when it can be read, else from what a few
// reads reveal, saying what stays unknown. Pure: the loader (load-capabilities.ts) does the
// I/O; the Settings page, the builder and the mint action all read the result through here.
import type { PermissionDTO } from './dto';
import { permissionString } from './permission-string';

export type Known = 'yes' | 'no' | 'unknown';

export interface Capability {
  state: Known;
  /** One sentence on how this was found out, or why it is unknown. */
  detail: string;
}

/** How far a credential reaches for one action on one type. */
export type Reach = 'instance' | 'org' | 'own' | 'some' | 'none';

export interface TypeHolding {
  type: string;
  read: Reach;
  write: Reach;
}

export interface CredentialCapabilities {
  /** Where the answers come from. */
  source: 'own-authorization' | 'probe';
  user?: { id: string; name: string };
  readUsers: Capability;
  writeUsers: Capability;
  /** Create tokens in the default org (write on its authorizations). */
  mintInOrg: Capability;
  /** Create tokens owned by another user, and create that user: write on users plus mintInOrg. */
  mintForOthers: Capability;
  /** Per resource type, when the credential's permissions are known. */
  holdings?: TypeHolding[];
  /** The credential's permissions in InfluxDB's notation, when known. */
  permissions?: string[];
  /** What could not be determined, and how to fix that. */
  notes: string[];
}

/**
 * Whether `held` lets its holder do `want`, the way influxd decides it (influxdb
 * authz.go `Permission.Matches`): same action and type, then a permission without org and id
 * matches every resource of the type in every org; one with an org (no id) every resource of the
 * type in that org; one with an id that resource.
 */
export function permits(held: PermissionDTO, want: PermissionDTO): boolean {
  if (held.action !== want.action || held.resource.type !== want.resource.type) return false;
  const h = held.resource;
  const w = want.resource;
  if (!h.orgID && !h.id) return true;
  if (h.orgID && !h.id) return w.orgID === h.orgID;
  if (h.id) return w.id === h.id;
  return false;
}

export const covers = (held: readonly PermissionDTO[], want: PermissionDTO) => held.some((p) => permits(p, want));

function reach(held: readonly PermissionDTO[], type: string, action: 'read' | 'write', ctx: { orgID: string; userID?: string }): Reach {
  const want = (resource: PermissionDTO['resource']) => covers(held, { action, resource });
  if (want({ type })) return 'instance';
  if (type === 'orgs')
    return want({ type, id: ctx.orgID }) ? 'org' : held.some((p) => p.action === action && p.resource.type === type) ? 'some' : 'none';
  if (type === 'users' && ctx.userID && want({ type, id: ctx.userID })) {
    return held.some((p) => p.action === action && p.resource.type === type && p.resource.id !== ctx.userID) ? 'some' : 'own';
  }
  if (type !== 'users' && want({ type, orgID: ctx.orgID })) return 'org';
  return held.some((p) => p.action === action && p.resource.type === type) ? 'some' : 'none';
}

const writeUsersPerm = (): PermissionDTO => ({ action: 'write', resource: { type: 'users' } });
const mintPerm = (orgID: string): PermissionDTO => ({ action: 'write', resource: { type: 'authorizations', orgID } });

/** From the credential's own permissions: everything is known. */
export function capabilitiesFromPermissions(
  permissions: readonly PermissionDTO[],
  ctx: { orgID: string; orgName: string; resourceTypes: readonly string[]; user?: { id: string; name: string } },
): CredentialCapabilities {
  const readUsers = covers(permissions, { action: 'read', resource: { type: 'users' } });
  const writeUsers = covers(permissions, writeUsersPerm());
  const mintInOrg = covers(permissions, mintPerm(ctx.orgID));
  const holdings = ctx.resourceTypes
    .filter((t) => t !== 'instance')
    .map((type) => ({
      type,
      read: reach(permissions, type, 'read', { orgID: ctx.orgID, userID: ctx.user?.id }),
      write: reach(permissions, type, 'write', { orgID: ctx.orgID, userID: ctx.user?.id }),
    }));
  const from = 'read from its own authorization (INFLUX_TOKEN_ID)';
  return {
    source: 'own-authorization',
    ...(ctx.user ? { user: ctx.user } : {}),
    readUsers: readUsers
      ? { state: 'yes', detail: `It holds read:users (${from}).` }
      : { state: 'no', detail: `It does not hold read:users, so it sees only the users it is scoped to (${from}).` },
    writeUsers: writeUsers
      ? { state: 'yes', detail: `It holds write:users (${from}).` }
      : { state: 'no', detail: `It does not hold write:users (${from}).` },
    mintInOrg: mintInOrg
      ? { state: 'yes', detail: `It holds write:orgs/${ctx.orgID}/authorizations (${from}).` }
      : {
          state: 'no',
          detail: `It does not hold write:orgs/${ctx.orgID}/authorizations, so it cannot create tokens in org ${ctx.orgName}.`,
        },
    mintForOthers: mintForOthers(writeUsers ? 'yes' : 'no', mintInOrg ? 'yes' : 'no'),
    holdings,
    permissions: permissions.map(permissionString),
    notes: [],
  };
}

/**
 * From reads only (no INFLUX_TOKEN_ID, or its authorization could not be read): who the
 * credential is and which users it can see. Whether it may write users cannot be read anywhere.
 */
export function capabilitiesFromProbe(probe: {
  user?: { id: string; name: string };
  /** Users the credential could list (undefined when the list failed). */
  visibleUsers?: readonly { id: string }[];
  /** Why the own-authorization read was not used (shown as a note). */
  why: string;
  /** Learned from an earlier refusal (a 401 on write:users) in this console process. */
  learnedNoWriteUsers?: boolean;
}): CredentialCapabilities {
  const others = probe.visibleUsers?.filter((u) => u.id !== probe.user?.id) ?? [];
  const readUsers: Capability =
    probe.visibleUsers === undefined
      ? { state: 'unknown', detail: 'Listing users failed, so it is not known whether the credential can read users.' }
      : others.length > 0
        ? { state: 'yes', detail: `It can list other users (it sees ${probe.visibleUsers.length}).` }
        : { state: 'unknown', detail: 'It sees only its own user: either it cannot read other users, or there are none.' };
  const writeUsers: Capability = probe.learnedNoWriteUsers
    ? { state: 'no', detail: 'InfluxDB refused it write:users on an earlier attempt (401).' }
    : { state: 'unknown', detail: 'No read reveals whether it holds write:users, and the console does not try a write to find out.' };
  const mintInOrg: Capability = { state: 'unknown', detail: 'Not known without reading its own authorization.' };
  return {
    source: 'probe',
    ...(probe.user ? { user: probe.user } : {}),
    readUsers,
    writeUsers,
    mintInOrg,
    mintForOthers: mintForOthers(writeUsers.state, 'unknown'),
    notes: [
      probe.why,
      'Set INFLUX_TOKEN_ID to the id of the console’s credential (its authorization id) and make sure the credential can read authorizations in the org: the console then reads exactly what it holds.',
    ],
  };
}

function mintForOthers(writeUsers: Known, mintInOrg: Known): Capability {
  if (writeUsers === 'no')
    return {
      state: 'no',
      detail: 'Without write:users InfluxDB refuses to create users and to create tokens owned by another user (401).',
    };
  if (mintInOrg === 'no') return { state: 'no', detail: 'It cannot create tokens in the org at all.' };
  if (writeUsers === 'yes' && mintInOrg === 'yes')
    return { state: 'yes', detail: 'It holds write:users and may create tokens in the org.' };
  return { state: 'unknown', detail: 'Not known: the console will try when asked, and explain a refusal.' };
}

/** The one explanation, and the fix, used by the builder (disabled option) and the action (refusal). */
export const OTHER_OWNER_BLOCKED =
  'The console’s InfluxDB credential cannot create tokens owned by another InfluxDB user: it does not hold write:users, and InfluxDB refuses both creating a user and creating a token for another user without it (401 “write:users is unauthorized”). To allow it, an InfluxDB operator gives the console a credential that also holds read:users and write:users (see Settings, “The console’s own InfluxDB credential”), then restarts the console with it.';

export type OtherOwnerAvailability = { state: 'available' } | { state: 'unverified'; note: string } | { state: 'blocked'; message: string };

export function otherOwnerAvailability(caps: Pick<CredentialCapabilities, 'mintForOthers' | 'writeUsers'>): OtherOwnerAvailability {
  if (caps.writeUsers.state === 'no') return { state: 'blocked', message: OTHER_OWNER_BLOCKED };
  if (caps.mintForOthers.state === 'no')
    return {
      state: 'blocked',
      message: `The console’s InfluxDB credential cannot create tokens for another user: ${caps.mintForOthers.detail}`,
    };
  if (caps.mintForOthers.state === 'unknown') {
    return {
      state: 'unverified',
      note: 'The console could not check whether its credential may create users and their tokens (set INFLUX_TOKEN_ID to let it check). If InfluxDB refuses, nothing is left half-done without an explanation.',
    };
  }
  return { state: 'available' };
}
