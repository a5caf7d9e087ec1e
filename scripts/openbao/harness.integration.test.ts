// Integration test of the OpenBao harness against the real `bao` (scripts/openbao/install.sh).
// Run: npx vitest run scripts/openbao/harness.integration.test.ts
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRunning } from '../influxd/harness';
import {
  baoRequest,
  createAppRole,
  createToken,
  enableKvV2,
  findBao,
  seal,
  startOpenBao,
  storePolicy,
  unseal,
  writePolicy,
  type OpenBaoInstance,
} from './harness';

describe('OpenBao harness', () => {
  let bao: OpenBaoInstance;

  beforeAll(async () => {
    bao = await startOpenBao();
  });
  afterAll(async () => {
    await bao?.stop();
  });

  it('finds the pinned bao binary', async () => {
    const { execFileSync } = await import('node:child_process');
    expect(execFileSync(findBao(), ['version']).toString()).toMatch(/^OpenBao v2\.7\.2 /);
  });

  it('runs an unsealed dev server on loopback that knows the root token', async () => {
    expect(bao.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await baoRequest<{ initialized: boolean; sealed: boolean }>(bao, '', 'GET', 'sys/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ initialized: true, sealed: false });
    expect((await baoRequest(bao, bao.rootToken, 'GET', 'auth/token/lookup-self')).status).toBe(200);
    expect((await baoRequest(bao, 'not-the-root-token', 'GET', 'auth/token/lookup-self')).status).toBe(403);
  });

  it('mounts a KV v2 engine that versions writes', async () => {
    await enableKvV2(bao, 'apps');
    const first = await baoRequest<{ data: { version: number } }>(bao, bao.rootToken, 'POST', 'apps/data/influx/a', {
      data: { token: 'x' },
    });
    const second = await baoRequest<{ data: { version: number } }>(bao, bao.rootToken, 'POST', 'apps/data/influx/a', {
      data: { token: 'y' },
    });
    expect([first.body.data.version, second.body.data.version]).toEqual([1, 2]);
  });

  it('gives AppRole logins only what their policy allows', async () => {
    await writePolicy(bao, 'influx-only', storePolicy('secret', 'influx'));
    const { roleId, secretId } = await createAppRole(bao, 'console', { policies: ['influx-only'] });
    const login = await baoRequest<{ auth: { client_token: string } }>(bao, '', 'POST', 'auth/approle/login', {
      role_id: roleId,
      secret_id: secretId,
    });
    expect(login.status).toBe(200);
    const token = login.body.auth.client_token;
    expect((await baoRequest(bao, token, 'POST', 'secret/data/influx/edge-01', { data: { token: 'v' } })).status).toBe(200);
    expect((await baoRequest(bao, token, 'POST', 'secret/data/other/edge-01', { data: { token: 'v' } })).status).toBe(403);
  });

  it('makes policy-limited tokens', async () => {
    const token = await createToken(bao, ['influx-only']);
    expect((await baoRequest(bao, token, 'GET', 'sys/mounts')).status).toBe(403);
  });

  it('seals and unseals', async () => {
    await seal(bao);
    expect((await baoRequest(bao, '', 'GET', 'sys/health')).status).toBe(503);
    await unseal(bao);
    expect((await baoRequest(bao, '', 'GET', 'sys/health')).status).toBe(200);
  });

  it('stops by pid and removes its directory', async () => {
    const other = await startOpenBao();
    expect(isRunning(other.pid)).toBe(true);
    await other.stop();
    expect(isRunning(other.pid)).toBe(false);
    expect(existsSync(other.dir)).toBe(false);
    await expect(fetch(`${other.address}/v1/sys/health`)).rejects.toThrow();
  });
});
