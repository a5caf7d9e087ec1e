// A request's state as its requester and reviewers read it. Pure, client-safe.
import type { RequestState } from './model';

export const STATE_LABEL: Record<RequestState, string> = {
  pending: 'Waiting for review',
  approved: 'Approved: ready to create',
  'approved-narrowed': 'Approved with changes: ready to create',
  denied: 'Denied',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
  minted: 'Token created',
};
