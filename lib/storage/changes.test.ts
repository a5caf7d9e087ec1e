// The SQLite change feed between two connections on one database file: what two console processes
// on one data folder do. Each connection is its own SqliteSql, as in two processes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EVERYTHING, sqliteChangeFeed } from './changes';
import { openDatabase } from './db';
import { SqliteSql } from './sqlite';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function twoProcesses(now?: () => number) {
  const dir = mkdtempSync(join(tmpdir(), 'itc-changes-'));
  dirs.push(dir);
  const file = join(dir, 'console.sqlite');
  const a = new SqliteSql(openDatabase(file));
  const b = new SqliteSql(openDatabase(file));
  const feeds = { a: sqliteChangeFeed(a, now ? { now } : {}), b: sqliteChangeFeed(b, now ? { now } : {}) };
  const heard = { a: [] as string[], b: [] as string[] };
  feeds.a.subscribe('inventory', (k) => heard.a.push(k));
  feeds.b.subscribe('inventory', (k) => heard.b.push(k));
  return { a, b, feeds, heard };
}

describe('sqlite change feed', () => {
  it('tells the other process, not the one that made the change', async () => {
    const { feeds, heard } = twoProcesses();
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
    const { feeds, heard } = twoProcesses();
    await feeds.b.catchUp();
    await feeds.a.publish('buckets', 'default/org1');
    await feeds.b.catchUp();
    expect(heard.b).toEqual([]);
  });

  it('starts from now: changes from before a process started are not news to it', async () => {
    const { feeds, heard } = twoProcesses();
    await feeds.a.publish('inventory', 'old');
    await feeds.b.catchUp();
    await feeds.a.publish('inventory', 'new');
    await feeds.b.catchUp();
    expect(heard.b).toEqual(['new']);
  });

  it('drops everything when rows it had not read were pruned', async () => {
    let clock = 1_000_000;
    const { feeds, heard } = twoProcesses(() => clock);
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
    const { a, feeds, heard } = twoProcesses();
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
