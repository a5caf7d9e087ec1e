// The "another InfluxDB user" paths of the mint, with the in-memory stand-in: who may, what the
// credential may, the order of writes (user first, then token, each once), the half-done answer,
// and that a refused form never creates a user. The real server: mint-owner.integration.test.ts.
import { describe, expect, it } from 'vitest';
import { OTHER_OWNER_BLOCKED } from '@/lib/influx/judge-capabilities';
import { InfluxError } from '@/lib/influx/errors';
import { DEFAULT_POLICY } from '@/lib/policy/grant-policy';
import { listAudit } from '@/lib/storage/audit';
import { getCreatedUser } from '@/lib/storage/created-users';
import { mintToken } from './mint-token';
import {
  ANA,
  CANNOT_WRITE_USERS,
  IDLE,
  ORG,
  OWNER,
  TOKEN,
  UNKNOWN_WRITE_USERS,
  admin,
  creator,
  ctx,
  form,
  world,
} from './support/mint-world';

const ownUser = [
  { type: 'buckets', action: 'read' as const, scope: { kind: 'all' as const } },
  { type: 'users', action: 'read' as const, scope: { kind: 'owner' as const } },
];
const newUser = (name = 'iot_user_1') => ({ owner: { kind: 'new' as const, name }, grants: ownUser });
const existing = (id = ANA.id) => ({ owner: { kind: 'existing' as const, userID: id, name: 'claimed name' }, grants: ownUser });

