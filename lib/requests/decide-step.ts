// The rules of an access request's life, as one decision per step: pure, so the pages ask it what
// to offer and the actions ask it again with the request loaded from the store. States:
//   pending → approved | approved-narrowed | denied | expired | withdrawn
//   approved, approved-narrowed → minted | expired, or back to pending when the requester changes it
// The role check is the console policy's (lib/policy/operations.ts); this adds what depends on the
// request: whose it is, its state, its clock and the form presented.
import { expiryOf } from '@/lib/lifetimes/choice';
import { decide, type GrantFacts, type Operation } from '@/lib/policy/operations';
import { flagLabel } from '@/lib/policy/grant-policy';
import { sensitiveFlags } from '@/lib/permissions/sensitivity';
import type { Role } from '@/lib/auth/roles';
import { formFingerprint } from './fingerprint';
import { APPROVED_STATES, type AccessRequest, type Person, type RequestForm, type RequestState } from './model';
import { narrowingProblem } from './narrowing';
import type { RequestSettings } from './settings';

export type RequestStep =
  | { kind: 'create' }
  | { kind: 'approve' }
  | { kind: 'approve-narrowed'; form: RequestForm; note?: string }
  | { kind: 'deny'; reason: string }
  | { kind: 'withdraw' }
  | { kind: 'change'; form: RequestForm; justification: string }
  | { kind: 'mint'; form: RequestForm }
  | { kind: 'expire' };

/** A signed-in person, or the console's own scheduler (which only expires requests). */
export type Actor = { kind: 'person'; person: Person } | { kind: 'system' };

export type StepRefusal =
  'role' | 'own-request' | 'not-requester' | 'state' | 'expired' | 'form-differs' | 'not-narrower' | 'grants' | 'not-due';

export type StepDecision = { allowed: true } | { allowed: false; reason: StepRefusal; message: string };

const ALLOWED: StepDecision = { allowed: true };
const refuse = (reason: StepRefusal, message: string): StepDecision => ({ allowed: false, reason, message });

const OPERATION: Record<Exclude<RequestStep['kind'], 'expire'>, Operation> = {
  create: 'request.create',
  approve: 'request.review',
  'approve-narrowed': 'request.review',
  deny: 'request.review',
  withdraw: 'request.withdraw',
  change: 'request.withdraw',
  mint: 'request.mint',
};

const STATE_WORDS: Record<RequestState, string> = {
  pending: 'is waiting for review',
  approved: 'is already approved',
  'approved-narrowed': 'is already approved (narrowed)',
  denied: 'was denied',
  expired: 'has expired',
  withdrawn: 'was withdrawn',
  minted: 'was already used to create its token',
};

/** What the policy needs to know of the token a form describes. */
export function formFacts(form: RequestForm, resourceTypes: readonly string[]): GrantFacts {
  const flags = sensitiveFlags(form.grants, resourceTypes);
  return {
    sensitive: flags.filter((f) => f.class === 'sensitive').map(flagLabel),
    codeRunning: flags.filter((f) => f.class === 'code-running').map(flagLabel),
    otherOwner: form.owner.kind !== 'console',
    ownerName: form.owner.kind === 'existing' ? form.owner.name : form.owner.kind === 'new' ? form.owner.name : undefined,
  };
}

/**
 * When the request stops being usable if nobody acts: a pending one a while after its last change,
 * an approved one at the end of its mint window. Undefined for requests that are over.
 */
export function dueToExpireAt(request: AccessRequest, settings: RequestSettings): Date | undefined {
  if (request.state === 'pending') return new Date(request.updatedAt.getTime() + settings.pendingTtlMs);
  if (APPROVED_STATES.includes(request.state) && request.reviewedAt) return new Date(request.reviewedAt.getTime() + settings.mintWindowMs);
  return undefined;
}

const isOverdue = (request: AccessRequest, now: Date, settings: RequestSettings) => {
  const due = dueToExpireAt(request, settings);
  return due !== undefined && now.getTime() >= due.getTime();
};

/**
 * Four eyes: with the setting on, an admin's own sensitive (or code-running) token goes through a
 * request another admin approves instead of being minted directly. For the builder's mint action.
 */
export function directMintNeedsApproval(role: Role, facts: GrantFacts, settings: Pick<RequestSettings, 'fourEyes'>): boolean {
  return settings.fourEyes && role === 'admin' && facts.sensitive.length + facts.codeRunning.length > 0;
}

