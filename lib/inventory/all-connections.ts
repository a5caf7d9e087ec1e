import 'server-only';
// The "all connections" token view (/tokens?connection=all): every org of every connection the
// console can see, from the kept inventories (each read from InfluxDB as for its own page), as one
// list with the same filters. A connection or org that cannot be read is listed as down, and the
// others are shown anyway.
import { connectionsOverview } from '@/lib/connections/overview';
import { findConnection } from '@/lib/connections/registry';
import { scopeKey } from '@/lib/connections/scope';
import { consoleCatalog } from '@/lib/influx/catalog';
import { defaultOrgRef } from '@/lib/influx/server';
import { logger } from '@/lib/log/logger';
import { tokensMintedBy } from '@/lib/storage/minted-by';
import { mergeInventories, type InventoryPart, type MergedPage } from './merge-inventories';
import { OUTSIDE_THE_CONSOLE } from './minted-by-filter';
import type { InventoryQuery } from './query';
import { firstInventoryRead, inventorySnapshot } from './store';

export interface AllConnectionsPage extends MergedPage {
  /** Connections (and orgs) that could not be read, with the connection's label and colour. */
  down: { id: string; label: string; colour: InventoryPart['where']['connection']['colour']; org?: string }[];
}

/**
 * The orgs the connection's credential can see, and its default org: a credential holding read on
 * its org by id (the least-privilege setup the README describes) never sees it in InfluxDB's org
 * list, as the connection overview already allows for. Undefined when the list cannot be read.
 */
async function orgsOf(connectionID: string): Promise<{ id: string; name: string }[] | undefined> {
  const [listed, fallback] = await Promise.all([
    consoleCatalog(connectionID)
      .visibleOrgs()
      .catch(() => undefined),
    defaultOrgRef(connectionID).catch(() => undefined),
  ]);
  if (!listed) return undefined;
  return fallback && !listed.some((o) => o.id === fallback.id) ? [...listed, fallback] : listed;
}

/**
 * Issue 16, as for one org's page (store.ts firstInventoryRead): undefined when every org's list
 * is kept, so the page answers at once; else the reads of those not kept (running, or started
 * here), how many, and when the first began. `failed`: the scope keys whose read failed, for
 * allConnectionsPage to list as down rather than read again.
 */
export async function allConnectionsFirstReads(): Promise<
  { count: number; startedAt: number; failed: Promise<ReadonlySet<string>> } | undefined
> {
  const { connections } = await connectionsOverview();
  const reads = (
    await Promise.all(
      connections
        .filter((c) => !c.down && findConnection(c.id))
        .map(async (c) => {
          const orgs = (await orgsOf(c.id)) ?? [];
          return Promise.all(
            orgs.map(async (org) => {
              const key = scopeKey(c.id, org.id);
              const read = await firstInventoryRead(key);
              return read && { key, ...read };
            }),
          );
        }),
    )
  )
    .flat()
    .filter((r) => r !== undefined);
  if (reads.length === 0) return undefined;
  return {
    count: reads.length,
    startedAt: Math.min(...reads.map((r) => r.startedAt)),
    failed: Promise.all(
      reads.map((r) =>
        r.done.then(
          () => undefined,
          () => r.key,
        ),
      ),
    ).then((keys) => new Set(keys.filter((k) => k !== undefined))),
  };
}

/** `failed`: orgs (scope keys) whose read just failed: listed as down, not read again. */
export async function allConnectionsPage(query: InventoryQuery, failed: ReadonlySet<string> = new Set()): Promise<AllConnectionsPage> {
  const { connections } = await connectionsOverview();
  const down: AllConnectionsPage['down'] = [];
  const parts: InventoryPart[] = [];
  await Promise.all(
    connections.map(async (c) => {
      const connection = { id: c.id, label: c.label, colour: c.colour };
      if (c.down || !findConnection(c.id)) {
        down.push(connection);
        return;
      }
      const orgs = await orgsOf(c.id);
      if (!orgs) {
        down.push(connection);
        return;
      }
      await Promise.all(
        orgs.map(async (org) => {
          try {
            const key = scopeKey(c.id, org.id);
            if (failed.has(key)) throw new Error('its first read failed');
            const snap = await inventorySnapshot(key);
            parts.push({
              where: { connection, org: { id: org.id, name: org.name } },
              records: snap.value.records,
              facets: snap.value.facets,
            });
          } catch (error) {
            logger.warn('inventory of an org could not be read', { connection: c.id, org: org.id, error: String(error) });
            down.push({ ...connection, org: org.name });
          }
        }),
      );
    }),
  );
  // A stable order whatever answered first: by connection label, then org name.
  parts.sort(
    (a, b) => a.where.connection.label.localeCompare(b.where.connection.label) || a.where.org.name.localeCompare(b.where.org.name),
  );
  down.sort((a, b) => a.label.localeCompare(b.label));
  const minted = query.mintedBy
    ? { ids: await tokensMintedBy(query.mintedBy), exclude: query.mintedBy === OUTSIDE_THE_CONSOLE }
    : undefined;
  return { ...mergeInventories(parts, query, minted), down };
}
