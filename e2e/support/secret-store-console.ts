// A console with a secret stores file (issue 17) next to the run's main one: store `lab` on a real
// OpenBao (`bao server -dev`, scripts/openbao/harness.ts) that the console reaches with a token
// whose policy may write under secret/influx and nothing else, and store `down` on a port nobody
// listens on. Same influxd, build, users file and secret as the main console.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToken, startOpenBao, writePolicy, type OpenBaoInstance } from '../../scripts/openbao/harness';
import { consoleEnv, freePort, startConsole, type RunningConsole } from './console-server';
import type { Stack } from './stack';

export interface SecretStoreConsole {
  baseURL: string;
  bao: OpenBaoInstance;
  running: RunningConsole;
  dir: string;
  /** The console's SQLite file, for the secrecy scan. */
  databaseFile: string;
  /** A reader's token: read on secret/data/influx/* only, as an app would hold. */
  readerToken: string;
  stop(): Promise<void>;
}

export async function startSecretStoreConsole(stack: Stack): Promise<SecretStoreConsole> {
  const dir = mkdtempSync(join(tmpdir(), 'itc-e2e-stores-'));
  const bao = await startOpenBao();
  try {
    // The console's policy as lib/secret-stores/README.md documents it: write, never read.
    await writePolicy(
      bao,
      'console-store',
      [
        'path "secret/data/influx/*" { capabilities = ["create", "update"] }',
        'path "secret/metadata/influx/*" { capabilities = ["read"] }',
        'path "auth/token/lookup-accessor" { capabilities = ["update"] }',
      ].join('\n'),
    );
    await writePolicy(bao, 'reader', 'path "secret/data/influx/*" { capabilities = ["read"] }');
    const [consoleToken, readerToken] = await Promise.all([createToken(bao, ['console-store'], '2h'), createToken(bao, ['reader'], '2h')]);
    const file = join(dir, 'secret-stores.json');
    writeFileSync(
      file,
      JSON.stringify({
        stores: [
          {
            id: 'lab',
            label: 'Lab OpenBao',
            address: bao.address,
            mount: 'secret',
            pathPrefix: 'influx',
            auth: { method: 'token', tokenEnv: 'E2E_LAB_BAO_TOKEN' },
          },
          {
            id: 'down',
            label: 'Decommissioned Vault',
            address: 'http://127.0.0.1:9',
            mount: 'secret',
            pathPrefix: 'influx',
            auth: { method: 'token', tokenEnv: 'E2E_LAB_BAO_TOKEN' },
          },
        ],
      }),
      { mode: 0o600 },
    );
    const port = await freePort();
    const baseURL = `http://localhost:${port}`;
    const env = consoleEnv({ influx: stack.influx, baseURL, dir, usersFile: stack.usersFile });
    Object.assign(env, { CONSOLE_SECRET_STORES_FILE: file, E2E_LAB_BAO_TOKEN: consoleToken, CONSOLE_MINT_PER_MINUTE: '300' });
    const running = await startConsole(env, port, dir);
    return {
      baseURL,
      bao,
      running,
      dir,
      databaseFile: join(dir, 'data', 'console.sqlite'),
      readerToken,
      stop: async () => {
        await running.stop();
        await bao.stop();
        if (!process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await bao.stop();
    throw error;
  }
}
