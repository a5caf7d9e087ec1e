import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimDeletion, DELETE_WINDOW_MS, getCreatedUser, markUserHasToken, recordCreatedUser, settleDeletion } from './created-users';
import { freshTestStorage, type TestStorage } from './support/open-test-storage';

let store: TestStorage;
beforeEach(async () => {
  store = await freshTestStorage();
});
afterEach(() => store.dispose());
const fresh = () => store.sql;
const OP = '3f1f0c7e-8a0e-4b39-9d0c-5f7b7c1e2a10';
const user = { operationId: OP, userID: '0a0a0a0a0a0a0a0a', userName: 'iot_user_1', orgID: '0123456789abcdef', actorId: 'local:ada' };

describe('created InfluxDB users', async () => {
  it('records a user and lets the same person claim its deletion once', async () => {
    const db = fresh();
    await recordCreatedUser(user, db);
    expect(await getCreatedUser(OP, db)).toMatchObject({ ...user, state: 'no-token' });
    expect(await claimDeletion(OP, 'local:ada', db)).toMatchObject({ claimed: true, user: { userID: user.userID } });
    expect(await claimDeletion(OP, 'local:ada', db)).toMatchObject({ claimed: false, reason: 'deleting' });
    await settleDeletion(OP, 'deleted', db);
    expect(await claimDeletion(OP, 'local:ada', db)).toMatchObject({ claimed: false, reason: 'deleted' });
  });

  it('refuses unknown operations, other people, users that got a token, and old records', async () => {
    const db = fresh();
    expect(await claimDeletion(OP, 'local:ada', db)).toEqual({ claimed: false, reason: 'unknown' });
    await recordCreatedUser(user, db);
    expect(await claimDeletion(OP, 'local:bob', db)).toEqual({ claimed: false, reason: 'other-person' });
    await markUserHasToken(user.userID, db);
    expect(await claimDeletion(OP, 'local:ada', db)).toMatchObject({ claimed: false, reason: 'has-token' });

    const op2 = 'a1f1f1f1-8a0e-4b39-9d0c-5f7b7c1e2a10';
    const then = new Date(Date.now() - DELETE_WINDOW_MS - 1000);
    await recordCreatedUser({ ...user, operationId: op2, userID: '0b0b0b0b0b0b0b0b' }, db, then);
    expect(await claimDeletion(op2, 'local:ada', db)).toMatchObject({ claimed: false, reason: 'expired' });
  });

  it('a failed delete goes back to no-token and can be claimed again; a token minted meanwhile wins', async () => {
    const db = fresh();
    await recordCreatedUser(user, db);
    expect((await claimDeletion(OP, 'local:ada', db)).claimed).toBe(true);
    await settleDeletion(OP, 'no-token', db);
    expect((await claimDeletion(OP, 'local:ada', db)).claimed).toBe(true);
    await markUserHasToken(user.userID, db);
    await settleDeletion(OP, 'deleted', db); // only a 'deleting' row moves: the token wins
    expect((await getCreatedUser(OP, db))?.state).toBe('has-token');
  });
});
