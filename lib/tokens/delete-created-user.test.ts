// The undo of a half-done mint, with an in-memory stand-in for InfluxDB: only the user recorded for
// that operation, for that person, while it owns no token; every refusal deletes nothing.
import { describe, expect, it } from 'vitest';
import type { AuthorizationSummary, UserDTO } from '@/lib/influx/dto';
import { InfluxError } from '@/lib/influx/errors';
import { DEFAULT_POLICY } from '@/lib/policy/grant-policy';
import { listAudit } from '@/lib/storage/audit';
import { getCreatedUser, markUserHasToken, recordCreatedUser } from '@/lib/storage/created-users';
import { scratchTestStorage } from '@/lib/storage/support/open-test-storage';
import { deleteCreatedUser, type DeleteCreatedUserDeps } from './delete-created-user';
import { admin, creator, ctx } from './support/mint-world';

const NEW = { id: 'c000000000000001', name: 'iot_user_1' };
const VICTIM = { id: 'a0a0a0a0a0a0a0a0', name: 'ana' };

async function setup(opts: { tokens?: AuthorizationSummary[]; deleteFails?: InfluxError } = {}) {
  const db = await scratchTestStorage();
  const users = new Map<string, UserDTO>([NEW, VICTIM].map((u) => [u.id, u]));
  const deleted: string[] = [];
  const deps: DeleteCreatedUserDeps = {
    sql: db,
    policy: DEFAULT_POLICY,
    getUser: async (id) => users.get(id),
    listAuthorizations: async () => opts.tokens ?? [],
    deleteUser: async (id) => {
      if (opts.deleteFails) throw opts.deleteFails;
      deleted.push(id);
      users.delete(id);
    },
  };
  const op = crypto.randomUUID();
  await recordCreatedUser({ operationId: op, userID: NEW.id, userName: NEW.name, orgID: '0123456789abcdef', actorId: admin.id }, db);
  return { db, deps, deleted, op, users };
}

describe('deleteCreatedUser', () => {
  it('deletes exactly the user recorded for the operation, once', async () => {
    const s = await setup();
    expect(await deleteCreatedUser({ operationId: s.op }, ctx(admin), s.deps)).toEqual({
      ok: true,
      data: { userID: NEW.id, userName: NEW.name, deletedNow: true },
    });
    expect(s.deleted).toEqual([NEW.id]);
    expect((await getCreatedUser(s.op, s.db))?.state).toBe('deleted');
    expect(await deleteCreatedUser({ operationId: s.op }, ctx(admin), s.deps)).toMatchObject({ ok: false, formError: /already deleted/ });
    expect(s.deleted).toEqual([NEW.id]);
    expect((await listAudit(5, s.db)).map((a) => `${a.action}:${a.outcome}`)).toEqual([
      'influx-user.delete:refused',
      'influx-user.delete:success',
    ]);
  });

  it('refuses an unknown operation, another person, a creator, and a user that got a token: nothing deleted', async () => {
    const s = await setup();
    expect(await deleteCreatedUser({ operationId: crypto.randomUUID() }, ctx(admin), s.deps)).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await deleteCreatedUser({ operationId: s.op }, ctx({ ...admin, id: 'local:other' }), s.deps)).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await deleteCreatedUser({ operationId: s.op }, ctx(creator), s.deps)).toMatchObject({ ok: false, code: 'forbidden' });
    await markUserHasToken(NEW.id, s.db);
    expect(await deleteCreatedUser({ operationId: s.op }, ctx(admin), s.deps)).toMatchObject({ ok: false, formError: /owns a token/ });
    expect(s.deleted).toEqual([]);
  });

  it('refuses when InfluxDB says the user owns tokens now, and remembers that', async () => {
    const s = await setup({
      tokens: [
        { id: 'd000000000000001', description: 'cli', status: 'active', orgID: '0123456789abcdef', userID: NEW.id, permissions: [] },
      ],
    });
    expect(await deleteCreatedUser({ operationId: s.op }, ctx(admin), s.deps)).toMatchObject({
      ok: false,
      code: 'conflict',
      formError: /owns 1 token/,
    });
    expect(s.deleted).toEqual([]);
    expect((await getCreatedUser(s.op, s.db))?.state).toBe('has-token');
  });

  it('a failed delete can be tried again; a user already gone is reported as such', async () => {
    const s = await setup({ deleteFails: new InfluxError('unavailable', 'boom', 500) });
    expect(await deleteCreatedUser({ operationId: s.op }, ctx(admin), s.deps)).toMatchObject({
      ok: false,
      code: 'upstream',
      formError: /try again/,
    });
    expect((await getCreatedUser(s.op, s.db))?.state).toBe('no-token');
    s.users.delete(NEW.id);
    expect(await deleteCreatedUser({ operationId: s.op }, ctx(admin), s.deps)).toMatchObject({ ok: true, data: { deletedNow: false } });
  });
});
