// The v1 actions bound to the page's connection and org: every call names both, and the server
// resolves and checks them again (a body may name any connection; the policy decides).
import type { ScopeParams } from '@/lib/connections/scope';
import type { V1Actions } from './v1-actions';

export function scopedV1Actions(actions: V1Actions, scope: ScopeParams): V1Actions {
  return {
    createV1: (input) => actions.createV1({ ...input, ...scope }),
    setV1Password: (input) => actions.setV1Password({ ...input, ...scope }),
    setV1CredentialStatus: (input) => actions.setV1CredentialStatus({ ...input, ...scope }),
    deleteV1: (input) => actions.deleteV1({ ...input, ...scope }),
    discardHalfDone: (input) => actions.discardHalfDone({ ...input, ...scope }),
  };
}
