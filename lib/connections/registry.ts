import 'server-only';
// The console's connections at run time: read once (CONSOLE_CONNECTIONS_FILE, else the INFLUX_*
// shorthand), one gateway and one resolved default org per connection. The only place the
// credentials are handed to code; pages get ConnectionInfo (no token).
import { readFileSync } from 'node:fs';
import { ConfigError, getConfig } from '@/lib/config/server-config';
import { createGateway, type Gateway } from '@/lib/influx/gateway';
import { registerSecret } from '@/lib/log/logger';
import { connectionsFromEnv, type InfluxVariables } from './from-env';
import { DEFAULT_CONNECTION_ID, connectionInfo, type Connection, type ConnectionInfo, type ConnectionSet } from './model';
import { describeFileProblem, parseConnectionsFile } from './parse-file';

export type OrgRef = { id: string; name: string };

export class DefaultOrgNotVisibleError extends Error {
  constructor(c: Connection) {
    super(`The default org "${c.org}" of ${c.label} is not an organisation the console's credential there can see.`);
    this.name = 'DefaultOrgNotVisibleError';
  }
}

// Per module instance, not on globalThis: Next bundles this module more than once (instrumentation,
// pages, actions), and a gateway made by one copy throws that copy's InfluxError, which the other
// copies' `instanceof` checks would not recognise.
type State = { set: ConnectionSet; gateways: Map<string, Gateway>; defaultOrgs: Map<string, Promise<OrgRef>> };
let current: State | undefined;

function load(): ConnectionSet {
  const config = getConfig();
  const file = config.CONSOLE_CONNECTIONS_FILE;
  if (!file) return connectionsFromEnv(config as ConsoleEnvWithInflux);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`CONSOLE_CONNECTIONS_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  const parsed = parseConnectionsFile(text, process.env, { defaultTimeoutMs: config.INFLUX_TIMEOUT_MS });
  if (!parsed.ok) throw new ConfigError(parsed.problems.map((p) => describeFileProblem(`CONSOLE_CONNECTIONS_FILE ${file}`, p)));
  return parsed.set;
}

// Without the file, the env schema has required every INFLUX_* variable.
type ConsoleEnvWithInflux = InfluxVariables;

function state(): State {
  if (!current) {
    const set = load();
    for (const c of set.connections) registerSecret(c.token);
    current = { set, gateways: new Map(), defaultOrgs: new Map() };
  }
  return current;
}

/** Reads and checks the connections; throws ConfigError naming the line and field of a mistake. */
export function consoleConnections(): ConnectionSet {
  return state().set;
}

export function connectionInfos(): ConnectionInfo[] {
  return consoleConnections().connections.map(connectionInfo);
}

export function defaultConnection(): Connection {
  const set = consoleConnections();
  return set.connections.find((c) => c.id === set.defaultId)!;
}

export function findConnection(id: string): Connection | undefined {
  return consoleConnections().connections.find((c) => c.id === id);
}

/**
 * The connection a stored row names. Rows from before connections say 'default': with a
 * connections file that has no connection of that id, they belong to the file's default one.
 */
export function connectionOfStored(id: string): Connection | undefined {
  return findConnection(id) ?? (id === DEFAULT_CONNECTION_ID ? defaultConnection() : undefined);
}

/** The id under which rows of this connection are stored (the inverse of connectionOfStored). */
export function storedConnectionID(connectionID: string): string {
  const set = consoleConnections();
  const hasDefault = set.connections.some((c) => c.id === DEFAULT_CONNECTION_ID);
  return !hasDefault && connectionID === set.defaultId ? DEFAULT_CONNECTION_ID : connectionID;
}

/** A connection id from a URL to the id its rows are stored under; undefined when unknown. */
export function storedIdOfKnown(id: string): string | undefined {
  return findConnection(id) ? storedConnectionID(id) : undefined;
}

function known(id: string): Connection {
  const c = findConnection(id);
  if (!c) throw new Error(`unknown connection "${id}"`);
  return c;
}

export function gatewayOf(connectionID: string): Gateway {
  const s = state();
  let gw = s.gateways.get(connectionID);
  if (!gw) {
    const c = known(connectionID);
    gw = createGateway({ url: c.url, token: c.token, timeoutMs: c.timeoutMs, listBudgetMs: getConfig().INFLUX_LIST_BUDGET_MS });
    s.gateways.set(connectionID, gw);
  }
  return gw;
}

/** The connection's configured default org, resolved to id and name once (it may be either). */
export function defaultOrgOf(connectionID: string): Promise<OrgRef> {
  const s = state();
  let org = s.defaultOrgs.get(connectionID);
  if (!org) {
    const c = known(connectionID);
    org = gatewayOf(connectionID)
      .findOrg(c.org)
      .then((found) => {
        if (!found) throw new DefaultOrgNotVisibleError(c);
        return found;
      })
      .catch((e) => {
        s.defaultOrgs.delete(connectionID);
        throw e;
      });
    s.defaultOrgs.set(connectionID, org);
  }
  return org;
}
