// Which expiry notices are due: one before each configured lead time (e.g. 14 and 3 days) and one
// at expiry. Pure: the outbox records what this says, once per token, expiry and kind.
//
// - A notice whose time came before the expiry was set is not for this token (a 7-day token gets
//   no "14 days left" notice at the moment it is minted).
// - When several are due at once (the console was down, or a tick came late), only the latest is
//   sent and the earlier ones are recorded as superseded: nobody needs "14 days left" and
//   "expired" in the same minute.
// - Each kind is sent at most once; anything recorded (sent or superseded) is never due again.
import { formatDuration } from './duration';

export type NoticeKind = `before-${string}` | 'expired';

export interface NoticeStage {
  kind: NoticeKind;
  at: Date;
}

export interface NoticeScheduleInput {
  expiresAt: Date;
  /** When this expiry was set (minted, or changed by an admin). */
  setAt: Date;
  /** Lead times in ms, e.g. [14 days, 3 days]; order and repeats do not matter. */
  leads: readonly number[];
  /** Kinds already recorded for this token and expiry, sent or superseded. */
  recorded: readonly NoticeKind[];
  now: Date;
}

export const leadKind = (leadMs: number): NoticeKind => `before-${formatDuration(leadMs)}`;

/** The notices this expiry gets, earliest first, the expiry notice last. */
export function noticeStages(expiresAt: Date, setAt: Date, leads: readonly number[]): NoticeStage[] {
  const stages = [...new Set(leads)]
    .filter((lead) => lead > 0 && expiresAt.getTime() - lead > setAt.getTime())
    .sort((a, b) => b - a)
    .map((lead) => ({ kind: leadKind(lead), at: new Date(expiresAt.getTime() - lead) }));
  return [...stages, { kind: 'expired', at: expiresAt }];
}

export function dueNotices(input: NoticeScheduleInput): { send?: NoticeStage; supersede: NoticeStage[] } {
  const stages = noticeStages(input.expiresAt, input.setAt, input.leads);
  const recorded = new Set(input.recorded);
  const lastRecorded = stages.findLastIndex((s) => recorded.has(s.kind));
  const due = stages.filter((s, i) => i > lastRecorded && s.at.getTime() <= input.now.getTime());
  const supersededEarlier = stages.filter((s, i) => i < lastRecorded && !recorded.has(s.kind) && s.at.getTime() <= input.now.getTime());
  const send = due.at(-1);
  return { send, supersede: [...supersededEarlier, ...due.slice(0, -1)] };
}
