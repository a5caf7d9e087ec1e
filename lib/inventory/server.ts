import 'server-only';
// Loading one token for a page or an action: only tokens of the console's org, never by trust in
// an id the browser sent.
import { decide, TOKEN_OPERATIONS, tokenOperations, type TokenOperation } from '@/lib/policy/operations';
import { factsOfToken } from '@/lib/policy/token-facts';
import { consoleFactsContext } from './console-deps';
import type { Viewer } from './list-page';
import type { AuthorizationSummary } from '@/lib/influx/dto';
import { defaultOrgRef, influx } from '@/lib/influx/server';
import { schedulesFor, type ScheduledDeactivation } from '@/lib/storage/scheduled-deactivations';
import { loadTokenDetail, type TokenDetail } from './detail';
import { inventorySnapshot, upsertInventory } from './store';
import type { ScheduleView } from './types';

/** The token, if it exists and belongs to the console's org; undefined otherwise. */
export async function findOrgToken(id: string): Promise<{ token: AuthorizationSummary; org: { id: string; name: string } } | undefined> {
  const org = await defaultOrgRef();
  const token = await influx().getAuthorization(id);
  if (!token || token.orgID !== org.id) return undefined;
  // What was just read is fresher than the kept list (which may not have it yet at all).
  upsertInventory(org.id, token);
  return { token, org };
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
  may: Record<TokenOperation, boolean>;
  /** The policy's words for each operation this person may not use (for creators and admins). */
  refusals: Partial<Record<TokenOperation, string>>;
  mayCancelSchedule: boolean;
};

export async function loadTokenDetailForViewer(id: string, who: Viewer): Promise<TokenDetailData | undefined> {
  const found = await findOrgToken(id);
  if (!found) return undefined;
  const facts = await consoleFactsContext();
  const detail = await loadTokenDetail(influx(), found.token, {
    orgName: found.org.name,
    resourceTypes: facts.resourceTypes,
    consoleTokenID: facts.consoleTokenID,
  });
  const tokenFacts = factsOfToken(found.token, facts);
  const may = tokenOperations(who.user.role, who.policy, tokenFacts);
  const refusals: Partial<Record<TokenOperation, string>> = {};
  for (const op of TOKEN_OPERATIONS) {
    const d = decide(who.user.role, `token.${op}`, who.policy, tokenFacts);
    if (!d.allowed && d.reason !== 'role') refusals[op] = d.message;
  }
  const mayCancelSchedule = decide(who.user.role, 'schedule.cancel', who.policy).allowed;
  return { ...detail, schedules: schedulesFor(id).map(toScheduleView), may, refusals, mayCancelSchedule };
}

/** Descriptions from the kept inventory, for naming tokens in bulk results. */
export async function descriptionsById(orgID: string): Promise<Map<string, string>> {
  const snap = await inventorySnapshot(orgID);
  return new Map(snap.value.records.map((r) => [r.id, r.description]));
}
