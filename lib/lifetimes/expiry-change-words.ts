// What the page says after an expiry was set, changed or removed. Pure, for client and server.
import { formatTime } from '@/lib/format/time';

export const expiryChangeWords = (expiresAt: string | null) =>
  expiresAt === null ? 'Expiry removed: the token stays valid until someone deactivates it.' : `Expiry set: ${formatTime(expiresAt)}.`;
