import { describe, expect, it } from 'vitest';
import { permissionWords, rowPermissionWords } from './permission-words';

describe('permissionWords', () => {
  it('words the inventory’s string form as the review step does', () => {
    expect(permissionWords('write buckets 0a1b2c3d4e5f6071 org 1111222233334444').words).toBe('Write to bucket 0a1b2c3d4e5f6071');
    expect(permissionWords('read dashboards org 1111222233334444').words).toBe('Read every dashboard in org 1111222233334444');
    expect(permissionWords('read orgs 1111222233334444').words).toBe('Read organisation 1111222233334444');
    expect(permissionWords('write users (every org)').words).toBe('Write to every user in every org');
  });

  it('words the structured form of token creation', () => {
    expect(permissionWords({ action: 'read', type: 'buckets', id: '0a1b2c3d4e5f6071', orgID: '1111222233334444' }).words).toBe(
      'Read bucket 0a1b2c3d4e5f6071',
    );
    expect(permissionWords({ action: 'write', type: 'telegrafs', orgID: '1111222233334444' }).words).toBe(
      'Write to every Telegraf configuration in org 1111222233334444',
    );
  });

  it('shows anything else as stored', () => {
    expect(permissionWords('all access, somehow')).toEqual({ raw: 'all access, somehow' });
    expect(permissionWords({ action: 'delete', type: 'buckets' })).toEqual({ raw: '{"action":"delete","type":"buckets"}' });
    expect(permissionWords({ action: 'read', type: 'buckets', id: 'not-an-id' }).words).toBeUndefined();
    expect(rowPermissionWords({ description: 'x' })).toBeUndefined();
    expect(rowPermissionWords({ permissions: ['read orgs 1111222233334444', 42] })).toEqual([
      { words: 'Read organisation 1111222233334444', raw: 'read orgs 1111222233334444' },
      { raw: '42' },
    ]);
  });
});
