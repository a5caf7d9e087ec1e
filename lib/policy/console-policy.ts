import 'server-only';
// The policy this console runs with, from its configuration.
import { getConfig } from '@/lib/config/server-config';
import type { GrantPolicy } from './grant-policy';

export function consolePolicy(): GrantPolicy {
  return { mintRole: 'creator', sensitiveRole: getConfig().CONSOLE_SENSITIVE_GRANTS_ROLE };
}
