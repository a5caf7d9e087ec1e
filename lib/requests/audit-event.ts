// The audit events of a request's life (requested, approved with what changes, denied, withdrawn,
// changed, minted, expired), shaped for recordAudit; the caller adds the request id and actor.
// Pure. Never a token value (a mint records the token's id), and the deny reason is scrubbed of
// anything that looks like one, like every other text the console logs.
import { redactString } from '@/lib/log/redact';
import type { AuditEvent } from '@/lib/storage/audit';
import type { StepRefusal } from './decide-step';
import { narrowingChanges } from './changes';
import type { AccessRequest } from './model';

export const REQUEST_AUDIT_ACTIONS = {
  create: 'request.create',
  approve: 'request.approve',
  'approve-narrowed': 'request.approve',
  deny: 'request.deny',
  withdraw: 'request.withdraw',
  change: 'request.change',
  mint: 'request.mint',
  expire: 'request.expire',
} as const;
export type RequestAuditStep = keyof typeof REQUEST_AUDIT_ACTIONS;

type RequestAudit = Omit<AuditEvent, 'requestId' | 'actor'>;

function facts(r: AccessRequest) {
  return { request: r.id, connection: r.form.connectionId, requester: r.requester.id };
}

/** The event for a step that happened: `before` is the request as it was (absent for create). */
export function requestAuditEvent(step: RequestAuditStep, after: AccessRequest, before?: AccessRequest): RequestAudit {
  const detail: Record<string, unknown> = { ...facts(after), state: after.state };
  if (before) detail.from = before.state;
  if (step === 'approve-narrowed' && before) detail.changes = narrowingChanges(before.form, after.form);
  if (step === 'approve' || step === 'approve-narrowed') detail.fingerprint = after.approvedFingerprint;
  if (step === 'deny' && after.reviewNote) detail.reason = redactString(after.reviewNote);
  if (step === 'approve-narrowed' && after.reviewNote) detail.note = redactString(after.reviewNote);
  return {
    action: REQUEST_AUDIT_ACTIONS[step],
    outcome: 'success',
    orgID: after.form.orgID,
    ...(after.authorizationId ? { authorizationID: after.authorizationId } : {}),
    detail,
  };
}

/** The event for a step the rules (or a concurrent change) refused; nothing changed. */
export function requestRefusalEvent(
  step: RequestAuditStep,
  request: AccessRequest,
  refusal: { reason: StepRefusal | 'conflict' | 'not-found'; message: string },
): RequestAudit {
  return {
    action: REQUEST_AUDIT_ACTIONS[step],
    outcome: 'refused',
    orgID: request.form.orgID,
    detail: { ...facts(request), state: request.state, reason: refusal.reason, message: refusal.message },
  };
}
