// The SQLite change feed between two connections on one database file: what two console processes
// on one data folder do. Each connection is its own SqliteSql, as in two processes.
import { afterEach, describe, expect, it } from 'vitest';
import { EVERYTHING, sqliteChangeFeed } from './changes';
import { freshTestStorage, openTestStorageAt, type TestStorage } from './support/open-test-storage';

const made: TestStorage[] = [];
afterEach(async () => {
  for (const s of made.splice(0)) await s.dispose();
});

async function twoProcesses(now?: () => number) {
  const store = await freshTestStorage();
  made.push(store);
  const a = store.sql;
  const b = await openTestStorageAt(store.location);
  const feeds = { a: sqliteChangeFeed(a, now ? { now } : {}), b: sqliteChangeFeed(b, now ? { now } : {}) };
  const heard = { a: [] as string[], b: [] as string[] };
  feeds.a.subscribe('inventory', (k) => heard.a.push(k));
  feeds.b.subscribe('inventory', (k) => heard.b.push(k));
  return { a, b, feeds, heard };
}

describe('sqlite change feed', () => {
  it('tells the other process, not the one that made the change', async () => {
    const { feeds, heard } = await twoProcesses();
    await Promise.all([feeds.a.catchUp(), feeds.b.catchUp()]);
    await feeds.a.publish('inventory', 'default/org1');
    await feeds.a.publish('inventory', 'default/org2');
    await feeds.b.catchUp();
    await feeds.a.catchUp();
    expect(heard.b).toEqual(['default/org1', 'default/org2']);
    expect(heard.a).toEqual([]);
    // Heard once: the next catch-up finds nothing new.
    await feeds.b.catchUp();
    expect(heard.b).toHaveLength(2);
  });

  it('delivers only the subscribed topic', async () => {
    const { feeds, heard } = await twoProcesses();
    await feeds.b.catchUp();
    await feeds.a.publish('buckets', 'default/org1');
    await feeds.b.catchUp();
    expect(heard.b).toEqual([]);
  });

  it('starts from now: changes from before a process started are not news to it', async () => {
    const { feeds, heard } = await twoProcesses();
    await feeds.a.publish('inventory', 'old');
    await feeds.b.catchUp();
    await feeds.a.publish('inventory', 'new');
    await feeds.b.catchUp();
    expect(heard.b).toEqual(['new']);
  });

  it('drops everything when rows it had not read were pruned', async () => {
    let clock = 1_000_000;
    const { feeds, heard } = await twoProcesses(() => clock);
    await feeds.b.catchUp();
    await feeds.a.publish('inventory', 'k1');
    await feeds.a.publish('inventory', 'k2');
    clock += 2 * 60 * 60_000;
    // Prunes k1 and k2 (older than an hour); k3 is kept as the newest.
    await feeds.a.publish('inventory', 'k3');
    await feeds.b.catchUp();
    expect(heard.b).toEqual([EVERYTHING]);
  });

  it('hears a change committed by the other process inside its own transaction only after commit', async () => {
    const { a, feeds, heard } = await twoProcesses();
    await feeds.b.catchUp();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = a.transaction(async () => {
      await feeds.a.publish('inventory', 'k');
      await held;
    });
    await feeds.b.catchUp();
    expect(heard.b).toEqual([]);
    release();
    await tx;
    await feeds.b.catchUp();
    expect(heard.b).toEqual(['k']);
  });
});
