// Owner search for the builder: GET /api/influx-users?q=<text>. Matches the users the console's
// credential can see (cached 10 s) by name, plus one fresh exact-name lookup so a user created a
// moment ago is found, and says whether the typed text could be a NEW user's name. Same role as
// choosing another owner (CONSOLE_OTHER_OWNER_ROLE, admin by default).
import { influx } from '@/lib/influx/server';
import { z } from 'zod';
import { defineReadRoute } from '@/lib/api/read-route';
import { consoleCatalog } from '@/lib/influx/catalog';
import { connectionIdOr, connectionParam } from '@/lib/connections/route-param';
import { searchUsers } from '@/lib/tokens/user-search';

export const dynamic = 'force-dynamic';

export const GET = defineReadRoute(
  {
    name: 'influx-users.search',
    operation: 'influx-user.create',
    doing: 'search InfluxDB users',
    input: z.object({
      q: z.string().max(200).default(''),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      connection: connectionParam,
    }),
  },
  async ({ q, limit, connection }) => {
    const t0 = performance.now();
    const id = connectionIdOr(connection);
    const catalog = consoleCatalog(id);
    const [visible, consoleUser, caps] = await Promise.all([catalog.visibleUsers(), catalog.consoleUser(), catalog.capabilities()]);
    const exact = q.trim() ? await influx(id).findUserByName(q.trim()) : undefined;
    const data = searchUsers({ q, limit, visible, exact, consoleUserID: consoleUser.id, readUsers: caps.readUsers.state });
    return { data, timing: { search: performance.now() - t0 } };
  },
);
