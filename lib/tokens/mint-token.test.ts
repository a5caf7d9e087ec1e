// Unit tests of the mint steps with an in-memory InfluxDB stand-in (the real-server behaviour is
// covered in mint-token.integration.test.ts). The stand-in records every call so the tests can
// prove what was, and was not, sent.
import { describe, expect, it } from 'vitest';
import { InfluxError } from '@/lib/influx/errors';
import { allAccessGrants } from '@/lib/permissions/presets';
import { listAudit } from '@/lib/storage/audit';
import { mintToken } from './mint-token';
import { A, B, FOREIGN, ORG, OTHER_ORG, OWNER, TOKEN, TYPES, admin, creator, ctx, form, world } from './support/mint-world';

describe('mintToken', () => {
  it('sends ids with orgID and the owner, names from the server, and returns the token once', async () => {
    const w = await world();
    const r = await mintToken(form(), ctx(creator), w.deps);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toMatchObject({ token: TOKEN, orgName: 'acme', ownerName: 'token-console', permissionCount: 2 });
    expect(w.created).toEqual([
      {
        orgID: ORG,
        userID: OWNER.id,
        description: 'edge writer',
        status: 'active',
        permissions: [
          { action: 'read', resource: { type: 'buckets', id: A, orgID: ORG } },
          { action: 'write', resource: { type: 'buckets', id: B, orgID: ORG } },
        ],
      },
    ]);
    const [row] = await listAudit(10, w.db);
    expect(row).toMatchObject({ action: 'token.create', outcome: 'success', authorizationId: 'd000000000000001', orgId: ORG });
    expect(JSON.stringify(await listAudit(10, w.db))).not.toContain(TOKEN.slice(0, 20));
  });

  it('refuses a creator sensitive grants before any create; an admin must confirm', async () => {
    const w = await world();
    const sensitive = { grants: [{ type: 'authorizations', action: 'write' as const, scope: { kind: 'all' as const } }] };
    const r1 = await mintToken(form(sensitive), ctx(creator), w.deps);
    expect(r1).toMatchObject({ ok: false, code: 'forbidden' });
    const r2 = await mintToken(form(sensitive), ctx(admin), w.deps);
    expect(r2).toMatchObject({ ok: false, code: 'invalid-input', fieldErrors: { confirmSensitive: expect.any(Array) } });
    expect(w.created).toHaveLength(0);
    const r3 = await mintToken(form({ ...sensitive, confirmSensitive: true }), ctx(admin), w.deps);
    expect(r3.ok).toBe(true);
    const all = await mintToken(form({ grants: allAccessGrants(TYPES) }), ctx(creator), w.deps);
    expect(all).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await listAudit(10, w.db)).map((a) => a.outcome)).toEqual(['refused', 'success', 'refused', 'refused']);
  });

  it('refuses unknown, foreign-org and unknown-type items without calling create', async () => {
    const w = await world();
    const missing = await mintToken(
      form({ grants: [{ type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id: 'e000000000000009', name: 'ghost' }] } }] }),
      ctx(creator),
      w.deps,
    );
    expect(missing).toMatchObject({ ok: false, code: 'not-found' });
    if (!missing.ok) expect(missing.formError).toMatch(/“ghost” \(e000000000000009\)/);
    const foreign = await mintToken(
      form({ grants: [{ type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: FOREIGN }] } }] }),
      ctx(creator),
      w.deps,
    );
    expect(foreign).toMatchObject({ ok: false, code: 'not-found' });
    if (!foreign.ok) expect(foreign.formError).toMatch(/another organisation/);
    const type = await mintToken(form({ grants: [{ type: 'widgets', action: 'read', scope: { kind: 'all' } }] }), ctx(creator), w.deps);
    expect(type).toMatchObject({ ok: false, code: 'invalid-input' });
    const org = await mintToken(
      form({ orgID: OTHER_ORG, grants: [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }] }),
      ctx(creator),
      w.deps,
    );
    expect(org).toMatchObject({ ok: false, code: 'not-found' });
    expect(w.created).toHaveLength(0);
  });

  it('mints exactly once for ten concurrent submits of one form', async () => {
    const w = await world();
    const f = form();
    const results = await Promise.all(Array.from({ length: 10 }, () => mintToken(f, ctx(creator), w.deps)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const others = results.filter((r) => !r.ok);
    expect(others).toHaveLength(9);
    for (const r of others) {
      expect(r).toMatchObject({ code: 'conflict' });
      expect(JSON.stringify(r)).not.toContain(TOKEN);
    }
    expect(w.created).toHaveLength(1);
    // and afterwards the form says it already created token <id>
    const again = await mintToken(f, ctx(creator), w.deps);
    expect(again).toMatchObject({ ok: false, code: 'conflict' });
    if (!again.ok) expect(again.formError).toMatch(/already created a token \(id d000000000000001\)/);
  });

  it('maps 401/403/400 to words, names the missing permission, and frees the key', async () => {
    const cases: [InfluxError, RegExp][] = [
      [
        new InfluxError('unauthorized', `write:orgs/${ORG}/authorizations is unauthorized`, 401),
        new RegExp(`lacks write:orgs/${ORG}/authorizations`),
      ],
      [
        new InfluxError(
          'forbidden',
          `permission write:orgs/${ORG}/buckets/${B} is not allowed: write:orgs/${ORG}/buckets/${B} is unauthorized`,
          403,
        ),
        new RegExp(`cannot grant write:orgs/${ORG}/buckets/${B} \\(Write to bucket bucket-b\\)`),
      ],
      [new InfluxError('invalid', 'permissions are required', 400), /refused the request as invalid \(permissions are required\)/],
    ];
    for (const [error, message] of cases) {
      const w = await world({ create: () => Promise.reject(error) });
      const f = form();
      const r = await mintToken(f, ctx(creator), w.deps);
      expect(r).toMatchObject({ ok: false, code: 'upstream' });
      if (!r.ok) expect(r.formError).toMatch(message);
      // definite refusal: the same person may fix the problem and send the same form again
      const retry = await mintToken(f, ctx(creator), w.deps);
      expect(retry).toMatchObject({ ok: false, code: 'upstream' });
      expect(w.created).toHaveLength(2);
      expect((await listAudit(10, w.db))[0]).toMatchObject({ outcome: 'failure' });
    }
  });

  it('on a timeout says the outcome is unknown, looks for the orphan, and never sends that form again', async () => {
    const w = await world({ create: () => Promise.reject(new InfluxError('timeout', 'request timed out')) });
    w.deps.listAuthorizations = async () => [
      {
        id: 'e000000000000042',
        description: 'edge writer',
        status: 'active',
        orgID: ORG,
        userID: OWNER.id,
        createdAt: new Date().toISOString(),
        permissions: [],
      },
      {
        id: 'e000000000000043',
        description: 'edge writer',
        status: 'active',
        orgID: ORG,
        userID: OWNER.id,
        createdAt: '2020-01-01T00:00:00Z',
        permissions: [],
      },
    ];
    const f = form();
    const r = await mintToken(f, ctx(creator), w.deps);
    expect(r).toMatchObject({ ok: false, code: 'outcome-unknown' });
    if (!r.ok) expect(r.formError).toMatch(/did create the token \(id e000000000000042\).*inventory/);
    expect((await listAudit(10, w.db))[0]).toMatchObject({ outcome: 'unknown', authorizationId: 'e000000000000042' });
    const again = await mintToken(f, ctx(creator), w.deps);
    expect(again).toMatchObject({ ok: false, code: 'conflict' });
    expect(w.created).toHaveLength(1);

    const lost = await world({ create: () => Promise.reject(new InfluxError('timeout', 'request timed out')) });
    lost.deps.listAuthorizations = () => Promise.reject(new InfluxError('timeout', 'request timed out'));
    const r2 = await mintToken(form(), ctx(creator), lost.deps);
    expect(r2).toMatchObject({ ok: false, code: 'outcome-unknown' });
    if (!r2.ok) expect(r2.formError).toMatch(/cannot tell whether it was created.*token inventory/);
  });

  it('if the audit row cannot be written, the token still reaches the person, with a warning, and the key is spent', async () => {
    const w = await world();
    await w.db.exec('DROP TABLE audit_events');
    const f = form();
    const r = await mintToken(f, ctx(creator), w.deps);
    expect(r).toMatchObject({ ok: true, data: { token: TOKEN, auditWarning: expect.stringMatching(/audit record/) } });
    // the refusal cannot be audited either (no table), but the person gets the reason, and the
    // form never mints twice
    expect(await mintToken(f, ctx(creator), w.deps)).toMatchObject({ ok: false, code: 'conflict' });
    expect(w.created).toHaveLength(1);
  });

  it('connection refused means nothing was sent: the key is freed and the message says so', async () => {
    const w = await world({ create: () => Promise.reject(new InfluxError('unreachable', 'ECONNREFUSED')) });
    const f = form();
    const r = await mintToken(f, ctx(creator), w.deps);
    expect(r).toMatchObject({ ok: false, code: 'upstream' });
    if (!r.ok) expect(r.formError).toMatch(/nothing was created/);
    expect((await mintToken(f, ctx(creator), w.deps)).ok).toBe(false);
    expect(w.created).toHaveLength(2);
  });
});
