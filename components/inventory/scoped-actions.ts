// The inventory's actions bound to the page's connection and org: every call names both, and the
// server resolves and checks them again (a body may name any connection; the policy decides).
import type { ScopeParams } from '@/lib/connections/scope';
import type { InventoryActions } from './inventory-actions';

export function scopedActions(actions: InventoryActions, scope: ScopeParams): InventoryActions {
  return {
    listTokens: (input) => actions.listTokens({ ...input, ...scope }),
    getToken: (input) => actions.getToken({ ...input, ...scope }),
    setTokenStatus: (input) => actions.setTokenStatus({ ...input, ...scope }),
    editDescription: (input) => actions.editDescription({ ...input, ...scope }),
    deleteToken: (input) => actions.deleteToken({ ...input, ...scope }),
    bulkDeactivate: (input) => actions.bulkDeactivate({ ...input, ...scope }),
    bulkDelete: (input) => actions.bulkDelete({ ...input, ...scope }),
    cloneToken: (input) => actions.cloneToken({ ...input, ...scope }),
    replaceToken: (input) => actions.replaceToken({ ...input, ...scope }),
    cancelScheduledDeactivation: (input) => actions.cancelScheduledDeactivation({ ...input, ...scope }),
    changeTokenExpiry: (input) => actions.changeTokenExpiry({ ...input, ...scope }),
    bulkChangeExpiry: (input) => actions.bulkChangeExpiry({ ...input, ...scope }),
  };
}
