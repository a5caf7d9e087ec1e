// One token-list read in a process of its own, so its peak RSS is the read's alone. Run by
// scripts/bench/token-list.ts; prints one JSON line.
//   LIST_URL, LIST_TOKEN, LIST_ORG_ID; argv[2]: 'stream' (the gateway) or 'buffered' (the client's
//   generated API, which buffers the body and JSON.parses it: what the gateway did before).
import { AuthorizationsAPI } from '@influxdata/influxdb-client-apis';
import { toAuthorizationSummary } from '../../../lib/influx/dto';
import { createGateway } from '../../../lib/influx/gateway';
import { createClient } from '../../../lib/influx/transport';

async function main() {
  const conn = { url: process.env.LIST_URL!, token: process.env.LIST_TOKEN!, timeoutMs: 10_000, listBudgetMs: 600_000 };
  const orgID = process.env.LIST_ORG_ID!;
  const baseRSS = process.memoryUsage().rss;
  const read = () =>
    process.argv[2] === 'buffered'
      ? new AuthorizationsAPI(createClient({ ...conn, timeoutMs: 600_000 }))
          .getAuthorizations({ orgID })
          .then((r) => (r.authorizations ?? []).map(toAuthorizationSummary))
      : createGateway(conn).listAuthorizations({ orgID });
  // The first read also pays for loading and compiling the code; a server's refresh is the second.
  let t0 = performance.now();
  await read();
  const coldMs = performance.now() - t0;
  t0 = performance.now();
  const list = await read();
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, coldMs, count: list.length, maxRSS: process.resourceUsage().maxRSS * 1024, baseRSS }));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
