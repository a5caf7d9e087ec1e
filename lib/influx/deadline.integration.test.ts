// One deadline per request against a real influxd 2.9.1 paused with SIGSTOP (the process keeps its
// port and accepts connections but never answers: the fault that made a mint take 30 s). The
// connection's own timeout here is a minute, so a mint that waited on its calls one by one, as
// before, would outlast the test's own limit; under one deadline it answers with the timeout
// words, creates nothing, and the next request (influxd answering again) mints normally.
// Run: npx vitest run --project integration lib/influx/deadline.integration.test.ts
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pauseInfluxd, resumeInfluxd, startInfluxd, type InfluxInstance } from '@/scripts/influxd/harness';
import { authorizationsDescribed, createBuckets } from '@/scripts/influxd/operator';
import type { ConsoleUser } from '@/lib/auth/session';
import { createCatalog } from '@/lib/influx/catalog';
import { createGateway } from '@/lib/influx/gateway';
import { tokenFormSchema } from '@/lib/permissions/token-form-schema';
import { DEFAULT_POLICY } from '@/lib/policy/grant-policy';
import { freshTestStorage, type TestStorage } from '@/lib/storage/support/open-test-storage';
import { mintDepsFromGateway } from '@/lib/tokens/gateway-mint-deps';
import { mintToken } from '@/lib/tokens/mint-token';
import { withDeadline } from './deadline';
import { InfluxError } from './errors';
import { describeInfluxError } from './messages';

const creator: ConsoleUser = { id: 'local:cy', name: 'cy', role: 'creator', provider: 'local' };
const A_MINUTE = 60_000;
const REQUEST_BUDGET_MS = 1_500;

let inst: InfluxInstance;
let store: TestStorage;
let bucketID: string;

beforeAll(async () => {
  inst = await startInfluxd({ hashedTokens: true });
  bucketID = (await createBuckets(inst, ['deadline-a'])).get('deadline-a')!;
  store = await freshTestStorage();
});
afterAll(async () => {
  await store?.dispose();
  await inst?.stop();
});

const form = (description: string) =>
  tokenFormSchema.parse({
    formKey: crypto.randomUUID(),
    orgID: inst.orgID,
    description,
    status: 'active',
    owner: { kind: 'console' },
    grants: [{ type: 'buckets', action: 'read', scope: { kind: 'items', items: [{ id: bucketID }] } }],
  });

/** The mint as the action wrapper runs it: one deadline, and an InfluxError put into words. */
async function mintAsAction(description: string) {
  // Fresh caches: every fact the mint needs is asked of influxd.
  const gw = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: A_MINUTE });
  const deps = mintDepsFromGateway(gw, createCatalog(gw), store.sql, DEFAULT_POLICY);
  try {
    return await withDeadline(
      () => mintToken(form(description), { user: creator, requestId: crypto.randomUUID() }, deps),
      REQUEST_BUDGET_MS,
    );
  } catch (error) {
    if (!(error instanceof InfluxError)) throw error;
    return { ok: false as const, formError: describeInfluxError(error, { doing: 'create the token' }), error };
  }
}

describe('one deadline for a request’s InfluxDB calls', () => {
  it('a mint while influxd is paused answers with the timeout words, not after every call’s own timeout', { timeout: 30_000 }, async () => {
    const description = `paused-${crypto.randomUUID().slice(0, 8)}`;
    await pauseInfluxd(inst);
    let result;
    try {
      result = await mintAsAction(description);
    } finally {
      resumeInfluxd(inst);
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.formError).toMatch(/^InfluxDB did not answer in time/);
    // Stopped by the request's deadline, not by a call's own (minute-long) timeout.
    expect('error' in result ? result.error.upstreamMessage : 'answered without an InfluxError').toMatch(/request's deadline/);
    expect(await authorizationsDescribed(inst, description)).toEqual([]);
  });

  it('the next request, with influxd answering again, mints within its own deadline', { timeout: 30_000 }, async () => {
    const description = `after-${crypto.randomUUID().slice(0, 8)}`;
    const result = await mintAsAction(description);
    expect(result.ok).toBe(true);
    expect(await authorizationsDescribed(inst, description)).toHaveLength(1);
  });
});
