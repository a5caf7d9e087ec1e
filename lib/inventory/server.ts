import 'server-only';
// Loading one token for a page or an action: only tokens of the page's connection and org, never by
// trust in an id the browser sent.
import { influx } from '@/lib/influx/server';
import { decide, TOKEN_OPERATIONS, tokenOperations, type TokenOperation } from '@/lib/policy/operations';
import { factsOfToken } from '@/lib/policy/token-facts';
import { consoleFactsContext } from './console-deps';
import type { Viewer } from './list-page';
import type { AuthorizationSummary } from '@/lib/influx/dto';
import { storedConnectionID } from '@/lib/connections/registry';
import { connectionFacts } from '@/lib/connections/model';
import type { Scope } from '@/lib/connections/resolve-scope';
import { expiriesOf, schedulesFor, type ScheduledDeactivation } from '@/lib/storage/scheduled-deactivations';
import { expiryView, type ExpiryView } from '@/lib/lifetimes/inventory-expiry';
import { loadTokenDetail, type TokenDetail } from './detail';
import { inventorySnapshot, upsertInventory } from './store';
import type { ScheduleView } from './types';

/** The token, if it exists on the scope's connection and belongs to its org; undefined otherwise. */
export async function findOrgToken(
  scope: Scope,
  id: string,
): Promise<{ token: AuthorizationSummary; org: { id: string; name: string } } | undefined> {
  const token = await influx(scope.connection.id).getAuthorization(id);
  if (!token || token.orgID !== scope.org.id) return undefined;
  // What was just read is fresher than the kept list (which may not have it yet at all).
  void upsertInventory(scope.key, token);
  return { token, org: scope.org };
}

export const toScheduleView = (s: ScheduledDeactivation): ScheduleView => ({
  id: s.id,
  dueAt: new Date(s.dueAt).toISOString(),
  state: s.state,
  outcome: s.outcome,
  lastProblem: s.lastProblem,
  replacementID: s.replacementID,
  requestedBy: s.requestedBy.name,
  finishedAt: s.finishedAt,
});

/** The detail page's data: the token, its schedules, and what this person may do to it and why not. */
export type TokenDetailData = TokenDetail & {
  schedules: ScheduleView[];
  /** When the console deactivates it; null: no expiry. */
  expiry: ExpiryView | null;
  may: Record<TokenOperation, boolean>;
  /** The policy's words for each operation this person may not use (for creators and admins). */
  refusals: Partial<Record<TokenOperation, string>>;
  mayCancelSchedule: boolean;
  /** Issue 13: may set, change or remove this token's expiry (op token.expiry). */
  mayChangeExpiry: boolean;
};

export async function loadTokenDetailForViewer(scope: Scope, id: string, who: Viewer): Promise<TokenDetailData | undefined> {
  const found = await findOrgToken(scope, id);
  if (!found) return undefined;
  const facts = await consoleFactsContext(scope.connection.id);
  const detail = await loadTokenDetail(influx(scope.connection.id), found.token, {
    orgName: found.org.name,
    resourceTypes: facts.resourceTypes,
    consoleTokenID: facts.consoleTokenID,
  });
  const tokenFacts = factsOfToken(found.token, facts);
  const on = connectionFacts(scope.connection);
  const may = tokenOperations(who.user.role, who.policy, tokenFacts, on);
  const refusals: Partial<Record<TokenOperation, string>> = {};
  for (const op of TOKEN_OPERATIONS) {
    const d = decide(who.user.role, `token.${op}`, who.policy, tokenFacts, on);
    if (!d.allowed && d.reason !== 'role') refusals[op] = d.message;
  }
  const mayCancelSchedule = decide(who.user.role, 'schedule.cancel', who.policy, undefined, on).allowed;
  return {
    ...detail,
    schedules: (await schedulesFor(id, undefined, storedConnectionID(scope.connection.id))).map(toScheduleView),
    expiry: expiryView((await expiriesOf(storedConnectionID(scope.connection.id), scope.org.id)).get(id), detail.status, new Date()),
    may,
    refusals,
    mayCancelSchedule,
    mayChangeExpiry: decide(who.user.role, 'token.expiry', who.policy, tokenFacts, on).allowed,
  };
}

/** Descriptions from the kept inventory (key: scopeKey), for naming tokens in bulk results. */
export async function descriptionsById(key: string): Promise<Map<string, string>> {
  const snap = await inventorySnapshot(key);
  return new Map(snap.value.records.map((r) => [r.id, r.description]));
}
