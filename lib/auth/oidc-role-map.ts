import 'server-only';
import { getConfig } from '@/lib/config/server-config';
import { oidcRoleMapSchema, type OidcRoleMap } from './role-schemas';

let cached: { raw: string | undefined; map: OidcRoleMap } | undefined;

/** OIDC_ROLE_MAP parsed once per value; an invalid map refuses every SSO sign-in (fails closed). */
export function oidcRoleMap(): OidcRoleMap {
  const raw = getConfig().OIDC_ROLE_MAP;
  if (cached && cached.raw === raw) return cached.map;
  let map: OidcRoleMap = oidcRoleMapSchema.parse({});
  if (raw) {
    const parsed = oidcRoleMapSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) throw new Error('OIDC_ROLE_MAP is not a valid role map (see README: Configuration)');
    map = parsed.data;
  }
  cached = { raw, map };
  return map;
}
