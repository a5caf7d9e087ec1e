// The exact body of POST /api/v2/authorizations for a form. The builder's preview and the server
// action both call this, so the preview is the request, not an approximation of it.
import type { PermissionDTO } from '@/lib/influx/dto';
import type { TokenForm } from './token-form-schema';
import { toInfluxPermissions } from './to-influx-permissions';

export interface AuthorizationRequestBody {
  orgID: string;
  userID: string;
  description: string;
  status: 'active' | 'inactive';
  permissions: PermissionDTO[];
}

export function authorizationRequestBody(
  form: Pick<TokenForm, 'orgID' | 'description' | 'status' | 'grants'>,
  owner: { userID: string },
): AuthorizationRequestBody {
  return {
    orgID: form.orgID,
    userID: owner.userID,
    description: form.description,
    status: form.status,
    permissions: toInfluxPermissions(form.grants, { orgID: form.orgID, ownerUserID: owner.userID }),
  };
}
