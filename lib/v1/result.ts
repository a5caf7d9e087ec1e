// What the v1 actions return to the browser. The password is in exactly one place, `password`
// of a V1Secret, and goes from the action's response straight into the copy-once dialog.
export interface V1Summary {
  id: string;
  username: string;
  description: string;
  orgID: string;
  orgName: string;
  ownerName: string;
  /** Set when the audit row could not be written (the change was made; an admin should know). */
  auditWarning?: string;
}

export interface V1Secret extends V1Summary {
  /** The secret. Shown once. */
  password: string;
}

/**
 * A create that got half-way: the credential exists in InfluxDB, its password was not (or may not
 * have been) set, so nobody can sign in with it yet. The page offers to set a password now or to
 * delete it.
 */
export interface V1HalfDone {
  id: string;
  username: string;
}
