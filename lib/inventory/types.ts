// What the inventory sends to the browser (InventoryRow) and what the server keeps per token to
// filter and sort quickly (InventoryRecord). Neither has a field for a token value.
import type { ExpiryView } from '@/lib/lifetimes/inventory-expiry';
import type { TokenOperation } from '@/lib/policy/operations';

export interface PermissionSummary {
  /** The same set InfluxDB's own "All Access" token holds, in this org. */
  allAccess: boolean;
  /** A few short phrases, e.g. "read/write bucket telemetry", "read all dashboards". */
  chips: string[];
  /** How many further phrases were left out of `chips`. */
  more: number;
}

export interface InventoryRow {
  id: string;
  description: string;
  status: 'active' | 'inactive';
  ownerID?: string;
  ownerName?: string;
  createdAt?: string;
  updatedAt?: string;
  summary: PermissionSummary;
  /** Short labels of grants that deserve care ("write API tokens", "every org"). */
  sensitive: string[];
  /** Short labels of grants that make influxd run queries as the owner ("write tasks"). */
  codeRunning: string[];
  /** The console's own InfluxDB credential: the console refuses to switch it off or delete it. */
  isConsoleCredential?: boolean;
  /** A pending deactivation (from "replace" with a grace period). */
  scheduledDeactivation?: { id: number; dueAt: string };
  /** When the console deactivates it (stored expiries of the connection and org); null: no expiry. */
  expiry?: ExpiryView | null;
  /** Who minted it here (audit trail); null: minted outside the console. */
  mintedBy?: { id: string; name: string } | null;
  /** What the signed-in person may do to this token (lib/policy), so the page offers exactly that. */
  may?: Record<TokenOperation, boolean>;
}

/** Which buckets a token reaches with one action: all of them (in the org), or these ids. */
export interface BucketReach {
  all: boolean;
  ids: string[];
}

export interface InventoryRecord extends InventoryRow {
  /** Lower-cased description, for search. */
  search: string;
  /** Lower-cased owner name, for search (one string for all the owner's tokens). */
  ownerSearch?: string;
  /** Every resource type the token has any permission on. */
  types: string[];
  bucketRead: BucketReach;
  bucketWrite: BucketReach;
  createdMs: number;
  updatedMs: number;
}

export interface InventoryPage {
  rows: InventoryRow[];
  /** Matches of the whole view (all pages). */
  total: number;
  /** Tokens in the org, unfiltered. */
  inventoryTotal: number;
  page: number;
  pageCount: number;
  /** When the list was read from InfluxDB (ISO). */
  asOf: string;
  /** A reload from InfluxDB is running in the background; the rows are the kept list of `asOf`. */
  refreshing?: boolean;
  /** When that reload started (ISO). */
  refreshingSince?: string;
  /** How long the read of the kept list took (ms): about how long a reload takes. */
  readMs?: number;
  /** A reload from InfluxDB was asked for but refused (its own, lower limit): the kept list, and why. */
  reloadRefused?: string;
  /** Choices for the filters (owners, buckets, resource types), as of the same read. */
  facets: InventoryFacets;
}

export interface InventoryFacets {
  owners: { id: string; name: string }[];
  buckets: { id: string; name: string }[];
  types: string[];
  /** Console people who minted tokens here (audit trail), for the "minted by" filter. */
  minters?: { id: string; name: string }[];
  /** Owners and buckets a page left out of its choices (facet-choices.ts), when there are many. */
  ownersLeftOut?: number;
  bucketsLeftOut?: number;
}

/** A scheduled deactivation as the detail page shows it. */
export interface ScheduleView {
  id: number;
  dueAt: string;
  state: 'pending' | 'running' | 'done' | 'failed' | 'cancelled';
  outcome: string | null;
  lastProblem: string | null;
  replacementID: string | null;
  requestedBy: string;
  finishedAt: string | null;
}
