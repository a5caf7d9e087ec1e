// The inventory's server actions as one object, which the list and token pages hand to their
// client views (see components/inventory/inventory-actions.ts for why as props).
import type { InventoryActions } from '@/components/inventory/inventory-actions';
import {
  bulkChangeExpiry,
  bulkDeactivate,
  bulkDelete,
  cancelScheduledDeactivation,
  changeTokenExpiry,
  cloneToken,
  deleteToken,
  editDescription,
  getToken,
  listTokens,
  replaceToken,
  setTokenStatus,
} from './actions';

export const inventoryActions: InventoryActions = {
  listTokens,
  getToken,
  setTokenStatus,
  editDescription,
  deleteToken,
  bulkDeactivate,
  bulkDelete,
  cloneToken,
  replaceToken,
  cancelScheduledDeactivation,
  changeTokenExpiry,
  bulkChangeExpiry,
};
