// What the operation policy needs to know of a v1 credential: the same facts as of a token, from
// the same sensitivity labels (a console-made v1 credential holds bucket grants only, so it is
// never sensitive; one made elsewhere may hold anything InfluxDB accepted). It can never be the
// console's own credential, which is a v2 token.
import type { V1Credential } from '@/lib/influx/v1-authorizations';
import { factsOfToken } from '@/lib/policy/token-facts';
import type { GrantFacts } from '@/lib/policy/operations';

export function factsOfV1(
  c: Pick<V1Credential, 'id' | 'orgID' | 'userID' | 'user' | 'permissions' | 'description' | 'status'>,
  consoleUserID: string,
  resourceTypes: readonly string[],
): GrantFacts {
  return factsOfToken(
    {
      id: c.id,
      orgID: c.orgID,
      userID: c.userID,
      ...(c.user ? { user: c.user } : {}),
      description: c.description,
      status: c.status,
      permissions: c.permissions,
    },
    { consoleUserID, consoleTokenID: '', resourceTypes },
  );
}
