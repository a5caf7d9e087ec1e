import { describe, expect, it } from 'vitest';
import { parseSecretStoresFile, storeCredentials, type StoreAuth } from './store-config';

const approle = { method: 'approle', roleIdEnv: 'CONSOLE_VAULT_ROLE_ID', secretIdEnv: 'CONSOLE_VAULT_SECRET_ID' };
const good = {
  id: 'ops-vault',
  label: 'Ops Vault',
  address: 'https://vault.acme.test:8200/',
  mount: 'secret',
  pathPrefix: '/influx/',
  auth: approle,
};
const file = (...stores: unknown[]) => JSON.stringify({ stores });

describe('parseSecretStoresFile', () => {
  it('reads stores, trimming the slashes around paths and the address', () => {
    const { stores, problems } = parseSecretStoresFile(
      file(good, {
        id: 'lab',
        label: 'Lab',
        address: 'http://127.0.0.1:8200',
        mount: 'kv',
        pathPrefix: 'teams/iot',
        auth: { method: 'token', tokenEnv: 'LAB_TOKEN' },
      }),
    );
    expect(problems).toEqual([]);
    expect(stores).toEqual([
      { ...good, address: 'https://vault.acme.test:8200', pathPrefix: 'influx', auth: { ...approle, mount: 'approle' } },
      {
        id: 'lab',
        label: 'Lab',
        address: 'http://127.0.0.1:8200',
        mount: 'kv',
        pathPrefix: 'teams/iot',
        auth: { method: 'token', tokenEnv: 'LAB_TOKEN' },
      },
    ]);
  });

  it('refuses a literal secret and never repeats it', () => {
    const secret = 's.SuperSecretValue123';
    const cases = [
      { ...good, auth: { method: 'token', tokenEnv: secret } },
      { ...good, auth: { method: 'token', tokenEnv: 'T', token: secret } },
      { ...good, auth: { ...approle, secretId: secret } },
      { ...good, auth: { ...approle, secretIdEnv: secret } },
      { ...good, token: secret },
    ];
    for (const entry of cases) {
      const { stores, problems } = parseSecretStoresFile(file(entry));
      expect(stores).toEqual([]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^store 1 \(ops-vault\): /);
      expect(problems[0]).toMatch(/environment variable/);
      expect(problems[0]).not.toContain(secret);
    }
  });

  it('says which field is wrong and why', () => {
    const problem = (patch: Record<string, unknown>) => parseSecretStoresFile(file({ ...good, ...patch })).problems[0];
    expect(problem({ address: 'vault.acme.test' })).toBe(
      'store 1 (ops-vault): address: address must be an absolute URL, e.g. https://vault.acme.internal:8200',
    );
    expect(problem({ address: 'ftp://vault' })).toContain('http:// or https://');
    expect(problem({ address: 'https://u:p@vault' })).toContain('must not carry a user or password');
    expect(problem({ address: 'https://vault:8200/v1' })).toContain('without /v1');
    expect(problem({ pathPrefix: 'influx/../x' })).toBe('store 1 (ops-vault): pathPrefix: pathPrefix must not contain “..” as a segment.');
    expect(problem({ pathPrefix: '' })).toContain('pathPrefix is empty');
    expect(problem({ mount: 'a//b' })).toContain('mount has an empty segment');
    expect(problem({ id: 'Ops Vault' })).toContain('id must be lower-case');
    expect(problem({ auth: { method: 'userpass' } })).toContain('auth.method must be "approle"');
    expect(problem({ label: undefined })).toContain('label is required');
  });

  it('keeps good stores when one is bad, and the first of two with one id', () => {
    const { stores, problems } = parseSecretStoresFile(file(good, { ...good, address: 'nope' }, { ...good, label: 'Again' }));
    expect(stores.map((s) => s.label)).toEqual(['Ops Vault']);
    expect(problems).toEqual([
      'store 2 (ops-vault): address: address must be an absolute URL, e.g. https://vault.acme.internal:8200',
      'store 3 (ops-vault): the id ops-vault is used twice; the first one is used',
    ]);
  });

  it('answers the file-level faults in words', () => {
    expect(parseSecretStoresFile('{').problems).toEqual(['the secret stores file is not valid JSON']);
    expect(parseSecretStoresFile('null').problems).toEqual(['the secret stores file needs a "stores" list']);
    expect(parseSecretStoresFile('{"stores":{}}').problems).toEqual(['the secret stores file needs a "stores" list']);
    expect(parseSecretStoresFile('{"stores":[]}')).toEqual({ stores: [], problems: [] });
  });
});

describe('storeCredentials', () => {
  const appRole: StoreAuth = { method: 'approle', roleIdEnv: 'RID', secretIdEnv: 'SID', mount: 'approle' };

  it('reads the named variables', () => {
    expect(storeCredentials(appRole, { RID: 'r', SID: 's' })).toEqual({
      ok: true,
      credentials: { method: 'approle', mount: 'approle', roleId: 'r', secretId: 's' },
    });
    expect(storeCredentials({ method: 'token', tokenEnv: 'TOK' }, { TOK: ' t ' })).toEqual({
      ok: true,
      credentials: { method: 'token', token: 't' },
    });
  });

  it('names the missing variables', () => {
    expect(storeCredentials(appRole, { RID: 'r', SID: ' ' })).toEqual({
      ok: false,
      error: "SID is not set: the store's AppRole role_id and secret_id belong there.",
    });
    expect(storeCredentials(appRole, {})).toEqual({
      ok: false,
      error: "RID and SID are not set: the store's AppRole role_id and secret_id belong there.",
    });
    expect(storeCredentials({ method: 'token', tokenEnv: 'TOK' }, {})).toEqual({
      ok: false,
      error: "TOK is not set: the store's token belongs there.",
    });
  });
});
