// Which notice a request's step sends (issue 15): a new request, or one changed back to review, to
// the team; an approval, a narrowed approval, a denial or an expiry to the requester (by e-mail
// when their address is known; a webhook is told of every step). Pure; the outbox
// (lib/notices/event-notices.ts, outbox.ts) records and sends. Withdrawals and mints tell nobody: the
// requester did them.
import { requestNotice, type EventNotice, type RequestNoticeKind } from '@/lib/notices/event-messages';
import type { RequestAuditStep } from './audit-event';
import type { AccessRequest } from './model';

const KIND: Partial<Record<RequestAuditStep, RequestNoticeKind>> = {
  create: 'request.created',
  change: 'request.created',
  approve: 'request.approved',
  'approve-narrowed': 'request.narrowed',
  deny: 'request.denied',
  expire: 'request.expired',
};

/** The notice of `step`, which left the request as `after` (`before`: as it was), or undefined. */
export function requestStepNotice(
  step: RequestAuditStep,
  after: AccessRequest,
  consoleUrl: string,
  before?: AccessRequest,
): EventNotice | undefined {
  const kind = KIND[step];
  // A change puts the request (back) in the review queue: the team is told as of a new request.
  if (!kind || (step === 'change' && after.state !== 'pending')) return undefined;
  return requestNotice({
    kind,
    requestId: after.id,
    version: after.version,
    description: after.form.description,
    requester: after.requester,
    ...(after.reviewer && (kind === 'request.approved' || kind === 'request.narrowed' || kind === 'request.denied')
      ? { reviewer: after.reviewer }
      : {}),
    ...((kind === 'request.denied' || kind === 'request.narrowed') && after.reviewNote ? { note: after.reviewNote } : {}),
    ...(kind === 'request.expired' && before ? { expiredFrom: before.state } : {}),
    consoleUrl,
  });
}
