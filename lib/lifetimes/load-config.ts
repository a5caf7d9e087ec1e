// Reads CONSOLE_LIFETIMES_FILE (the path is passed in, so tests and scripts need no environment).
// Free of Next.js; the server reads it once at start and fails with the file's problems in words.
import { readFileSync } from 'node:fs';
import { parseLifetimesFile, type LifetimesConfig } from './config-file';

export class LifetimesConfigError extends Error {
  override name = 'LifetimesConfigError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`CONSOLE_LIFETIMES_FILE (${file}):\n  - ${problems.join('\n  - ')}`);
  }
}

export function loadLifetimesConfig(file: string | undefined): LifetimesConfig {
  let text: string | undefined;
  if (file) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new LifetimesConfigError(file, [`cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
    }
  }
  const parsed = parseLifetimesFile(text);
  if (!parsed.ok) throw new LifetimesConfigError(file ?? '(not set)', parsed.problems);
  return parsed.config;
}
