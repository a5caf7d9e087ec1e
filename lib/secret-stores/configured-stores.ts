import 'server-only';
// The stores from CONSOLE_SECRET_STORES_FILE, re-read when the file changes. Never throws: a bad
// file shows as problems on Settings, and delivery to a store simply is not offered.
import { readFileSync, statSync } from 'node:fs';
import { getConfig } from '@/lib/config/server-config';
import { logger } from '@/lib/log/logger';
import { parseSecretStoresFile, type ParsedSecretStoresFile, type SecretStore } from './store-config';

let cache: { path: string; mtimeMs: number; size: number; parsed: ParsedSecretStoresFile } | undefined;

export function configuredStores(path = getConfig().CONSOLE_SECRET_STORES_FILE): ParsedSecretStoresFile {
  if (!path) return { stores: [], problems: [] };
  try {
    const { mtimeMs, size } = statSync(path);
    if (cache && cache.path === path && cache.mtimeMs === mtimeMs && cache.size === size) return cache.parsed;
    const parsed = parseSecretStoresFile(readFileSync(path, 'utf8'));
    if (parsed.problems.length > 0) logger.warn('secret stores file: stores skipped', { problems: parsed.problems });
    cache = { path, mtimeMs, size, parsed };
    return parsed;
  } catch (error) {
    logger.warn('secret stores file unreadable', { error: String((error as NodeJS.ErrnoException)?.code ?? error) });
    return { stores: [], problems: ['the secret stores file (CONSOLE_SECRET_STORES_FILE) could not be read; see the server log'] };
  }
}

export function findStore(id: string, path?: string): SecretStore | undefined {
  return configuredStores(path).stores.find((s) => s.id === id);
}
