import 'server-only';
// The only reader of process.env for the console. Everything else asks getConfig().
import { parseEnv, type ConsoleEnv } from './env-schema';

let cached: ConsoleEnv | undefined;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Influx Token Console cannot start; fix the configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function getConfig(): ConsoleEnv {
  if (cached) return cached;
  const parsed = parseEnv(process.env);
  if (!parsed.ok) throw new ConfigError(parsed.problems);
  cached = parsed.env;
  return cached;
}
