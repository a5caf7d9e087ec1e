import { describe, expect, it } from 'vitest';
import { deliveriesOf, latestAtPath, markUnwrapped, recordDelivery, type NewDelivery } from './secret-deliveries';
import { scratchTestStorage } from './support/open-test-storage';

const fresh = scratchTestStorage;

const kv = (over: Partial<NewDelivery> = {}): NewDelivery => ({
  connectionID: 'default',
  orgID: 'org1',
  authorizationID: 'tok1',
  storeID: 'lab',
  kind: 'kv',
  path: 'influx/edge-01',
  version: 1,
  keyName: 'token',
  wrapAccessor: null,
  wrapExpiresAt: null,
  deliveredBy: 'local:cy',
  ...over,
});

describe('secret deliveries', () => {
  it('records where a token went and lists a token’s deliveries newest first', async () => {
    const sql = await fresh();
    await recordDelivery(kv({ deliveredAt: '2026-11-30T10:00:00.000Z' }), sql);
    await recordDelivery(kv({ version: 2, deliveredAt: '2026-11-30T11:00:00.000Z' }), sql);
    await recordDelivery(kv({ authorizationID: 'tok2', version: 3 }), sql);
    expect((await deliveriesOf('tok1', sql)).map((d) => d.version)).toEqual([2, 1]);
    expect(await latestAtPath('lab', 'influx/edge-01', sql)).toMatchObject({ authorizationID: 'tok2', version: 3 });
    expect(await latestAtPath('lab', 'influx/other', sql)).toBeUndefined();
  });

  it('keeps a handoff’s accessor and remembers once it was unwrapped', async () => {
    const sql = await fresh();
    const d = await recordDelivery(
      kv({ kind: 'wrap', path: null, version: null, wrapAccessor: 'acc-1', wrapExpiresAt: '2026-11-30T12:00:00.000Z' }),
      sql,
    );
    expect((await deliveriesOf('tok1', sql))[0]).toMatchObject({ kind: 'wrap', unwrapped: null, wrapAccessor: 'acc-1' });
    await markUnwrapped(d.id, sql);
    expect((await deliveriesOf('tok1', sql))[0]).toMatchObject({ unwrapped: true });
  });

  it('refuses a kind it does not know', async () => {
    await expect(recordDelivery(kv({ kind: 'copy' as 'kv' }), await fresh())).rejects.toThrow(/CHECK|check constraint/i);
  });
});
