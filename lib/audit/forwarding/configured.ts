// The sinks the configuration asks for. Free of Next.js: the env record is passed in.
import type { ConsoleEnv } from '@/lib/config/env-schema';
import { syslogSink, webhookSink, type HostInfo, type Sink } from './sinks';
import { parseSyslogTarget } from './syslog-target';

export type ForwardingEnv = Pick<ConsoleEnv, 'CONSOLE_AUDIT_SYSLOG' | 'CONSOLE_AUDIT_WEBHOOK_URL' | 'CONSOLE_AUDIT_WEBHOOK_SECRET'>;

export function configuredSinks(env: ForwardingEnv, host: HostInfo): Sink[] {
  const sinks: Sink[] = [];
  const syslog = env.CONSOLE_AUDIT_SYSLOG ? parseSyslogTarget(env.CONSOLE_AUDIT_SYSLOG) : undefined;
  if (syslog) sinks.push(syslogSink(syslog, host));
  if (env.CONSOLE_AUDIT_WEBHOOK_URL) sinks.push(webhookSink(env.CONSOLE_AUDIT_WEBHOOK_URL, env.CONSOLE_AUDIT_WEBHOOK_SECRET));
  return sinks;
}
