import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { claimDeletion, DELETE_WINDOW_MS, getCreatedUser, markUserHasToken, recordCreatedUser, settleDeletion } from './created-users';
import { migrate } from './db';

const fresh = () => {
  const db = new Database(':memory:');
  migrate(db);
  return db;
};
const OP = '3f1f0c7e-8a0e-4b39-9d0c-5f7b7c1e2a10';
const user = { operationId: OP, userID: '0a0a0a0a0a0a0a0a', userName: 'iot_user_1', orgID: '0123456789abcdef', actorId: 'local:ada' };

describe('created InfluxDB users', () => {
  it('records a user and lets the same person claim its deletion once', () => {
    const db = fresh();
    recordCreatedUser(user, db);
    expect(getCreatedUser(OP, db)).toMatchObject({ ...user, state: 'no-token' });
    expect(claimDeletion(OP, 'local:ada', db)).toMatchObject({ claimed: true, user: { userID: user.userID } });
    expect(claimDeletion(OP, 'local:ada', db)).toMatchObject({ claimed: false, reason: 'deleting' });
    settleDeletion(OP, 'deleted', db);
    expect(claimDeletion(OP, 'local:ada', db)).toMatchObject({ claimed: false, reason: 'deleted' });
  });

  it('refuses unknown operations, other people, users that got a token, and old records', () => {
    const db = fresh();
    expect(claimDeletion(OP, 'local:ada', db)).toEqual({ claimed: false, reason: 'unknown' });
    recordCreatedUser(user, db);
    expect(claimDeletion(OP, 'local:bob', db)).toEqual({ claimed: false, reason: 'other-person' });
    markUserHasToken(user.userID, db);
    expect(claimDeletion(OP, 'local:ada', db)).toMatchObject({ claimed: false, reason: 'has-token' });

    const op2 = 'a1f1f1f1-8a0e-4b39-9d0c-5f7b7c1e2a10';
    const then = new Date(Date.now() - DELETE_WINDOW_MS - 1000);
    recordCreatedUser({ ...user, operationId: op2, userID: '0b0b0b0b0b0b0b0b' }, db, then);
    expect(claimDeletion(op2, 'local:ada', db)).toMatchObject({ claimed: false, reason: 'expired' });
  });

  it('a failed delete goes back to no-token and can be claimed again; a token minted meanwhile wins', () => {
    const db = fresh();
    recordCreatedUser(user, db);
    expect(claimDeletion(OP, 'local:ada', db).claimed).toBe(true);
    settleDeletion(OP, 'no-token', db);
    expect(claimDeletion(OP, 'local:ada', db).claimed).toBe(true);
    markUserHasToken(user.userID, db);
    settleDeletion(OP, 'deleted', db); // only a 'deleting' row moves: the token wins
    expect(getCreatedUser(OP, db)?.state).toBe('has-token');
  });
});
