// The owner search's answer, from the users the credential can see. Pure (the route does the
// reads): names match case-insensitively anywhere, exact matches first; the typed text is checked
// as a new user's name with the same schema the action uses.
import type { UserDTO } from '@/lib/influx/dto';
import { newUserNameSchema } from '@/lib/permissions/token-form-schema';

export interface UserOption {
  id: string;
  name: string;
  inactive?: boolean;
  /** The console's own InfluxDB user. */
  console?: boolean;
}

export interface UserSearchResult {
  items: UserOption[];
  total: number;
  /** Whether the typed text names an existing user (then it cannot be created). */
  exists: boolean;
  /** When the typed text could be created as a new user: the name, else why not. */
  create: { name: string } | { problem: string } | null;
  /** The credential may not see every user: say so under the list. */
  partial: boolean;
}

export function searchUsers(a: {
  q: string;
  limit: number;
  visible: readonly UserDTO[];
  exact?: UserDTO;
  consoleUserID: string;
  readUsers: 'yes' | 'no' | 'unknown';
}): UserSearchResult {
  const q = a.q.trim();
  const needle = q.toLowerCase();
  const byId = new Map(a.visible.map((u) => [u.id, u]));
  if (a.exact) byId.set(a.exact.id, a.exact);
  const hits = [...byId.values()]
    .filter((u) => u.name.toLowerCase().includes(needle))
    .sort((x, y) => Number(y.name === q) - Number(x.name === q) || x.name.localeCompare(y.name));
  const exists = hits.some((u) => u.name === q);
  let create: UserSearchResult['create'] = null;
  if (q && !exists) {
    const parsed = newUserNameSchema.safeParse(q);
    create = parsed.success ? { name: parsed.data } : { problem: parsed.error.issues[0]?.message ?? 'Not a valid user name.' };
  }
  return {
    items: hits.slice(0, a.limit).map((u) => ({
      id: u.id,
      name: u.name,
      ...(u.status === 'inactive' ? { inactive: true } : {}),
      ...(u.id === a.consoleUserID ? { console: true } : {}),
    })),
    total: hits.length,
    exists,
    create,
    partial: a.readUsers !== 'yes',
  };
}
