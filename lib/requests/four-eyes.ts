import 'server-only';
// Four eyes (CONSOLE_REQUEST_FOUR_EYES): with it on, an admin's own sensitive or code-running
// token is not minted directly; the builder's mint refuses it and offers a request instead, which
// another admin approves. The rule is decide-step.ts's directMintNeedsApproval.
import { fail, type ActionResult } from '@/lib/actions/result';
import type { Role } from '@/lib/auth/roles';
import type { TokenForm } from '@/lib/permissions/token-form-schema';
import { consoleCatalog } from '@/lib/influx/catalog';
import { consoleRequestTimes } from './console-requests';
import { directMintNeedsApproval, formFacts } from './decide-step';

export const FOUR_EYES_MESSAGE =
  'This console requires a second admin to approve sensitive tokens, also for admins. Request this token: another admin reviews it, then you create it.';

export async function fourEyesRefusal(
  form: Pick<TokenForm, 'grants' | 'owner'>,
  role: Role,
  connectionId: string,
): Promise<ActionResult<never> | undefined> {
  const times = consoleRequestTimes();
  if (!times.fourEyes || role !== 'admin') return undefined;
  const types = await consoleCatalog(connectionId).resourceTypes();
  const facts = formFacts({ grants: form.grants, owner: form.owner } as Parameters<typeof formFacts>[0], types);
  return directMintNeedsApproval(role, facts, times) ? fail('forbidden', FOUR_EYES_MESSAGE) : undefined;
}
