// The v1 credential actions as the page hands them to its client view (components never import
// app/). Types only.
import type { ActionResult } from '@/lib/actions/result';
import type { ScopeRequest } from '@/lib/connections/scope';
import type { V1CreateInput } from '@/lib/v1/form-schema';
import type { V1HalfDone, V1Secret, V1Summary } from '@/lib/v1/result';

export interface V1Actions {
  createV1: (input: V1CreateInput) => Promise<ActionResult<V1Secret, V1HalfDone>>;
  setV1Password: (input: { id: string } & ScopeRequest) => Promise<ActionResult<V1Secret>>;
  setV1CredentialStatus: (
    input: {
      id: string;
      status: 'active' | 'inactive';
    } & ScopeRequest,
  ) => Promise<ActionResult<V1Summary & { status: 'active' | 'inactive' }>>;
  deleteV1: (input: { id: string } & ScopeRequest) => Promise<ActionResult<V1Summary>>;
  discardHalfDone: (input: { id: string } & ScopeRequest) => Promise<ActionResult<V1Summary>>;
}
