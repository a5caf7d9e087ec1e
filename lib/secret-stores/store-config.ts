// The secret stores the console may deliver tokens to (CONSOLE_SECRET_STORES_FILE): a JSON file
// the ops team reviews in git, next to the connections file. It names secrets, never holds them:
// credentials come from environment variables the file names. Pure parsing here.
//
// {
//   "stores": [{
//     "id": "ops-vault", "label": "Ops Vault", "address": "https://vault.acme.internal:8200",
//     "mount": "secret", "pathPrefix": "influx",
//     "auth": { "method": "approle", "roleIdEnv": "CONSOLE_VAULT_ROLE_ID", "secretIdEnv": "CONSOLE_VAULT_SECRET_ID" }
//   }, {
//     "id": "lab", "label": "Lab OpenBao", "address": "http://127.0.0.1:8200", "mount": "kv",
//     "pathPrefix": "teams/iot", "auth": { "method": "token", "tokenEnv": "CONSOLE_LAB_BAO_TOKEN" }
//   }]
// }
import { z } from 'zod';
import { checkPathShape } from './secret-path';

const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,127}$/;

/** Strict: a name, not a value. A secret pasted here fails the pattern and is never echoed. */
const envName = (field: string, example: string) =>
  z.string({ error: `${field} is required: the name of an environment variable, e.g. ${example}` }).regex(ENV_NAME, {
    error: `${field} must be the NAME of an environment variable (capitals, digits, “_”), e.g. ${example}; never the secret itself`,
  });

const pathField = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .transform((v) => v.trim().replace(/^\/+|\/+$/g, ''))
    .superRefine((v, ctx) => {
      const shape = checkPathShape(v, what);
      if (!shape.ok) ctx.addIssue({ code: 'custom', message: shape.error });
    });

const address = z
  .string({ error: 'address is required: the Vault API address, e.g. https://vault.acme.internal:8200' })
  .trim()
  .superRefine((v, ctx) => {
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'address must be an absolute URL, e.g. https://vault.acme.internal:8200' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      ctx.addIssue({ code: 'custom', message: 'address must start with http:// or https://' });
    if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'address must not carry a user or password' });
    if (url.search || url.hash) ctx.addIssue({ code: 'custom', message: 'address must not have a query or fragment' });
    if (/\/v1\/?$/.test(url.pathname))
      ctx.addIssue({ code: 'custom', message: 'address is the server, without /v1 (the console adds it)' });
  })
  .transform((v) => v.replace(/\/+$/, ''));

// Strict objects: an unknown key such as "token" or "secretId" is refused, so a literal secret
// cannot sit in the file unnoticed.
const appRoleAuth = z.strictObject({
  method: z.literal('approle'),
  roleIdEnv: envName('auth.roleIdEnv', 'CONSOLE_VAULT_ROLE_ID'),
  secretIdEnv: envName('auth.secretIdEnv', 'CONSOLE_VAULT_SECRET_ID'),
  /** Where AppRole is enabled (auth/<mount>); default approle. */
  mount: pathField('auth.mount').default('approle'),
});

const tokenAuth = z.strictObject({
  method: z.literal('token'),
  tokenEnv: envName('auth.tokenEnv', 'CONSOLE_VAULT_TOKEN'),
});

const storeSchema = z.strictObject({
  id: z
    .string({ error: 'id is required' })
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'id must be lower-case letters, digits and “-” (at most 63), e.g. ops-vault' }),
  label: z.string({ error: 'label is required' }).trim().min(1, { error: 'label must not be empty' }).max(100),
  address,
  mount: pathField('mount'),
  pathPrefix: pathField('pathPrefix'),
  auth: z.discriminatedUnion('method', [appRoleAuth, tokenAuth], {
    error: 'auth.method must be "approle" (roleIdEnv, secretIdEnv) or "token" (tokenEnv)',
  }),
});

export type SecretStore = z.infer<typeof storeSchema>;
export type StoreAuth = SecretStore['auth'];

export interface ParsedSecretStoresFile {
  stores: SecretStore[];
  /** One line per entry that was skipped, for admins: "store 2 (lab): address: ...". */
  problems: string[];
}

export function parseSecretStoresFile(text: string): ParsedSecretStoresFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { stores: [], problems: ['the secret stores file is not valid JSON'] };
  }
  const list = (json as { stores?: unknown } | null)?.stores;
  if (!Array.isArray(list)) return { stores: [], problems: ['the secret stores file needs a "stores" list'] };

  const stores: SecretStore[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  list.slice(0, 100).forEach((raw, i) => {
    const id = (raw as { id?: unknown } | null)?.id;
    const label = `store ${i + 1}${typeof id === 'string' && /^[a-z0-9-]{1,63}$/.test(id) ? ` (${id})` : ''}`;
    const r = storeSchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      // Only the path and our own message: the input is never echoed, it may be a pasted secret.
      const where = issue?.path.join('.') || 'entry';
      const message =
        issue?.code === 'unrecognized_keys'
          ? `unknown key ${issue.keys.map((k) => `“${k.slice(0, 40)}”`).join(', ')}; secrets belong in environment variables`
          : issue?.message;
      problems.push(`${label}: ${where}: ${message ?? 'invalid'}`);
      return;
    }
    if (seen.has(r.data.id)) {
      problems.push(`${label}: the id ${r.data.id} is used twice; the first one is used`);
      return;
    }
    seen.add(r.data.id);
    stores.push(r.data);
  });
  if (list.length > 100) problems.push(`only the first 100 of ${list.length} stores are used`);
  return { stores, problems };
}

export type StoreCredentials = { method: 'approle'; mount: string; roleId: string; secretId: string } | { method: 'token'; token: string };

/**
 * The store's credentials from `env`, or which variable is missing (by name, never a value).
 * Read when the store is used, not at start, so a rotated secret_id needs no restart of the file.
 */
export function storeCredentials(
  auth: StoreAuth,
  env: Record<string, string | undefined>,
): { ok: true; credentials: StoreCredentials } | { ok: false; error: string } {
  const read = (name: string) => env[name]?.trim() || undefined;
  if (auth.method === 'token') {
    const token = read(auth.tokenEnv);
    return token
      ? { ok: true, credentials: { method: 'token', token } }
      : { ok: false, error: `${auth.tokenEnv} is not set: the store's token belongs there.` };
  }
  const roleId = read(auth.roleIdEnv);
  const secretId = read(auth.secretIdEnv);
  const missing = [!roleId && auth.roleIdEnv, !secretId && auth.secretIdEnv].filter(Boolean);
  if (!roleId || !secretId)
    return {
      ok: false,
      error: `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: the store's AppRole role_id and secret_id belong there.`,
    };
  return { ok: true, credentials: { method: 'approle', mount: auth.mount, roleId, secretId } };
}
