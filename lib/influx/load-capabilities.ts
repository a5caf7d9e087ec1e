// Loads what the console's credential can do, with reads only (nothing is created, nothing is
// written): its own authorization when INFLUX_TOKEN_ID is set and readable, else a probe (who am
// I, which users can I see). Free of Next.js so the integration tests run it against influxd.
import { capabilitiesFromPermissions, capabilitiesFromProbe, type CredentialCapabilities } from './judge-capabilities';
import { InfluxError } from './errors';
import type { Gateway } from './gateway';

export interface CapabilityContext {
  tokenID?: string;
  org: { id: string; name: string };
  resourceTypes: readonly string[];
  /** Set once a write:users refusal was seen in this process (probe mode only). */
  learnedNoWriteUsers?: boolean;
}

type Reads = Pick<Gateway, 'me' | 'getAuthorization' | 'listUsers'>;

export async function loadCapabilities(gw: Reads, ctx: CapabilityContext): Promise<CredentialCapabilities> {
  const me = await gw.me().catch(() => undefined);
  const user = me ? { id: me.id, name: me.name } : undefined;

  let why: string;
  if (!ctx.tokenID) {
    why = 'INFLUX_TOKEN_ID is not set, so the console cannot read its credential’s own permissions.';
  } else {
    try {
      const own = await gw.getAuthorization(ctx.tokenID);
      if (!own) {
        why = `INFLUX_TOKEN_ID (${ctx.tokenID}) names no token InfluxDB knows; check the id.`;
      } else if (user && own.userID && own.userID !== user.id) {
        why = `INFLUX_TOKEN_ID (${ctx.tokenID}) names a token of user ${own.user ?? own.userID}, but the credential belongs to ${user.name}: it is not the console’s credential.`;
      } else {
        return capabilitiesFromPermissions(own.permissions, {
          orgID: ctx.org.id,
          orgName: ctx.org.name,
          resourceTypes: ctx.resourceTypes,
          ...(user ? { user } : {}),
        });
      }
    } catch (e) {
      if (!(e instanceof InfluxError)) throw e;
      why =
        e.kind === 'unauthorized'
          ? `The credential may not read its own authorization (it lacks read:orgs/${ctx.org.id}/authorizations), so its permissions cannot be listed.`
          : `Reading the credential’s own authorization failed (${e.kind}).`;
    }
  }

  const visibleUsers = await gw.listUsers({ limit: 20 }).catch(() => undefined);
  return capabilitiesFromProbe({
    ...(user ? { user } : {}),
    ...(visibleUsers ? { visibleUsers } : {}),
    why,
    ...(ctx.learnedNoWriteUsers ? { learnedNoWriteUsers: true } : {}),
  });
}
