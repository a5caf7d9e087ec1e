import 'server-only';
// The console's own gateway: the only place the admin credential is handed to code.
import { getConfig } from '@/lib/config/server-config';
import { createGateway, type Gateway } from './gateway';

let gateway: Gateway | undefined;

export function influx(): Gateway {
  if (!gateway) {
    const config = getConfig();
    gateway = createGateway({ url: config.INFLUX_URL, token: config.INFLUX_TOKEN, timeoutMs: config.INFLUX_TIMEOUT_MS });
  }
  return gateway;
}

let defaultOrg: Promise<{ id: string; name: string }> | undefined;

/** The configured default org, resolved to id and name once (INFLUX_ORG may be either). */
export function defaultOrgRef(): Promise<{ id: string; name: string }> {
  defaultOrg ??= influx()
    .findOrg(getConfig().INFLUX_ORG)
    .then((org) => {
      if (!org) throw new Error(`INFLUX_ORG "${getConfig().INFLUX_ORG}" is not an organisation the console's credential can see`);
      return org;
    })
    .catch((e) => {
      defaultOrg = undefined;
      throw e;
    });
  return defaultOrg;
}
