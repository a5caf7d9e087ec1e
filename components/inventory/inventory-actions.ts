// The inventory's server actions, as the client views receive them.
//
// How server actions reach client components, everywhere in the console: the page (a server
// component) imports them from its route's actions.ts and passes them down as props. Components
// never import from app/: app/ depends on components/, not the other way round, so a component
// can be rendered (and its tests written) with any implementation of the calls it needs, and the
// type below says exactly which endpoints a view can reach. Pages assign the real actions to this
// type, so the compiler checks that they match.
import type { z } from 'zod';
import type { ActionResult } from '@/lib/actions/result';
import type { listTokensInput } from '@/lib/inventory/action-schemas';
import type { ItemResult } from '@/lib/inventory/operations';
import type { ExpiryItemResult } from '@/lib/lifetimes/change-expiry';
import type { TokenDetailData } from '@/lib/inventory/server';
import type { NewTokenResult, ReplaceTokenResult } from '@/lib/inventory/token-changes';
import type { InventoryPage } from '@/lib/inventory/types';

// Every input may also name the connection and org (scopedActions fills them in).
type Scoped = { connection?: string; org?: string };
type Call<I, T> = (input: I & Scoped) => Promise<ActionResult<T>>;

export interface InventoryActions {
  listTokens: Call<z.input<typeof listTokensInput>, InventoryPage>;
  getToken: Call<{ id: string }, TokenDetailData>;
  setTokenStatus: Call<{ id: string; status: 'active' | 'inactive' }, unknown>;
  editDescription: Call<{ id: string; description: string }, unknown>;
  deleteToken: Call<{ id: string }, unknown>;
  bulkDeactivate: Call<{ ids: string[] }, { results: ItemResult[] }>;
  bulkDelete: Call<{ ids: string[] }, { results: ItemResult[] }>;
  cloneToken: Call<{ id: string; formKey: string }, NewTokenResult>;
  replaceToken: Call<{ id: string; graceSeconds: number; formKey: string; lifetime?: string }, ReplaceTokenResult>;
  cancelScheduledDeactivation: Call<{ scheduleId: number }, unknown>;
  changeTokenExpiry: Call<{ id: string; expiry: string }, { id: string; expiresAt: string | null }>;
  bulkChangeExpiry: Call<{ ids: string[]; expiry: string }, { results: ExpiryItemResult[] }>;
}
