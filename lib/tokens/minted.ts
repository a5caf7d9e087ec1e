// What the mint action returns to the browser: the one value that carries a token. It goes from
// the action's response straight into the copy-once dialog's state and nowhere else.
export interface MintedToken {
  id: string;
  description: string;
  status: 'active' | 'inactive';
  orgID: string;
  orgName: string;
  ownerName: string;
  permissionCount: number;
  /** The secret. Shown once. */
  token: string;
  /** Set when the audit row could not be written (the token exists; an admin should know). */
  auditWarning?: string;
}

/** What the builder keeps after the dialog closes: everything except the secret. */
export type MintedSummary = Omit<MintedToken, 'token'>;
