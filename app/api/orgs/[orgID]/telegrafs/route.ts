// Telegraf configurations of an org, for the picker: GET /api/orgs/<orgID>/telegrafs.
// InfluxDB returns them all in one answer (no paging); the picker filters in the browser.
import { influx } from '@/lib/influx/server';
import { z } from 'zod';
import { defineReadRoute } from '@/lib/api/read-route';
import { connectionIdOr, connectionParam } from '@/lib/connections/route-param';
import { influxIdSchema } from '@/lib/permissions/model-schema';

export const dynamic = 'force-dynamic';

export const GET = defineReadRoute(
  {
    name: 'telegrafs.list',
    operation: 'token.mint',
    doing: 'list Telegraf configurations',
    input: z.object({ orgID: influxIdSchema, connection: connectionParam }),
  },
  async ({ orgID, connection }) => {
    const t0 = performance.now();
    const items = (await influx(connectionIdOr(connection)).listTelegrafs(orgID)).sort((a, b) => a.name.localeCompare(b.name));
    return { data: { items }, timing: { list: performance.now() - t0 } };
  },
);
