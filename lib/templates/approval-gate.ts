import 'server-only';
// Issue 15: a template marked "needs approval" is never minted from directly. What the server can
// enforce is what the form says about itself: the builder sends the template's slug with the form,
// and a direct mint naming a template whose latest version needs approval is refused (and audited).
// A form built by hand with the same grants names no template; it is then judged by the grant
// policy alone, like any other hand-built form. The flag routes the template's users to a
// request; the policy is what decides who may mint what.
import type { ActionContext } from '@/lib/actions/define-action';
import { fail, type ActionResult } from '@/lib/actions/result';
import { recordAudit } from '@/lib/storage/audit';
import type { TemplateStore } from '@/lib/storage/templates';
import { findTemplate } from './catalogue';

export const NEEDS_APPROVAL_MESSAGE =
  'This token comes from a template that needs approval: send it as a request (“Request this token”), and mint it once an admin has approved it.';

/** The refusal when the form names a template that needs approval; undefined otherwise. */
export async function templateApprovalRefusal(
  slug: string | undefined,
  ctx: Pick<ActionContext, 'user' | 'requestId'>,
  audit: { action: string; orgID?: string },
  store?: TemplateStore,
): Promise<ActionResult<never> | undefined> {
  if (!slug) return undefined;
  const template = await findTemplate(slug, store);
  if (!template?.latest.needsApproval) return undefined;
  await recordAudit({
    requestId: ctx.requestId,
    actor: ctx.user,
    action: audit.action,
    outcome: 'refused',
    ...(audit.orgID ? { orgID: audit.orgID } : {}),
    detail: { reason: 'template-needs-approval', template: slug },
  });
  return fail('forbidden', NEEDS_APPROVAL_MESSAGE);
}