export function decideRequestStep(
  step: RequestStep,
  actor: Actor,
  request: AccessRequest,
  now: Date,
  settings: RequestSettings,
): StepDecision {
  if (step.kind === 'expire') {
    if (actor.kind !== 'system') return refuse('role', 'Requests expire on their own; nobody expires them by hand.');
    if (!isOverdue(request, now, settings)) return refuse('not-due', 'This request is not due to expire yet.');
    return ALLOWED;
  }
  if (actor.kind !== 'person') return refuse('role', 'Only a signed-in person can do this.');
  const person = actor.person;
  const role = decide(person.role, OPERATION[step.kind], settings.grantPolicy);
  if (!role.allowed) return refuse('role', role.message);
  const own = person.id === request.requester.id;

  if (step.kind === 'create') {
    if (!own || request.state !== 'pending') return refuse('not-requester', 'A request is made by the person who needs the token.');
    return ALLOWED;
  }

  if (request.state === 'expired' || isOverdue(request, now, settings)) {
    return refuse('expired', 'This request has expired. Send a new request for the token.');
  }

  switch (step.kind) {
    case 'approve':
    case 'approve-narrowed':
    case 'deny': {
      if (own) return refuse('own-request', 'Nobody reviews their own request: another admin must approve or deny it.');
      if (request.state !== 'pending')
        return refuse('state', `This request ${STATE_WORDS[request.state]}; only a pending request can be reviewed.`);
      if (step.kind === 'deny') return ALLOWED;
      const form = step.kind === 'approve' ? request.form : step.form;
      if (step.kind === 'approve-narrowed') {
        const problem = narrowingProblem(request.form, step.form, now, new Date(now.getTime() + settings.mintWindowMs));
        if (problem) return refuse('not-narrower', problem);
      }
      // The approver vouches for the token: they must be allowed to mint it themselves.
      const grant = decide(person.role, 'token.mint', settings.grantPolicy, formFacts(form, settings.resourceTypes));
      if (!grant.allowed) return refuse('grants', grant.message);
      return ALLOWED;
    }
    case 'withdraw':
    case 'change': {
      if (!own) return refuse('not-requester', 'Only the person who made the request can withdraw or change it.');
      const changeable: readonly RequestState[] = step.kind === 'withdraw' ? ['pending'] : ['pending', ...APPROVED_STATES];
      if (!changeable.includes(request.state)) {
        return refuse(
          'state',
          `This request ${STATE_WORDS[request.state]}; it can no longer be ${step.kind === 'withdraw' ? 'withdrawn' : 'changed'}.`,
        );
      }
      return ALLOWED;
    }
    case 'mint': {
      if (!own)
        return refuse('not-requester', 'Only the person who made the request can create its token; nobody else ever sees the value.');
      if (!APPROVED_STATES.includes(request.state)) {
        return refuse('state', `This request ${STATE_WORDS[request.state]}; only an approved request can be used, once.`);
      }
      // Defensive: the store never holds such an approval, but a mint is where it would matter.
      if (!request.reviewer || request.reviewer.id === request.requester.id || !request.approvedFingerprint) {
        return refuse('own-request', 'This request has no approval by another person.');
      }
      if (formFingerprint(step.form) !== request.approvedFingerprint) {
        return refuse(
          'form-differs',
          'The form differs from what was approved. Create exactly the approved token, or send the changed form as a new request.',
        );
      }
      const expiry = expiryOf(step.form.lifetime, now);
      if (expiry && expiry.getTime() <= now.getTime()) {
        return refuse('expired', 'The approved lifetime has already ended. Send a new request with a later date.');
      }
      return ALLOWED;
    }
  }
}

/**
 * The request after an allowed step (the store writes this with a compare-and-set on the state and
 * version it started from). Call only after decideRequestStep allowed the step.
 */
export function applyRequestStep(
  request: AccessRequest,
  step: Exclude<RequestStep, { kind: 'create' }>,
  actor: Actor,
  now: Date,
): AccessRequest {
  const next = { ...request, updatedAt: now, version: request.version + 1 };
  const reviewer = actor.kind === 'person' ? actor.person : undefined;
  switch (step.kind) {
    case 'approve':
      return {
        ...next,
        state: 'approved',
        reviewer,
        reviewedAt: now,
        reviewNote: undefined,
        approvedFingerprint: formFingerprint(request.form),
      };
    case 'approve-narrowed':
      return {
        ...next,
        state: 'approved-narrowed',
        form: step.form,
        reviewer,
        reviewedAt: now,
        reviewNote: step.note,
        approvedFingerprint: formFingerprint(step.form),
      };
    case 'deny':
      return { ...next, state: 'denied', reviewer, reviewedAt: now, reviewNote: step.reason, approvedFingerprint: undefined };
    case 'withdraw':
      return { ...next, state: 'withdrawn' };
    case 'change':
      // Back to review: the earlier approval (and its fingerprint) no longer counts.
      return {
        ...next,
        state: 'pending',
        form: step.form,
        justification: step.justification,
        reviewer: undefined,
        reviewedAt: undefined,
        reviewNote: undefined,
        approvedFingerprint: undefined,
      };
    case 'mint':
      return { ...next, state: 'minted', mintedAt: now };
    case 'expire':
      return { ...next, state: 'expired' };
  }
}
