// The token list read (streamed, with its own budget) against a real influxd holding a few
// thousand tokens, and against tiny fake servers (marked as such) for what a real one cannot do
// on demand: answer nothing at all.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { influxFetch, startInfluxd, type InfluxInstance } from '@/scripts/influxd/harness';
import { createManyTokens } from '@/scripts/bench/support/many-tokens';
import { toAuthorizationSummary } from './dto';
import { InfluxError } from './errors';
import { createGateway } from './gateway';

const TOKENS = 3000;
let inst: InfluxInstance;

beforeAll(async () => {
  inst = await startInfluxd({ hashedTokens: true });
  await createManyTokens(inst, TOKENS, { prefix: 'Zähler 😀 "device"' });
}, 300_000);
afterAll(async () => {
  await inst?.stop();
});

async function plainParse(path: string) {
  const res = await influxFetch(inst, inst.consoleToken, path);
  expect(res.status).toBe(200);
  return ((await res.json()) as { authorizations: Parameters<typeof toAuthorizationSummary>[0][] }).authorizations.map(
    toAuthorizationSummary,
  );
}

describe('token list read against a real influxd', () => {
  it('the streamed list equals the plain parse of the same answer', async () => {
    const gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
    const streamed = await gw.listAuthorizations({ orgID: inst.orgID });
    expect(streamed.length).toBeGreaterThanOrEqual(TOKENS);
    expect(streamed.filter((a) => a.description.startsWith('Zähler 😀 "device" '))).toHaveLength(TOKENS);
    expect(streamed).toEqual(await plainParse(`/api/v2/authorizations?orgID=${inst.orgID}`));
  });

  it('passes the user filter through', async () => {
    const gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 5000 });
    const mine = await gw.listAuthorizations({ userID: inst.consoleUserID });
    expect(mine.every((a) => a.userID === inst.consoleUserID)).toBe(true);
    expect(mine).toEqual(await plainParse(`/api/v2/authorizations?userID=${inst.consoleUserID}`));
  });

  it('a refused credential is an InfluxError with the status, not a parse failure', async () => {
    const gw = createGateway({ url: inst.url, token: 'not-a-token', timeoutMs: 5000 });
    const error = await gw.listAuthorizations().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfluxError);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
  });
});

describe('token list budget (fake servers)', () => {
  let silent: Server;
  let slowHeaders: Server;
  let release: () => void = () => {};
  const held = new Promise<void>((r) => (release = r));

  beforeAll(async () => {
    // FAKE: accepts the request and never answers.
    silent = createServer(() => {});
    // FAKE: answers only once the test releases it, after the per-call timeout has long passed.
    slowHeaders = createServer((_req, res) => {
      void held.then(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"authorizations":[{"id":"0000000000000001","orgID":"0000000000000002","status":"active","permissions":[]}]}');
      });
    });
    await Promise.all([silent, slowHeaders].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  });
  afterAll(() => {
    release();
    silent.closeAllConnections();
    slowHeaders.closeAllConnections();
    silent.close();
    slowHeaders.close();
  });
  const urlOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

  it('gives up after the list budget, as a timeout', async () => {
    const gw = createGateway({ url: urlOf(silent), token: 't', timeoutMs: 500, listBudgetMs: 700 });
    const error = await gw.listAuthorizations().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfluxError);
    expect(error).toMatchObject({ kind: 'timeout', operation: 'GET /api/v2/authorizations' });
  });

  it('waits past the per-call timeout while the budget lasts', async () => {
    const gw = createGateway({ url: urlOf(slowHeaders), token: 't', timeoutMs: 500, listBudgetMs: 60_000 });
    const pending = gw.listAuthorizations();
    // Released only once a per-call timeout would certainly have fired (the server saw the request
    // and a second has passed); the read must still succeed.
    await new Promise((r) => setTimeout(r, 1500));
    release();
    await expect(pending).resolves.toEqual([
      { id: '0000000000000001', description: '', status: 'active', orgID: '0000000000000002', permissions: [] },
    ]);
  });
});
