import 'server-only';
// The running console's lifetime configuration: CONSOLE_LIFETIMES_FILE read once (a broken file
// fails the first mint with its problems in words) and CONSOLE_MIN_LIFETIME_SECONDS.
import { getConfig } from '@/lib/config/server-config';
import { loadLifetimesConfig } from './load-config';
import type { LifetimesConfig } from './config-file';
import type { MintLifetimes } from './mint-lifetime';

let loaded: LifetimesConfig | undefined;

export function consoleLifetimesConfig(): LifetimesConfig {
  loaded ??= loadLifetimesConfig(getConfig().CONSOLE_LIFETIMES_FILE);
  return loaded;
}

export function consoleMintLifetimes(): MintLifetimes {
  return { policy: consoleLifetimesConfig().policy, minLifetimeMs: getConfig().CONSOLE_MIN_LIFETIME_SECONDS * 1000 };
}
