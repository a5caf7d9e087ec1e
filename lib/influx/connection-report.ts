import 'server-only';
// What Settings shows about the upstream: version, flavour, org, owner, and what the credential can
// do (lib/influx/judge-capabilities.ts), found by reading only (nothing is created).
import { describeInfluxError } from './messages';
import type { CredentialCapabilities } from './judge-capabilities';
import { consoleCatalog } from './catalog';
import { InfluxError } from './errors';
import { defaultOrgRef, influx } from './server';

export interface ConnectionReport {
  reachable: boolean;
  problem?: string;
  version: string;
  flavour: string;
  org?: { id: string; name: string };
  owner?: { id: string; name: string };
  /** The credential's permissions in InfluxDB's notation, when its own authorization was read. */
  permissions?: string[];
  capabilities?: CredentialCapabilities;
  /** Why the capabilities could not be worked out, when they could not. */
  capabilitiesProblem?: string;
}

/** For one connection (the default one when none is named). */
export async function loadConnectionReport(connectionID?: string): Promise<ConnectionReport> {
  const gw = influx(connectionID);
  try {
    const [ping, org, owner] = await Promise.all([
      gw.ping(),
      defaultOrgRef(connectionID).catch(() => undefined),
      gw.me().catch(() => undefined),
    ]);
    let capabilities: CredentialCapabilities | undefined;
    let capabilitiesProblem: string | undefined;
    try {
      capabilities = await consoleCatalog(connectionID).capabilities();
    } catch (error) {
      capabilitiesProblem =
        error instanceof InfluxError
          ? describeInfluxError(error, { doing: 'work out what the credential can do' })
          : 'The console could not work out what its credential can do.';
    }
    return {
      reachable: true,
      version: ping.version,
      flavour: ping.flavour,
      ...(org ? { org } : {}),
      ...(owner ? { owner } : {}),
      ...(capabilities?.permissions ? { permissions: capabilities.permissions } : {}),
      ...(capabilities ? { capabilities } : {}),
      ...(capabilitiesProblem ? { capabilitiesProblem } : {}),
    };
  } catch (error) {
    const problem =
      error instanceof InfluxError ? describeInfluxError(error, { doing: 'reach InfluxDB' }) : 'InfluxDB could not be reached.';
    return { reachable: false, problem, version: 'unknown', flavour: 'unknown' };
  }
}
