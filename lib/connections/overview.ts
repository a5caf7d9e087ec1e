import 'server-only';
// Every connection with the orgs its credential can see, for the shell's switcher and the
// all-connections view. A connection that does not answer is marked down (and not asked again
// for a short while), so one server being down never slows or breaks the pages of the others.
import { consoleCatalog } from '@/lib/influx/catalog';
import { defaultOrgRef } from '@/lib/influx/server';
import { logger } from '@/lib/log/logger';
import type { ConnectionInfo } from './model';
import { connectionInfos, consoleConnections, type OrgRef } from './registry';

export interface ConnectionOverview extends Pick<ConnectionInfo, 'id' | 'label' | 'colour'> {
  down: boolean;
  /** Names of the orgs the credential can see (empty when down). */
  orgs: string[];
  /** Name of the connection's default org, when it could be resolved. */
  defaultOrg?: string;
}

/** How long the shell waits for a connection's org list before showing it as down. */
const WAIT_MS = 3_000;
/** A connection found down is shown as down for this long without asking again. */
const DOWN_MEMORY_MS = 15_000;

const KEY = Symbol.for('influx-token-console.connections-down');
type Holder = { [KEY]?: Map<string, number> };
const downSince = () => ((globalThis as Holder)[KEY] ??= new Map<string, number>());

function withinWait<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${WAIT_MS} ms`)), WAIT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function overviewOf(info: ConnectionInfo): Promise<ConnectionOverview> {
  const base = { id: info.id, label: info.label, colour: info.colour };
  const memo = downSince().get(info.id);
  if (memo !== undefined && Date.now() - memo < DOWN_MEMORY_MS) return { ...base, down: true, orgs: [] };
  try {
    const both: Promise<[{ name: string }[], OrgRef | undefined]> = Promise.all([
      consoleCatalog(info.id).visibleOrgs(),
      defaultOrgRef(info.id).catch(() => undefined),
    ]);
    const [orgs, defaultOrg] = await withinWait(both);
    downSince().delete(info.id);
    return {
      ...base,
      down: false,
      // The default org even when the credential holds read on it by id only (then not listed).
      orgs: [...new Set([...orgs.map((o) => o.name), ...(defaultOrg ? [defaultOrg.name] : [])])].sort((a, b) => a.localeCompare(b)),
      ...(defaultOrg ? { defaultOrg: defaultOrg.name } : {}),
    };
  } catch (error) {
    downSince().set(info.id, Date.now());
    logger.warn('connection down', { connection: info.id, error: String(error) });
    return { ...base, down: true, orgs: [] };
  }
}

export async function connectionsOverview(): Promise<{ defaultId: string; connections: ConnectionOverview[] }> {
  const connections = await Promise.all(connectionInfos().map(overviewOf));
  return { defaultId: consoleConnections().defaultId, connections };
}
