// "Reload from InfluxDB" reads every token upstream, so it has limits of its own, far below the
// list action's: per person, and for the whole console. The kept list is still served, with why.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_POLICY } from '@/lib/policy/grant-policy';

const reads: boolean[] = [];
const RELOADS_PER_PERSON_PER_MINUTE = 4;
const RELOADS_PER_MINUTE = 20;
vi.mock('@/lib/config/server-config', () => ({
  getConfig: () => ({ CONSOLE_RELOADS_PER_MINUTE: RELOADS_PER_PERSON_PER_MINUTE, CONSOLE_RELOADS_TOTAL_PER_MINUTE: RELOADS_PER_MINUTE }),
}));
vi.mock('@/lib/influx/catalog', () => ({
  consoleCatalog: () => ({ consoleUser: async () => ({ id: '1111111111111111', name: 'token-console' }) }),
}));
vi.mock('./store', () => ({
  inventoryPage: async (_org: string, _q: unknown, opts: { refresh?: boolean }) => {
    reads.push(Boolean(opts.refresh));
    return {
      rows: [],
      total: 0,
      inventoryTotal: 0,
      page: 1,
      pageCount: 1,
      asOf: new Date(0).toISOString(),
      facets: { owners: [], buckets: [], types: [] },
    };
  },
}));

const { listInventoryPage } = await import('./list-page');
const { DEFAULT_QUERY } = await import('./query');

const scope = {
  connection: {
    id: 'default',
    label: 'InfluxDB',
    colour: 'gray' as const,
    url: 'http://x',
    org: 'acme',
    timeoutMs: 1000,
    tokenID: '2222222222222222',
    token: 'x'.repeat(20),
  },
  org: { id: '0123456789abcdef', name: 'acme' },
  params: { connection: 'default', org: 'acme' },
  key: 'default/0123456789abcdef',
};
const who = (id: string) => ({ user: { id, role: 'viewer' as const }, policy: DEFAULT_POLICY });

// Each test starts in a fresh limit window: the clock moves on two minutes.
vi.useFakeTimers({ toFake: ['Date'] });
beforeEach(() => {
  reads.length = 0;
  vi.setSystemTime(Date.now() + 120_000);
});

describe('reload limits', () => {
  it('a person gets a few reloads a minute; beyond that the kept list is served and the page says why', async () => {
    for (let i = 0; i < RELOADS_PER_PERSON_PER_MINUTE; i++) {
      expect((await listInventoryPage(scope, { ...DEFAULT_QUERY, refresh: true }, who('local:vi'))).reloadRefused).toBeUndefined();
    }
    const refused = await listInventoryPage(scope, { ...DEFAULT_QUERY, refresh: true }, who('local:vi'));
    expect(refused.reloadRefused).toMatch(/reloaded from InfluxDB too often.*Try again in \d+ s/);
    expect(reads).toEqual([...Array(RELOADS_PER_PERSON_PER_MINUTE).fill(true), false]);
    // Plain list reads are not counted.
    expect((await listInventoryPage(scope, { ...DEFAULT_QUERY }, who('local:vi'))).reloadRefused).toBeUndefined();
  });

  it('the whole console has a ceiling too, whoever asks', async () => {
    const people = Math.ceil(RELOADS_PER_MINUTE / RELOADS_PER_PERSON_PER_MINUTE) + 1;
    let refused = 0;
    for (let p = 0; p < people; p++) {
      for (let i = 0; i < RELOADS_PER_PERSON_PER_MINUTE; i++) {
        if ((await listInventoryPage(scope, { ...DEFAULT_QUERY, refresh: true }, who(`local:p${p}`))).reloadRefused) refused++;
      }
    }
    expect(reads.filter(Boolean).length).toBe(RELOADS_PER_MINUTE);
    expect(refused).toBe(people * RELOADS_PER_PERSON_PER_MINUTE - RELOADS_PER_MINUTE);
  });
});
