// How roles are read from configuration (users file, OIDC role map). Apart from roles.ts so that
// client code asking "may this role do that" does not pull zod into the browser.
import { z } from 'zod';
import { ROLES } from './roles';

export const roleSchema = z.enum(ROLES);

/**
 * Maps an SSO identity to a role. Entries are exact emails ("ana@acme.com"), domain wildcards
 * ("*@acme.com") or groups ("group:influx-admins"). The highest matching role wins; no match
 * means `default` (null: the person may not sign in at all).
 */
export const oidcRoleMapSchema = z.object({
  admins: z.array(z.string()).default([]),
  creators: z.array(z.string()).default([]),
  viewers: z.array(z.string()).default([]),
  default: roleSchema.nullable().default(null),
});
export type OidcRoleMap = z.infer<typeof oidcRoleMapSchema>;
