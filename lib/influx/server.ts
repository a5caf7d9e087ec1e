import 'server-only';
// The default connection's gateway and org, for code that has not been told of a connection
// (lib/connections/registry.ts holds one per connection).
import { defaultConnection, defaultOrgOf, gatewayOf } from '@/lib/connections/registry';
import type { Gateway } from './gateway';

export function influx(): Gateway {
  return gatewayOf(defaultConnection().id);
}

/** The default connection's default org, resolved to id and name once (it may be either). */
export function defaultOrgRef(): Promise<{ id: string; name: string }> {
  return defaultOrgOf(defaultConnection().id);
}
