import 'server-only';
// Loading one token for a page or an action: only tokens of the console's org, never by trust in
// an id the browser sent.
import { getConfig } from '@/lib/config/server-config';
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

export type TokenDetailView = TokenDetail & { schedules: ScheduleView[] };

export async function loadTokenDetailView(id: string): Promise<TokenDetailView | undefined> {
  const found = await findOrgToken(id);
  if (!found) return undefined;
  const detail = await loadTokenDetail(influx(), found.token, {
    orgName: found.org.name,
    resourceTypes: await influx().resourceTypes(),
    ...(getConfig().INFLUX_TOKEN_ID ? { consoleTokenID: getConfig().INFLUX_TOKEN_ID } : {}),
  });
  return { ...detail, schedules: schedulesFor(id).map(toScheduleView) };
}

/** Descriptions from the kept inventory, for naming tokens in bulk results. */
export async function descriptionsById(orgID: string): Promise<Map<string, string>> {
  const snap = await inventorySnapshot(orgID);
  return new Map(snap.value.records.map((r) => [r.id, r.description]));
}
