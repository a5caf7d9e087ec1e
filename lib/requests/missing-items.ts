// Items named by a request that are gone (deleted, or moved out of the org) by the time an admin
// reviews it or the requester mints it. lib/tokens/resolve-items.ts finds them against InfluxDB;
// this says, per grant, what to change, so the review page can refuse to approve and the mint
// can refuse with a way forward. Pure.
import type { MissingItem } from '@/lib/tokens/resolve-items';
import type { RequestForm } from './model';

export interface MissingItemProblems {
  formError: string;
  /** Keyed like parseRequestSubmission's: "form.grants.<i>.scope". */
  fieldErrors: Record<string, string[]>;
}

const label = (m: MissingItem) => (m.claimedName ? `${m.claimedName} (${m.id})` : m.id);
const why = (m: MissingItem) => (m.why === 'other-org' ? 'is not in this organisation' : 'no longer exists');

export function missingItemProblems(
  form: RequestForm,
  missing: readonly MissingItem[],
  stage: 'review' | 'mint',
): MissingItemProblems | undefined {
  if (missing.length === 0) return undefined;
  const fieldErrors: Record<string, string[]> = {};
  form.grants.forEach((g, i) => {
    if (g.scope.kind !== 'items') return;
    const ids = new Set(g.scope.items.map((x) => x.id));
    const gone = missing.filter((m) => m.type === g.type && ids.has(m.id));
    if (gone.length > 0) fieldErrors[`form.grants.${i}.scope`] = gone.map((m) => `${g.type} ${label(m)} ${why(m)}.`);
  });
  const names = [...new Set(missing.map(label))].join(', ');
  const formError =
    stage === 'review'
      ? `This request names items InfluxDB no longer has for it: ${names}. Deny it with that reason, or approve it narrowed without them.`
      : `The approved token names items InfluxDB no longer has for it: ${names}. It cannot be created as approved; send a new request without them.`;
  return { formError, fieldErrors };
}
