// A real SMTP server for tests (smtp-server, in process, on a free port of 127.0.0.1), parsing each
// message it accepts with mailparser. Stoppable and restartable on the same port, to play a mail
// server that is down for a while.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  mail: ParsedMail;
  envelope: { from: string; to: string[] };
}

export interface SmtpInbox {
  port: number;
  url: string;
  mails: ReceivedMail[];
  /** Resolves when at least n mails have arrived (no sleeping: each arrival checks). */
  waitFor(n: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

export async function startSmtpInbox(): Promise<SmtpInbox> {
  const mails: ReceivedMail[] = [];
  const waiters: { n: number; resolve: (m: ReceivedMail[]) => void }[] = [];
  const arrived = () => {
    for (const w of [...waiters]) {
      if (mails.length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(mails);
      }
    }
  };
  let server: SMTPServer | undefined;
  let port = 0;
  const listen = async () => {
    // authOptional and no STARTTLS: the built-in certificate of smtp-server has expired, and the
    // console's transport takes STARTTLS whenever it is offered.
    const s = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // A reverse DNS lookup of 127.0.0.1 per connection costs more than the rest of the exchange.
      disableReverseLookup: true,
      onData(stream, session, cb) {
        simpleParser(stream).then(
          (mail) => {
            const envelope = {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            };
            mails.push({ mail, envelope });
            cb();
            arrived();
          },
          (error: Error) => cb(error),
        );
      },
    });
    await new Promise<void>((ok, fail) => {
      s.server.once('error', fail);
      s.listen(port, '127.0.0.1', () => ok());
    });
    port = (s.server.address() as AddressInfo).port;
    server = s;
  };
  await listen();
  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    mails,
    waitFor: (n) => (mails.length >= n ? Promise.resolve(mails) : new Promise((resolve) => waiters.push({ n, resolve }))),
    stop: async () => {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((ok) => s.close(() => ok()));
    },
    start: listen,
  };
}
