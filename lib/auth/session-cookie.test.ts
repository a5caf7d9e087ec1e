import { encode } from '@auth/core/jwt';
import { describe, expect, it } from 'vitest';
import { sessionFromCookies } from './session-cookie';

const SECRET = 'a-test-secret-of-thirty-two-chars-at-least';
const PLAIN = 'authjs.session-token';
const SECURE = '__Secure-authjs.session-token';
const HTTP = { https: false };
const HTTPS = { https: true };

const localToken = {
  sub: 'local:cy',
  name: 'cy',
  email: null,
  provider: 'local',
  username: 'cy',
  signedInAt: 1_800_000_000,
};
const cookie = async (
  name: string,
  token: Record<string, unknown> = localToken,
  opts: { secret?: string; salt?: string; maxAge?: number } = {},
) => ({
  name,
  value: await encode({ token, secret: opts.secret ?? SECRET, salt: opts.salt ?? name, maxAge: opts.maxAge ?? 3600 }),
});

describe('the session read straight from its cookie', () => {
  it('gives the identity auth.ts’s session callback gives, from the cookie name of the scheme', async () => {
    for (const [name, https] of [
      [PLAIN, false],
      [SECURE, true],
    ] as const) {
      const s = await sessionFromCookies([{ name: 'other', value: 'x' }, await cookie(name)], SECRET, { https });
      expect(s).toMatchObject({
        user: { id: 'local:cy', name: 'cy', email: '' },
        identity: { provider: 'local', username: 'cy', groups: [], signedInAt: 1_800_000_000 },
      });
      expect(Date.parse(s!.expires)).toBeGreaterThan(Date.now());
    }
    const oidc = await sessionFromCookies(
      [
        await cookie(PLAIN, {
          sub: 'oidc:42',
          email: 'ana@acme.com',
          provider: 'oidc',
          groups: ['ops'],
          emailVerified: true,
          signedInAt: 5,
        }),
      ],
      SECRET,
      HTTP,
    );
    expect(oidc?.identity).toEqual({ provider: 'oidc', groups: ['ops'], emailVerified: true, signedInAt: 5 });
    expect(oidc?.user).toMatchObject({ id: 'oidc:42', email: 'ana@acme.com' });
  });

  it('admits nothing that was not made with this secret under this name, nor an expired one', async () => {
    expect(await sessionFromCookies([], SECRET, HTTP)).toBeNull();
    expect(await sessionFromCookies([{ name: PLAIN, value: '' }], SECRET, HTTP)).toBeNull();
    expect(await sessionFromCookies([{ name: PLAIN, value: 'not.a.jwe.at.all' }], SECRET, HTTP)).toBeNull();
    expect(
      await sessionFromCookies([await cookie(PLAIN, localToken, { secret: 'another-secret-of-thirty-two-chars-x' })], SECRET, HTTP),
    ).toBeNull();
    // The name is the key's salt: a cookie moved to the other name does not decrypt.
    expect(await sessionFromCookies([await cookie(SECURE, localToken, { salt: PLAIN })], SECRET, HTTPS)).toBeNull();
    // Past its expiry and Auth.js's 15 s of clock tolerance.
    expect(await sessionFromCookies([await cookie(PLAIN, localToken, { maxAge: -60 })], SECRET, HTTP)).toBeNull();
  });

  it('derives its key again for another secret, never answering with a kept one', async () => {
    const other = 'another-secret-of-thirty-two-chars-x';
    expect(await sessionFromCookies([await cookie(PLAIN)], SECRET, HTTP)).not.toBeNull();
    expect(await sessionFromCookies([await cookie(PLAIN, localToken, { secret: other })], other, HTTP)).not.toBeNull();
    expect(await sessionFromCookies([await cookie(PLAIN)], other, HTTP)).toBeNull();
    expect(await sessionFromCookies([await cookie(PLAIN)], SECRET, HTTP)).not.toBeNull();
  });

  it('over https reads only the __Secure- cookie, as auth() does: a plain one may be planted over http', async () => {
    expect(await sessionFromCookies([await cookie(PLAIN)], SECRET, HTTPS)).toBeNull();
    expect(await sessionFromCookies([await cookie(SECURE)], SECRET, HTTP)).toBeNull();
    const both = [await cookie(PLAIN, { ...localToken, sub: 'local:planted' }), await cookie(SECURE)];
    expect((await sessionFromCookies(both, SECRET, HTTPS))?.user?.id).toBe('local:cy');
  });

  it('leaves a session split in chunks to auth()', async () => {
    const whole = await cookie(PLAIN);
    const chunks = [
      { name: `${PLAIN}.0`, value: whole.value.slice(0, 100) },
      { name: `${PLAIN}.1`, value: whole.value.slice(100) },
    ];
    expect(await sessionFromCookies(chunks, SECRET, HTTP)).toBeUndefined();
  });
});
