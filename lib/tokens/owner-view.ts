// The chosen owner as the builder shows it (preview, matrix, review): one value from the form's
// owner field and the console's own user. Pure, client-safe.
import type { Owner } from '@/lib/permissions/token-form-schema';
import { ownerWords } from './owner-plan';

export interface OwnerView {
  kind: Owner['kind'];
  /** The user id the request will carry; for a new user a readable stand-in until it exists. */
  id: string;
  name: string;
  /** "ana (an existing InfluxDB user)". */
  words: string;
}

export function ownerView(owner: Owner | undefined, consoleOwner: { id: string; name: string }): OwnerView {
  if (!owner || owner.kind === 'console')
    return { kind: 'console', ...consoleOwner, words: ownerWords({ kind: 'console', name: consoleOwner.name }) };
  if (owner.kind === 'existing') {
    const name = owner.name ?? owner.userID;
    return { kind: 'existing', id: owner.userID, name, words: ownerWords({ kind: 'existing', name }) };
  }
  return { kind: 'new', id: `<id of new user ${owner.name}>`, name: owner.name, words: ownerWords({ kind: 'new', name: owner.name }) };
}
