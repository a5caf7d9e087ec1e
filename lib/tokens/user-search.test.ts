import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchUsers } from './user-search';

const users = [
  { id: 'a000000000000001', name: 'token-console' },
  { id: 'a000000000000002', name: 'operator' },
  { id: 'a000000000000003', name: 'iot_user_10', status: 'inactive' as const },
  { id: 'a000000000000004', name: 'IOT_reader' },
];
const base = { limit: 20, visible: users, consoleUserID: 'a000000000000001', readUsers: 'yes' as const };

describe('searchUsers', () => {
  it('matches names case-insensitively, exact first, and marks inactive and console users', () => {
    const r = searchUsers({ ...base, q: 'iot' });
    expect(r.items.map((u) => u.name)).toEqual(['IOT_reader', 'iot_user_10']);
    expect(r.items[1]).toMatchObject({ inactive: true });
    expect(r.create).toEqual({ name: 'iot' });
    expect(searchUsers({ ...base, q: 'console' }).items[0]).toMatchObject({ console: true });
  });

  it('offers to create only a free, valid name; finds a user created a moment ago by exact name', () => {
    expect(searchUsers({ ...base, q: 'operator' })).toMatchObject({ exists: true, create: null });
    expect(searchUsers({ ...base, q: 'two words' }).create).toMatchObject({ problem: expect.stringMatching(/letters, digits/) });
    expect(searchUsers({ ...base, q: '' })).toMatchObject({ create: null, total: 4 });
    const fresh = searchUsers({ ...base, q: 'iot_user_1', exact: { id: 'b000000000000001', name: 'iot_user_1' } });
    expect(fresh.items[0]).toEqual({ id: 'b000000000000001', name: 'iot_user_1' });
    expect(fresh).toMatchObject({ exists: true, create: null });
  });

  it('never offers to create a name that is listed (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z0-9_]{1,8}$/), { maxLength: 20 }),
        fc.stringMatching(/^[a-z0-9][a-z0-9_]{0,7}$/),
        (names, q) => {
          const visible = names.map((name, i) => ({ id: i.toString(16).padStart(16, '0'), name }));
          const r = searchUsers({ ...base, visible, q });
          if (names.includes(q)) expect(r.create).toBeNull();
          else expect(r.create).toEqual({ name: q });
          expect(r.items.every((u) => u.name.includes(q))).toBe(true);
        },
      ),
    );
  });

  it('says the list may be partial when the credential cannot read every user', () => {
    expect(searchUsers({ ...base, q: '', readUsers: 'unknown' }).partial).toBe(true);
  });
});
