import 'server-only';
// The policy this console runs with, from its configuration.
import { getConfig } from '@/lib/config/server-config';
import type { GrantPolicy } from './grant-policy';

export function consolePolicy(): GrantPolicy {
  const config = getConfig();
  return { mintRole: 'creator', sensitiveRole: config.CONSOLE_SENSITIVE_GRANTS_ROLE, otherOwnerRole: config.CONSOLE_OTHER_OWNER_ROLE };
}
