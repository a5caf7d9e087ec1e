// The in-memory InfluxDB stand-in the mint unit tests share: it records every call (creates of
// tokens and users), so tests prove what was, and was not, sent. Real-server behaviour is covered
// by the integration tests.
import type { ConsoleUser } from '@/lib/auth/session';
import type { CredentialCapabilities } from '@/lib/influx/judge-capabilities';
import type { BucketDTO, UserDTO } from '@/lib/influx/dto';
import type { CreateAuthorizationInput } from '@/lib/influx/gateway';
import { tokenFormSchema, type TokenFormInput } from '@/lib/permissions/token-form-schema';
import { DEFAULT_POLICY } from '@/lib/policy/grant-policy';
import { scratchTestStorage } from '@/lib/storage/support/open-test-storage';
import type { MintDeps } from '../mint-token';

export const ORG = '0123456789abcdef';
export const OTHER_ORG = '1111111111111111';
export const OWNER = { id: 'aaaaaaaaaaaaaaaa', name: 'token-console' };
export const ANA = { id: 'a0a0a0a0a0a0a0a0', name: 'ana', status: 'active' as const };
export const IDLE = { id: 'a1a1a1a1a1a1a1a1', name: 'idle', status: 'inactive' as const };
export const A = 'a000000000000001';
export const B = 'b000000000000002';
export const FOREIGN = 'f000000000000003';
export const TYPES = ['authorizations', 'buckets', 'dashboards', 'orgs', 'secrets', 'telegrafs', 'users'];
export const TOKEN = 'minted-secret-value-'.padEnd(88, 'x');

export const creator: ConsoleUser = { id: 'local:cy', name: 'cy', role: 'creator', provider: 'local' };
export const admin: ConsoleUser = { id: 'local:ada', name: 'ada', role: 'admin', provider: 'local' };

type Caps = Pick<CredentialCapabilities, 'writeUsers' | 'mintForOthers'>;
export const CAN_WRITE_USERS: Caps = { writeUsers: { state: 'yes', detail: '' }, mintForOthers: { state: 'yes', detail: '' } };
export const CANNOT_WRITE_USERS: Caps = { writeUsers: { state: 'no', detail: '' }, mintForOthers: { state: 'no', detail: '' } };
export const UNKNOWN_WRITE_USERS: Caps = { writeUsers: { state: 'unknown', detail: '' }, mintForOthers: { state: 'unknown', detail: '' } };

export async function world(
  opts: {
    create?: (input: CreateAuthorizationInput) => Promise<never> | undefined;
    createUser?: (name: string) => Promise<never> | undefined;
    caps?: Caps;
  } = {},
) {
  const db = await scratchTestStorage();
  const buckets = new Map<string, BucketDTO>([
    [A, { id: A, name: 'bucket-a', orgID: ORG, type: 'user' }],
    [B, { id: B, name: 'bucket-b', orgID: ORG, type: 'user' }],
    [FOREIGN, { id: FOREIGN, name: 'elsewhere', orgID: OTHER_ORG, type: 'user' }],
  ]);
  const users = new Map<string, UserDTO>([OWNER, ANA, IDLE].map((u) => [u.id, u]));
  const created: CreateAuthorizationInput[] = [];
  const createdUsers: string[] = [];
  const learned: string[] = [];
  let n = 0;
  const deps: MintDeps = {
    sql: db,
    policy: DEFAULT_POLICY,
    resourceTypes: async () => TYPES,
    consoleUser: async () => OWNER,
    getUser: async (id) => users.get(id),
    findUserByName: async (name) => [...users.values()].find((u) => u.name === name),
    createUser: async (name) => {
      createdUsers.push(name);
      const failure = opts.createUser?.(name);
      if (failure) return failure;
      const user = { id: `c${String(createdUsers.length).padStart(15, '0')}`, name, status: 'active' as const };
      users.set(user.id, user);
      return user;
    },
    capabilities: async () => opts.caps ?? CAN_WRITE_USERS,
    noteCannotWriteUsers: () => void learned.push('no-write-users'),
    findOrg: async (id) => (id === ORG ? { id: ORG, name: 'acme' } : undefined),
    getBucket: async (id) => buckets.get(id),
    listTelegrafs: async () => [{ id: 'c000000000000001', name: 'edge-agent' }],
    listAuthorizations: async () => [],
    createAuthorization: async (input) => {
      created.push(input);
      const failure = opts.create?.(input);
      if (failure) return failure;
      await new Promise((r) => setTimeout(r, 5));
      n++;
      return {
        token: TOKEN,
        authorization: {
          id: `d00000000000000${n}`,
          description: input.description,
          status: input.status,
          orgID: input.orgID,
          ...(input.userID ? { userID: input.userID } : {}),
          permissions: input.permissions,
        },
      };
    },
  };
  return { db, deps, created, createdUsers, users, learned };
}

export const form = (over: Partial<TokenFormInput> = {}) =>
  tokenFormSchema.parse({
    formKey: crypto.randomUUID(),
    orgID: ORG,
    description: 'edge writer',
    status: 'active',
    owner: { kind: 'console' },
    grants: [
      { type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id: A, name: 'forged name' }] } },
      { type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: B }] } },
    ],
    ...over,
  });

export const ctx = (user: ConsoleUser) => ({ user, requestId: crypto.randomUUID() });