describe('mint for another InfluxDB user', () => {
  it('creates the new user, then the token for it; "its own user" means that user', async () => {
    const w = await world();
    const c = ctx(admin);
    const r = await mintToken(form(newUser()), c, w.deps);
    expect(r).toMatchObject({ ok: true, data: { token: TOKEN, ownerName: 'iot_user_1', ownerKind: 'new' } });
    expect(w.createdUsers).toEqual(['iot_user_1']);
    const newID = [...w.users.values()].find((u) => u.name === 'iot_user_1')!.id;
    expect(w.created).toHaveLength(1);
    expect(w.created[0]).toMatchObject({
      userID: newID,
      permissions: [
        { action: 'read', resource: { type: 'buckets', orgID: ORG } },
        { action: 'read', resource: { type: 'users', id: newID } },
      ],
    });
    // recorded for this operation, and no longer deletable: it owns a token now
    expect(await getCreatedUser(c.requestId, w.db)).toMatchObject({ userID: newID, state: 'has-token', actorId: admin.id });
    const audit = await listAudit(10, w.db);
    expect(audit.map((a) => `${a.action}:${a.outcome}`)).toEqual(['token.create:success', 'influx-user.create:success']);
    expect(audit[0]!.detail).toMatchObject({ owner: newID, ownerName: 'iot_user_1', ownerCreated: true });
    // both rows carry the operation id (the request id) that the delete button refers to
    expect(audit.map((a) => a.requestId)).toEqual([c.requestId, c.requestId]);
    expect(JSON.stringify(audit)).not.toContain(TOKEN.slice(0, 20));
  });

  it('mints for an existing user looked up by id (the name in the form is ignored)', async () => {
    const w = await world();
    const r = await mintToken(form(existing()), ctx(admin), w.deps);
    expect(r).toMatchObject({ ok: true, data: { ownerName: 'ana', ownerID: ANA.id, ownerKind: 'existing' } });
    expect(w.created[0]).toMatchObject({
      userID: ANA.id,
      permissions: [expect.anything(), { action: 'read', resource: { type: 'users', id: ANA.id } }],
    });
    expect(w.createdUsers).toEqual([]);
  });

  it('is admin-only by default and follows CONSOLE_OTHER_OWNER_ROLE; refusals create nothing', async () => {
    const w = await world();
    for (const over of [newUser(), existing()]) {
      const r = await mintToken(form(over), ctx(creator), w.deps);
      expect(r).toMatchObject({
        ok: false,
        code: 'forbidden',
        fieldErrors: { owner: [expect.stringMatching(/Only admins may create tokens owned by another InfluxDB user/)] },
      });
    }
    expect(w.createdUsers).toEqual([]);
    expect(w.created).toEqual([]);
    w.deps.policy = { ...DEFAULT_POLICY, otherOwnerRole: 'creator' };
    expect((await mintToken(form(existing()), ctx(creator), w.deps)).ok).toBe(true);
  });

  it('when the credential cannot write users, refuses with the builder’s own words before any call', async () => {
    const w = await world({ caps: CANNOT_WRITE_USERS });
    for (const over of [newUser(), existing()]) {
      const r = await mintToken(form(over), ctx(admin), w.deps);
      expect(r).toMatchObject({ ok: false, code: 'forbidden', formError: OTHER_OWNER_BLOCKED });
    }
    expect(w.createdUsers).toEqual([]);
    expect(w.created).toEqual([]);
    expect((await listAudit(5, w.db))[0]).toMatchObject({ outcome: 'refused', detail: { reason: 'credential-cannot-write-users' } });
    // the console's own user is unaffected
    expect((await mintToken(form({ grants: ownUser }), ctx(admin), w.deps)).ok).toBe(true);
  });

  it('refuses a taken new name, an unknown or inactive existing user, and missing items, creating no user', async () => {
    const w = await world();
    const cases = [
      [newUser('ana'), 'conflict', /already exists/],
      [existing('e0e0e0e0e0e0e0e0'), 'not-found', /no longer exists/],
      [existing(IDLE.id), 'invalid-input', /inactive.*User is inactive/],
      [
        {
          ...newUser(),
          grants: [{ type: 'buckets', action: 'read' as const, scope: { kind: 'items' as const, items: [{ id: 'e000000000000009' }] } }],
        },
        'not-found',
        /not in organisation/,
      ],
      [
        { ...newUser(), grants: [{ type: 'authorizations', action: 'write' as const, scope: { kind: 'all' as const } }] },
        'invalid-input',
        /Confirm/,
      ],
    ] as const;
    for (const [over, code, message] of cases) {
      const r = await mintToken(form(over as never), ctx(admin), w.deps);
      expect(r, JSON.stringify(over)).toMatchObject({ ok: false, code });
      if (!r.ok) expect(r.formError).toMatch(message);
    }
    expect(w.createdUsers).toEqual([]);
    expect(w.created).toEqual([]);
  });

  it('user created, token refused: says so, offers retry and delete; the fixed retry mints for that user', async () => {
    const w = await world({
      create: (input) =>
        input.permissions.some((p) => p.action === 'write')
          ? Promise.reject(
              new InfluxError(
                'forbidden',
                `permission write:orgs/${ORG}/buckets is not allowed: write:orgs/${ORG}/buckets is unauthorized`,
                403,
              ),
            )
          : undefined,
    });
    const c = ctx(admin);
    const f = form({ ...newUser(), grants: [...ownUser, { type: 'buckets', action: 'write', scope: { kind: 'all' } }] });
    const r = await mintToken(f, c, w.deps);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const id = [...w.users.values()].find((u) => u.name === 'iot_user_1')!.id;
    expect(r.code).toBe('upstream');
    expect(r.formError).toMatch(
      /^InfluxDB user iot_user_1 was created, but the token was not\. .*cannot grant write:orgs\/.*\/buckets .*retry the token for iot_user_1.*or delete the user\.$/,
    );
    expect(r.partial).toEqual({ operationId: c.requestId, user: { id, name: 'iot_user_1' }, canRetry: true });
    expect((await getCreatedUser(c.requestId, w.db))?.state).toBe('no-token');
    expect((await listAudit(5, w.db))[0]).toMatchObject({ action: 'token.create', outcome: 'failure', detail: { ownerCreated: true } });

    // Retry as the builder sends it: the same form key, owner = the created user, request fixed.
    const retry = await mintToken(
      { ...f, owner: { kind: 'existing', userID: id, name: 'iot_user_1' }, grants: ownUser },
      ctx(admin),
      w.deps,
    );
    expect(retry).toMatchObject({ ok: true, data: { ownerID: id, ownerName: 'iot_user_1' } });
    expect(w.createdUsers).toEqual(['iot_user_1']);
    expect((await getCreatedUser(c.requestId, w.db))?.state).toBe('has-token');
  });

  it('a write:users refusal learned only at create time reads like the builder’s explanation', async () => {
    const w = await world({
      caps: UNKNOWN_WRITE_USERS,
      createUser: () => Promise.reject(new InfluxError('unauthorized', 'write:users is unauthorized', 401)),
    });
    const f = form(newUser());
    const r = await mintToken(f, ctx(admin), w.deps);
    expect(r).toMatchObject({ ok: false, code: 'forbidden', formError: OTHER_OWNER_BLOCKED });
    expect(w.learned).toEqual(['no-write-users']);
    expect(w.created).toEqual([]);
    expect((await listAudit(5, w.db)).map((a) => `${a.action}:${a.outcome}`)).toEqual([
      'token.create:failure',
      'influx-user.create:failure',
    ]);

    const w2 = await world({
      caps: UNKNOWN_WRITE_USERS,
      create: () => Promise.reject(new InfluxError('unauthorized', `write:users/${ANA.id} is unauthorized`, 401)),
    });
    const r2 = await mintToken(form(existing()), ctx(admin), w2.deps);
    expect(r2).toMatchObject({ ok: false, code: 'forbidden', formError: OTHER_OWNER_BLOCKED });
    expect(w2.learned).toEqual(['no-write-users']);
  });

  it('a user create that times out: found afterwards is half-done (token not attempted); not found is nothing', async () => {
    const timeout = () => Promise.reject(new InfluxError('timeout', 'request timed out'));
    const w = await world({
      createUser: (name) => {
        w.users.set('c9c9c9c9c9c9c9c9', { id: 'c9c9c9c9c9c9c9c9', name, status: 'active' });
        return timeout();
      },
    });
    const c = ctx(admin);
    const r = await mintToken(form(newUser()), c, w.deps);
    expect(r).toMatchObject({
      ok: false,
      code: 'upstream',
      partial: { operationId: c.requestId, user: { id: 'c9c9c9c9c9c9c9c9' }, canRetry: true },
    });
    if (!r.ok) expect(r.formError).toMatch(/answered late.*was created.*token was not attempted/);
    expect(w.created).toEqual([]);
    expect((await getCreatedUser(c.requestId, w.db))?.state).toBe('no-token');

    const w2 = await world({ createUser: timeout });
    const r2 = await mintToken(form(newUser()), ctx(admin), w2.deps);
    expect(r2).toMatchObject({ ok: false, code: 'upstream' });
    if (!r2.ok) expect(r2.formError).toMatch(/does not exist afterwards: nothing was created/);
    expect(r2.ok === false && r2.partial).toBeFalsy();
  });

  it('user created, token outcome unknown: the user is named, retry is not offered', async () => {
    const w = await world({ create: () => Promise.reject(new InfluxError('timeout', 'request timed out')) });
    const r = await mintToken(form(newUser()), ctx(admin), w.deps);
    expect(r).toMatchObject({ ok: false, code: 'outcome-unknown', partial: { canRetry: false, user: { name: 'iot_user_1' } } });
    if (!r.ok) expect(r.formError).toMatch(/^InfluxDB user iot_user_1 was created\. /);
  });

  it('choosing the console’s own user by id is the console owner', async () => {
    const w = await world();
    const r = await mintToken(form(existing(OWNER.id)), ctx(admin), w.deps);
    expect(r).toMatchObject({ ok: true, data: { ownerKind: 'console', ownerID: OWNER.id } });
  });
});
