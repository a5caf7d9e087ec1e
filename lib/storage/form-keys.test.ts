import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimFormKey, settleFormKey } from './form-keys';
import { freshTestStorage, openTestStorageAt, type TestStorage } from './support/open-test-storage';

const KEY = '0b6f7a3e-4a53-4a8e-9a43-7d3a52c1c0de';
let store: TestStorage;
beforeEach(async () => {
  store = await freshTestStorage();
});
afterEach(() => store.dispose());

describe('form keys', () => {
  it('claims once; later claims see the state and whether it was the same person', async () => {
    const db = store.sql;
    expect(await claimFormKey(KEY, 'local:ann', db)).toEqual({ claimed: true });
    expect(await claimFormKey(KEY, 'local:ann', db)).toEqual({ claimed: false, state: 'pending', sameActor: true });
    await settleFormKey(KEY, 'minted', '0123456789abcdef', db);
    expect(await claimFormKey(KEY, 'local:ann', db)).toEqual({
      claimed: false,
      state: 'minted',
      sameActor: true,
      authorizationID: '0123456789abcdef',
    });
    expect(await claimFormKey(KEY, 'local:bob', db)).toMatchObject({ claimed: false, sameActor: false });
  });

  it('a definite failure frees the key for the same person only; an unknown outcome never does', async () => {
    const db = store.sql;
    await claimFormKey(KEY, 'local:ann', db);
    await settleFormKey(KEY, 'failed', undefined, db);
    expect((await claimFormKey(KEY, 'local:bob', db)).claimed).toBe(false);
    expect(await claimFormKey(KEY, 'local:ann', db)).toEqual({ claimed: true });
    await settleFormKey(KEY, 'unknown', undefined, db);
    expect(await claimFormKey(KEY, 'local:ann', db)).toMatchObject({ claimed: false, state: 'unknown' });
    // settling only moves a pending key
    await settleFormKey(KEY, 'failed', undefined, db);
    expect(await claimFormKey(KEY, 'local:ann', db)).toMatchObject({ claimed: false, state: 'unknown' });
  });

  it('two connections to one database: exactly one claim wins', async () => {
    const a = store.sql;
    const b = await openTestStorageAt(store.location);
    const results = await Promise.all([
      claimFormKey(KEY, 'local:ann', a),
      claimFormKey(KEY, 'local:ann', b),
      claimFormKey(KEY, 'local:ann', a),
    ]);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
  });
});
