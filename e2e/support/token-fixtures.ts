// A fresh token of each policy class, made directly in influxd with the operator token (never
// through the console, so the console's own rules cannot shape the fixtures), and the operator's
// view of the authorizations to compare before and after a call.
import type { Permission as Perm } from '../../scripts/influxd/operator';
import { createToken, createUser, getAuthorization, listAuthorizations } from '../../scripts/influxd/operator';
import type { RowClass, TokenClass } from './policy-table';
import type { Stack } from './stack';

type Inst = Stack['influx'];

export interface Fixture {
  id: string;
  description: string;
  userID: string;
  status: 'active' | 'inactive';
  permissions: Perm[];
}

export interface FixtureOwners {
  /** The console's own InfluxDB user, found by name as an operator would. */
  consoleUserID: string;
  /** Another existing InfluxDB user. */
  otherUserID: string;
}

export async function influxUserID(inst: Inst, name: string): Promise<string> {
  const res = await fetch(`${inst.url}/api/v2/users?name=${encodeURIComponent(name)}`, {
    headers: { Authorization: `Token ${inst.operatorToken}` },
  });
  const body = (await res.json()) as { users?: { id: string }[] };
  const id = body.users?.[0]?.id;
  if (res.status !== 200 || !id) throw new Error(`no InfluxDB user named ${name} (${res.status})`);
  return id;
}

export async function fixtureOwners(inst: Inst, tag: string): Promise<FixtureOwners> {
  return { consoleUserID: await influxUserID(inst, 'token-console'), otherUserID: await createUser(inst, `policy-other-${tag}`) };
}

/** Grants of each class: what a token holds, and what a mint request asks for. */
export function permissionsOf(inst: Inst, cls: TokenClass): Perm[] {
  const O = inst.orgID;
  switch (cls) {
    case 'sensitive':
      return [
        { action: 'write', resource: { type: 'authorizations', orgID: O } },
        { action: 'read', resource: { type: 'buckets', id: inst.bucketID, orgID: O } },
      ];
    case 'code-running':
      return [
        { action: 'read', resource: { type: 'tasks', orgID: O } },
        { action: 'write', resource: { type: 'tasks', orgID: O } },
      ];
    default:
      return [
        { action: 'read', resource: { type: 'buckets', id: inst.bucketID, orgID: O } },
        { action: 'read', resource: { type: 'dashboards', orgID: O } },
      ];
  }
}

/**
 * A new token of `cls` described `description` (keep the run's tag in it: the snapshot follows
 * tagged tokens). `inactive` switches any class off first (the "activate" rows). The console
 * credential is never made: it is the one the console runs on.
 */
export async function makeFixture(
  inst: Inst,
  owners: FixtureOwners,
  cls: Exclude<TokenClass, 'console-credential'>,
  description: string,
  opts: { inactive?: boolean } = {},
): Promise<Fixture> {
  const permissions = permissionsOf(inst, cls);
  const userID = cls === 'other-owner' ? owners.otherUserID : owners.consoleUserID;
  const status = opts.inactive || cls === 'inactive' ? 'inactive' : 'active';
  const { id } = await createToken(inst, { description, userID, permissions, status });
  return { id, description, userID, status, permissions };
}

/** The console credential as influxd has it now. */
export async function credentialFixture(inst: Inst): Promise<Fixture> {
  const res = await getAuthorization(inst, inst.consoleTokenID);
  if (res.status !== 200) throw new Error(`console credential ${inst.consoleTokenID} -> ${res.status}`);
  return {
    id: res.body.id,
    description: res.body.description,
    userID: res.body.userID,
    status: res.body.status,
    permissions: res.body.permissions,
  };
}

/** Puts the credential's status and description back, should a call have changed them. */
export async function restoreCredential(inst: Inst, original: Fixture): Promise<void> {
  const now = (await getAuthorization(inst, inst.consoleTokenID)).body as { status: string; description: string };
  if (now.status === original.status && now.description === original.description) return;
  await fetch(`${inst.url}/api/v2/authorizations/${inst.consoleTokenID}`, {
    method: 'PATCH',
    headers: { Authorization: `Token ${inst.operatorToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ status: original.status, description: original.description }),
  });
}

export type Snapshot = Map<string, string>;

/**
 * The operator's list of the org's authorizations (id -> status and description), kept to the
 * tokens this run made or cloned (their descriptions carry `tag`) and the credential: other spec
 * files change the org's tokens at the same time in a full run.
 */
export async function snapshot(inst: Inst, tag: string, credential: Fixture): Promise<Snapshot> {
  const all = await listAuthorizations(inst);
  const kept = all.filter((a) => a.id === credential.id || a.description.includes(tag) || a.description.startsWith(credential.description));
  return new Map(kept.map((a) => [a.id, `${a.status} "${a.description}"`]));
}

/** What differs between two snapshots, in words ("" when nothing). */
export function snapshotDiff(before: Snapshot, after: Snapshot): string {
  const out: string[] = [];
  for (const [id, was] of before) {
    const now = after.get(id);
    if (now === undefined) out.push(`${id} deleted`);
    else if (now !== was) out.push(`${id} ${was} -> ${now}`);
  }
  for (const [id, now] of after) if (!before.has(id)) out.push(`${id} new ${now}`);
  return out.join('; ');
}

export const isTokenClass = (cls: RowClass): cls is TokenClass => cls !== 'none';
