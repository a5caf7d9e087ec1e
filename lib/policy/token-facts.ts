// What the policy needs to know of an existing token, from InfluxDB's answer or the inventory's
// kept record. Pure. A token whose owner is unknown counts as another user's: the stricter rule.
import type { AuthorizationSummary } from '@/lib/influx/dto';
import { sensitiveLabels } from '@/lib/inventory/summary';
import type { GrantFacts } from './operations';

export interface FactsContext {
  /** The console's own InfluxDB user (the owner of tokens it mints by default). */
  consoleUserID: string;
  /** INFLUX_TOKEN_ID. */
  consoleTokenID: string;
  resourceTypes: readonly string[];
}

export function factsOfToken(a: AuthorizationSummary, ctx: FactsContext): GrantFacts {
  const labels = sensitiveLabels(a.permissions, { orgID: a.orgID, ownerUserID: a.userID, resourceTypes: ctx.resourceTypes });
  return {
    sensitive: labels.filter((l) => l.class === 'sensitive').map((l) => l.label),
    codeRunning: labels.filter((l) => l.class === 'code-running').map((l) => l.label),
    otherOwner: a.userID !== ctx.consoleUserID,
    ...(a.user ? { ownerName: a.user } : {}),
    isConsoleCredential: a.id === ctx.consoleTokenID,
  };
}

/** The same facts from the inventory's kept record (computed from the same labels). */
export function factsOfRecord(
  r: { sensitive: readonly string[]; codeRunning: readonly string[]; ownerID?: string; ownerName?: string; isConsoleCredential?: boolean },
  consoleUserID: string,
): GrantFacts {
  return {
    sensitive: r.sensitive,
    codeRunning: r.codeRunning,
    otherOwner: r.ownerID !== consoleUserID,
    ...(r.ownerName ? { ownerName: r.ownerName } : {}),
    isConsoleCredential: Boolean(r.isConsoleCredential),
  };
}
