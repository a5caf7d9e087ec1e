// A console of a spec's own that sends notices: its CONSOLE_LIFETIMES_FILE names a real SMTP server
// (smtp-server) and a local HTTP receiver, both started here, and its scheduler ticks every 500 ms.
// Over the run's influxd and users file. The e-mail goes to the team address influx-ops@acme.com
// and to the person concerned; the webhook hears of everything.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSmtpInbox, type SmtpInbox } from '../../lib/notices/support/smtp-inbox';
import { startWebhookReceiver, type WebhookReceiver } from '../../lib/notices/support/webhook-receiver';
import { consoleEnv, freePort, startConsole, type RunningConsole } from './console-server';
import type { Stack } from './stack';

export const NOTICE_TEAM = 'influx-ops@acme.com';

export interface NoticeConsole {
  baseURL: string;
  /** The console's folder: data (console.sqlite), logs, the lifetimes file. */
  dir: string;
  smtp: SmtpInbox;
  hook: WebhookReceiver;
  stop(): Promise<void>;
}

export async function startNoticeConsole(
  stack: Pick<Stack, 'influx' | 'usersFile'>,
  options: {
    /** Names the temp folder. */
    name: string;
    /** More of the lifetimes file's `notices` (e.g. `before`). */
    notices?: Record<string, unknown>;
    /** More environment for the console. */
    env?: Record<string, string>;
  },
): Promise<NoticeConsole> {
  const smtp = await startSmtpInbox();
  const hook = await startWebhookReceiver();
  const dir = mkdtempSync(join(tmpdir(), `itc-${options.name}-`));
  let running: RunningConsole | undefined;
  const stop = async () => {
    await running?.stop();
    await smtp.stop();
    await hook.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const lifetimesFile = join(dir, 'lifetimes.json');
    writeFileSync(
      lifetimesFile,
      JSON.stringify({
        notices: {
          ...options.notices,
          email: { smtp: smtp.url, from: 'Token Console <tokens@acme.com>', team: [NOTICE_TEAM], toCreator: true },
          webhook: { url: hook.url },
        },
      }),
    );
    const port = await freePort();
    const baseURL = `http://localhost:${port}`;
    const env = consoleEnv({
      influx: stack.influx,
      baseURL,
      dir,
      usersFile: stack.usersFile,
      extra: { CONSOLE_LIFETIMES_FILE: lifetimesFile, CONSOLE_SCHEDULER_TICK_MS: '500', ...options.env },
    });
    running = await startConsole(env, port, dir);
    return { baseURL, dir, smtp, hook, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
