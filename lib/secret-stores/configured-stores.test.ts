import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configuredStores, findStore } from './configured-stores';

const dir = mkdtempSync(join(tmpdir(), 'secret-stores-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (id: string) => ({
  id,
  label: id.toUpperCase(),
  address: 'http://127.0.0.1:8200',
  mount: 'secret',
  pathPrefix: 'influx',
  auth: { method: 'token', tokenEnv: 'T' },
});

describe('configuredStores', () => {
  it('reads the file, and reads it again once it changed', () => {
    const file = join(dir, 'stores.json');
    writeFileSync(file, JSON.stringify({ stores: [entry('lab')] }));
    expect(configuredStores(file).stores.map((s) => s.id)).toEqual(['lab']);
    writeFileSync(file, JSON.stringify({ stores: [entry('lab'), entry('ops-vault')] }));
    expect(configuredStores(file).stores.map((s) => s.id)).toEqual(['lab', 'ops-vault']);
    expect(findStore('ops-vault', file)?.label).toBe('OPS-VAULT');
    expect(findStore('nope', file)).toBeUndefined();
  });

  it('turns an unreadable file into a problem, and no file into no stores', () => {
    expect(configuredStores(join(dir, 'missing.json'))).toEqual({
      stores: [],
      problems: ['the secret stores file (CONSOLE_SECRET_STORES_FILE) could not be read; see the server log'],
    });
    expect(configuredStores('')).toEqual({ stores: [], problems: [] });
  });
});
