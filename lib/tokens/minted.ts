// What the mint action returns to the browser: the one value that carries a token. It goes from
// the action's response straight into the copy-once dialog's state and nowhere else.
export interface MintedToken {
  id: string;
  description: string;
  status: 'active' | 'inactive';
  orgID: string;
  orgName: string;
  ownerID: string;
  ownerName: string;
  /** console: the console's own user; existing: another user; new: a user created for this token. */
  ownerKind: 'console' | 'existing' | 'new';
  permissionCount: number;
  /** When the console will deactivate it (ISO instant), or null for no expiry. */
  expiresAt: string | null;
  /** The secret. Shown once. */
  token: string;
  /** Set when the audit row could not be written (the token exists; an admin should know). */
  auditWarning?: string;
}

/** What the builder keeps after the dialog closes: everything except the secret. */
export type MintedSummary = Omit<MintedToken, 'token'>;

/**
 * A mint for a new user that got half-way: the user was created in InfluxDB, the token was not
 * (or may not have been). The builder offers "retry the token for this user" (the same form, owner
 * = this user) and "delete this user" (by operation id: the server deletes only the user it
 * recorded for that operation).
 */
export interface HalfDone {
  operationId: string;
  user: { id: string; name: string };
  /** False when the token's outcome is unknown (a retry could make a second token). */
  canRetry: boolean;
}
