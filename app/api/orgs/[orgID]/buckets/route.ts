// Bucket search for the picker: GET /api/orgs/<orgID>/buckets?q=<text>&limit=<n>.
// Searches the org's cached bucket list (lib/influx/bucket-index.ts); Server-Timing says how long.
import { z } from 'zod';
import { defineReadRoute } from '@/lib/api/read-route';
import { connectionIdOr, connectionParam } from '@/lib/connections/route-param';
import { consoleCatalog } from '@/lib/influx/catalog';
import { influxIdSchema } from '@/lib/permissions/model-schema';

export const dynamic = 'force-dynamic';

export const GET = defineReadRoute(
  {
    name: 'buckets.search',
    operation: 'token.mint',
    doing: 'search buckets',
    input: z.object({
      orgID: influxIdSchema,
      connection: connectionParam,
      q: z.string().max(200).default(''),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    }),
  },
  async ({ orgID, q, limit, connection }) => {
    const t0 = performance.now();
    const result = await consoleCatalog(connectionIdOr(connection)).buckets.search(orgID, q, limit);
    return { data: result, timing: { search: performance.now() - t0 } };
  },
);
