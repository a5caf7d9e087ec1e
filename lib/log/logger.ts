import 'server-only';
// JSON lines to stdout (and CONSOLE_LOG_FILE when set), with every value passed through redact()
// and the console's own credential removed by value. Nothing logs raw upstream bodies.
import { appendFileSync } from 'node:fs';
import { redact } from './redact';

type Level = 'debug' | 'info' | 'warn' | 'error';

// Credentials named by the connections file live in variables only that file names.
const registered = new Set<string>();
export function registerSecret(value: string) {
  if (value.length >= 8) registered.add(value);
}

function knownSecrets(): string[] {
  return [process.env.INFLUX_TOKEN ?? '', process.env.AUTH_SECRET ?? '', process.env.OIDC_CLIENT_SECRET ?? '', ...registered].filter(
    (s) => s.length >= 8,
  );
}

function write(level: Level, msg: string, fields: Record<string, unknown> = {}) {
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    msg,
    ...(redact(fields, knownSecrets()) as Record<string, unknown>),
  });
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
  const file = process.env.CONSOLE_LOG_FILE;
  if (file) {
    try {
      appendFileSync(file, line + '\n', { mode: 0o600 });
    } catch {
      // A full disk must not break a request; stdout still has the line.
    }
  }
}

export const logger = {
  debug: (msg: string, fields?: Record<string, unknown>) => {
    if (process.env.CONSOLE_DEBUG) write('debug', msg, fields);
  },
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};
