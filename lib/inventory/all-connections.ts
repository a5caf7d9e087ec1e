import 'server-only';
// The "all connections" token view (/tokens?connection=all): every org of every connection the
// console can see, from the kept inventories (each read from InfluxDB as for its own page), as one
// list with the same filters. A connection or org that cannot be read is listed as down, and the
// others are shown anyway.
import { connectionsOverview } from '@/lib/connections/overview';
import { findConnection } from '@/lib/connections/registry';
import { scopeKey } from '@/lib/connections/scope';
import { consoleCatalog } from '@/lib/influx/catalog';
import { logger } from '@/lib/log/logger';
import { tokensMintedBy } from '@/lib/storage/minted-by';
import { mergeInventories, type InventoryPart, type MergedPage } from './merge-inventories';
import { OUTSIDE_THE_CONSOLE } from './minted-by-filter';
import type { InventoryQuery } from './query';
import { inventorySnapshot } from './store';

export interface AllConnectionsPage extends MergedPage {
  /** Connections (and orgs) that could not be read, with the connection's label and colour. */
  down: { id: string; label: string; colour: InventoryPart['where']['connection']['colour']; org?: string }[];
}

export async function allConnectionsPage(query: InventoryQuery): Promise<AllConnectionsPage> {
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
      const orgs = await consoleCatalog(c.id)
        .visibleOrgs()
        .catch(() => undefined);
      if (!orgs) {
        down.push(connection);
        return;
      }
      await Promise.all(
        orgs.map(async (org) => {
          try {
            const snap = await inventorySnapshot(scopeKey(c.id, org.id));
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
