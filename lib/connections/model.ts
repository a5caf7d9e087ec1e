import type { Role } from '@/lib/auth/roles';
import type { ConnectionFacts } from '@/lib/policy/operations';

// One InfluxDB server the console manages, as the rest of the console sees it. Pure: shared by the
// connections file parser, the server-only registry and the pages (which get it without `token`).
export const CONNECTION_COLOURS = ['gray', 'red', 'orange', 'amber', 'green', 'teal', 'blue', 'violet'] as const;
export type ConnectionColour = (typeof CONNECTION_COLOURS)[number];

/** The id of the connection made from the INFLUX_* variables when there is no connections file. */
export const DEFAULT_CONNECTION_ID = 'default';
/** Not a connection: the "all connections" token view (`/tokens?connection=all`). */
export const ALL_CONNECTIONS = 'all';

export const CONNECTION_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

/** What a page may know of a connection: everything but the credential. */
export interface ConnectionInfo {
  id: string;
  label: string;
  colour: ConnectionColour;
  url: string;
  /** The default organisation, by name or 16-hex-digit id, as configured. */
  org: string;
  timeoutMs: number;
  /** The authorization id of the console's credential on this server (INFLUX_TOKEN_ID). */
  tokenID: string;
  /** Console roles that may change anything here (lib/policy decides); absent: every role. */
  roles?: Role[];
}

/** A connection with its credential: only server-only modules hold one. */
export interface Connection extends ConnectionInfo {
  token: string;
}

export interface ConnectionSet {
  connections: readonly Connection[];
  defaultId: string;
}

export const connectionInfo = ({ token: _token, ...info }: Connection): ConnectionInfo => info;

/** What the policy needs to know of a connection (lib/policy/operations.ts). */
export const connectionFacts = (c: Pick<ConnectionInfo, 'label' | 'roles'>): ConnectionFacts => ({
  label: c.label,
  ...(c.roles ? { roles: c.roles } : {}),
});
