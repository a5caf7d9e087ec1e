import 'server-only';
// What Settings and the health route show about the upstream: version, flavour, org, owner and
// the credential's permissions, found by reading only (nothing is created).
import { getConfig } from '@/lib/config/server-config';
import { describeInfluxError } from './messages';
import { InfluxError } from './errors';
import { permissionString } from './permission-string';
import { defaultOrgRef, influx } from './server';

export interface ConnectionReport {
  reachable: boolean;
  problem?: string;
  version: string;
  flavour: string;
  org?: { id: string; name: string };
  owner?: { id: string; name: string };
  permissions?: string[];
}

export async function loadConnectionReport(): Promise<ConnectionReport> {
  const gw = influx();
  try {
    const [ping, org, owner] = await Promise.all([gw.ping(), defaultOrgRef().catch(() => undefined), gw.me().catch(() => undefined)]);
    const tokenId = getConfig().INFLUX_TOKEN_ID;
    const own = tokenId ? await gw.getAuthorization(tokenId).catch(() => undefined) : undefined;
    return {
      reachable: true,
      version: ping.version,
      flavour: ping.flavour,
      ...(org ? { org } : {}),
      ...(owner ? { owner } : {}),
      ...(own ? { permissions: own.permissions.map(permissionString) } : {}),
    };
  } catch (error) {
    const problem =
      error instanceof InfluxError ? describeInfluxError(error, { doing: 'reach InfluxDB' }) : 'InfluxDB could not be reached.';
    return { reachable: false, problem, version: 'unknown', flavour: 'unknown' };
  }
}
