// The builder's form -> a name-based prefill, for its "Copy link" button. Items travel by name, so
// an item the form knows only by id, and users other than the token's owner, cannot be put in a
// link: they come back in `leftOut` for the UI to show next to the copied link. Pure.
import type { Grant } from '@/lib/permissions/model';
import {
  normalisePrefill,
  showPart,
  type NotApplied,
  type Prefill,
  type PrefillDeliver,
  type PrefillGrant,
  type TokenStatus,
} from './prefill';

export interface FormSnapshot {
  orgName?: string;
  description?: string;
  status?: TokenStatus;
  /** The chosen owner's InfluxDB user name, when the form lets a person choose one. */
  ownerName?: string;
  /** The builder's lifetime choice (issue 13), when one was made. */
  lifetime?: string;
  /** The builder's "Deliver to" when it is a secret store path (issue 17, link format 4). */
  deliver?: PrefillDeliver;
  grants: readonly Grant[];
}

export function prefillFromForm(form: FormSnapshot): { prefill: Prefill; leftOut: NotApplied[] } {
  const leftOut: NotApplied[] = [];
  const grants: PrefillGrant[] = [];
  for (const g of form.grants) {
    if (g.scope.kind !== 'items') {
      grants.push({ type: g.type, action: g.action, scope: g.scope });
      continue;
    }
    if (g.type === 'users') {
      for (const i of g.scope.items) {
        leftOut.push({
          part: showPart('p', `${g.action}:users/${i.name ?? i.id}`),
          reason: 'a link can name users only as the token’s own user (users/owner)',
        });
      }
      continue;
    }
    const names: string[] = [];
    for (const i of g.scope.items) {
      if (i.name) names.push(i.name);
      else
        leftOut.push({
          part: showPart('p', `${g.action}:${g.type}/${i.id}`),
          reason: 'its name is not known, and links name items, not ids',
        });
    }
    if (names.length > 0) grants.push({ type: g.type, action: g.action, scope: { kind: 'items', names } });
  }
  const prefill = normalisePrefill({
    ...(form.orgName ? { org: form.orgName } : {}),
    ...(form.description ? { description: form.description } : {}),
    ...(form.status ? { status: form.status } : {}),
    ...(form.ownerName ? { owner: form.ownerName } : {}),
    ...(form.lifetime ? { lifetime: form.lifetime } : {}),
    ...(form.deliver ? { deliver: form.deliver } : {}),
    grants,
  });
  return { prefill, leftOut };
}
