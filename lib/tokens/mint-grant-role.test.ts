// An approved access request mints with its approver's role (MintDeps.grantRole): the grant,
// owner and lifetime rules are decided for the admin who vouched for the token, while the person
// minting (and the audit's actor) stays the requester. Without it, nothing changes.
import { describe, expect, it } from 'vitest';
import { mintToken } from './mint-token';
import { creator, ctx, form, world } from './support/mint-world';

const sensitive = {
  grants: [{ type: 'authorizations', action: 'write' as const, scope: { kind: 'all' as const } }],
  confirmSensitive: true,
};

describe('mintToken with grantRole', () => {
  it('a creator is refused sensitive grants on their own, and mints them under an admin approval', async () => {
    const w = await world();
    expect(await mintToken(form(sensitive), ctx(creator), w.deps)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(w.created).toHaveLength(0);
    const approved = await mintToken(form(sensitive), ctx(creator), { ...w.deps, grantRole: 'admin' });
    expect(approved.ok).toBe(true);
    expect(w.created).toHaveLength(1);
  });

  it('still needs the confirmation of flagged grants from the person minting', async () => {
    const w = await world();
    const r = await mintToken(form({ ...sensitive, confirmSensitive: false }), ctx(creator), { ...w.deps, grantRole: 'admin' });
    expect(r).toMatchObject({ ok: false, code: 'invalid-input', fieldErrors: { confirmSensitive: expect.any(Array) } });
    expect(w.created).toHaveLength(0);
  });

  it('an approver role that may not mint it refuses as before', async () => {
    const w = await world();
    const r = await mintToken(form(sensitive), ctx(creator), { ...w.deps, grantRole: 'creator' });
    expect(r).toMatchObject({ ok: false, code: 'forbidden' });
    expect(w.created).toHaveLength(0);
  });
});
