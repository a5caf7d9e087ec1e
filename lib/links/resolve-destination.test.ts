import { describe, expect, it } from 'vitest';
import { resolveDestination } from './resolve-destination';

const stores = [{ id: 'vault', label: 'Vault', mount: 'secret', pathPrefix: 'influx' }];

describe('a link’s destination on this console', () => {
  it('applies a path under the store’s prefix, with or without the mount in front', () => {
    expect(resolveDestination({ store: 'vault', path: 'influx/edge-01' }, stores)).toEqual({
      ok: true,
      choice: { storeId: 'vault', path: 'influx/edge-01', key: 'token', withUrlAndOrg: false },
    });
    expect(resolveDestination({ store: 'vault', path: 'secret/influx/edge-01', key: 'k', withUrlAndOrg: true }, stores)).toEqual({
      ok: true,
      choice: { storeId: 'vault', path: 'influx/edge-01', key: 'k', withUrlAndOrg: true },
    });
  });

  it('reports an unknown store and a path outside the prefix, in words', () => {
    expect(resolveDestination({ store: 'other', path: 'influx/a' }, stores)).toEqual({
      ok: false,
      field: 'store',
      error: expect.stringMatching(/no secret store “other”/),
      notApplied: { part: 'path=other:influx/a', reason: expect.stringMatching(/no secret store “other”.*vault/) },
    });
    expect(resolveDestination({ store: 'vault', path: 'admin/a' }, stores)).toEqual({
      ok: false,
      field: 'path',
      error: expect.stringMatching(/must be under/),
      notApplied: { part: 'path=vault:admin/a', reason: expect.stringMatching(/must be under “influx\/”/) },
    });
    expect(resolveDestination({ store: 'vault', path: 'influx' }, stores)).toMatchObject({ ok: false });
    expect(resolveDestination({ store: 'vault', path: 'influx/a' }, [])).toMatchObject({
      ok: false,
      notApplied: { reason: expect.stringMatching(/no secret store;/) },
    });
  });
});
