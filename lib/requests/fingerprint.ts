// The fingerprint of a request's form: what an approval is bound to. A mint presents a form and is
// refused unless its fingerprint equals the approved one, so "the form equal to what was approved"
// is one string comparison on the server. Stable under reordering of permissions and items (and
// under duplicates the model merges); display names are left out, because InfluxDB acts on ids
// and ignores them (a renamed bucket is the same grant). Pure apart from hashing.
import { createHash } from 'node:crypto';
import { encodeLifetimeChoice } from '@/lib/lifetimes/choice';
import { normaliseGrants, type Grant } from '@/lib/permissions/model';
import type { Owner } from '@/lib/permissions/token-form-schema';
import type { RequestForm } from './model';

function canonicalGrant(g: Grant): unknown[] {
  const scope = g.scope.kind === 'items' ? ['items', g.scope.items.map((i) => i.id)] : [g.scope.kind];
  return [g.type, g.action, scope];
}

function canonicalOwner(o: Owner): unknown[] {
  switch (o.kind) {
    case 'console':
      return ['console'];
    case 'existing':
      return ['existing', o.userID];
    case 'new':
      return ['new', o.name];
  }
}

/** The form as one string, parts in a fixed order (arrays, not objects: no key-order questions). */
export function canonicalForm(form: RequestForm): string {
  return JSON.stringify([
    'v1',
    form.connectionId,
    form.orgID,
    form.description,
    canonicalOwner(form.owner),
    normaliseGrants(form.grants).map(canonicalGrant),
    encodeLifetimeChoice(form.lifetime),
  ]);
}

export function formFingerprint(form: RequestForm): string {
  return createHash('sha256').update(canonicalForm(form), 'utf8').digest('hex');
}
