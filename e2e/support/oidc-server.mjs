// A real OpenID Provider for the end-to-end tests (the oidc-provider package, run locally).
// Usage: node e2e/support/oidc-server.mjs <port> <redirect_uri> <client_secret>
// Accounts: any login name; its email is <login>@acme.test (verified), or the login itself when it
// contains an @ (to test people the role map does not know). The dev login and consent
// pages of oidc-provider stand in for a company's sign-in screen; the protocol is the real one.
import Provider from 'oidc-provider';

const [port, redirectUri, clientSecret] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'token-console',
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true },
  // Put the requested claims (email) in the ID token, as Okta, Entra ID and Google do; Auth.js
  // reads an OIDC provider's ID token claims.
  conformIdTokenClaims: false,
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['e2e-oidc-cookie-key-not-a-secret'] },
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id.includes('@') ? id : `${id}@acme.test`, email_verified: true, name: id };
      },
    };
  },
});
provider.proxy = false;
provider.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(`oidc ready ${issuer}\n`);
});
