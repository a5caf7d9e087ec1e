import 'server-only';
// The console's gateways: the one entry point code uses to reach an InfluxDB server, per connection
// (lib/connections/registry.ts holds them). No connection named: the default one, as before
// connections existed.
import { defaultConnection, defaultOrgOf, gatewayOf, type OrgRef } from '@/lib/connections/registry';
import type { Gateway } from './gateway';

export function influx(connectionID: string = defaultConnection().id): Gateway {
  return gatewayOf(connectionID);
}

/** The connection's default org, resolved to id and name once (it may be configured as either). */
export function defaultOrgRef(connectionID: string = defaultConnection().id): Promise<OrgRef> {
  return defaultOrgOf(connectionID);
}
