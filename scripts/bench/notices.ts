// Benchmark (not a test): the expiry notice pass (lib/notices/notice-tick.ts) with many tokens.
// - 10,000 tokens with expiries and nothing due: how long one scheduler pass takes;
// - 1,000 tokens whose notice is due at once: until every e-mail (to a real smtp-server) and
//   webhook POST (to a local HTTP receiver) is delivered, and the pass after that.
// Loopback only; a throwaway SQLite file in a temp dir.
//
//   node --conditions react-server --import tsx scripts/bench/notices.ts [--tokens 10000] [--due 1000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emailChannel, webhookChannel } from '../../lib/notices/channels';
import { tokenPageUrl } from '../../lib/notices/message';
import { noticeTick } from '../../lib/notices/notice-tick';
import type { TokenExpiry } from '../../lib/notices/outbox';
import { openSqliteStorage } from '../../lib/storage/open-sqlite';
import { startSmtpInbox } from '../../lib/notices/support/smtp-inbox';
import { startWebhookReceiver } from '../../lib/notices/support/webhook-receiver';
import { numberArg } from './support/args';
import { runBench } from './support/bench-stack';

const TOKENS = numberArg('tokens', 10_000);
const DUE = numberArg('due', 1_000);
const DAY = 86_400_000;
const LEADS = [14 * DAY, 3 * DAY];

function tokens(n: number, start: number, now: number, life: (i: number) => number): TokenExpiry[] {
  return Array.from({ length: n }, (_, i) => {
    const id = (start + i).toString(16).padStart(16, '0');
    return {
      tokenId: id,
      description: `service ${start + i}`,
      orgName: 'acme',
      tokenUrl: tokenPageUrl('https://tokens.acme.com', id),
      creator: { email: `owner${i % 50}@acme.com` },
      setAt: new Date(now - 30 * DAY),
      expiresAt: new Date(now + life(i)),
    };
  });
}

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-notices-'));
  const smtp = await startSmtpInbox();
  const hook = await startWebhookReceiver();
  // The console's whole schema (every migration), as the scheduler's pass finds it.
  const sql = await openSqliteStorage(join(dir, 'console.sqlite'));
  const channels = [
    emailChannel({ smtp: smtp.url, from: 'tokens@acme.com', team: ['influx-ops@acme.com'], toCreator: true }, undefined),
    webhookChannel({ url: hook.url }, undefined),
  ];
  const rows: [string, string][] = [];
  try {
    const now = Date.now();
    // Expiries from 30 to 365 days out: nothing due for weeks.
    const quiet = tokens(TOKENS, 0x1000000, now, (i) => 30 * DAY + ((i * 7919) % (335 * DAY)));
    const idle: number[] = [];
    for (let r = 0; r < 20; r++) {
      const t0 = performance.now();
      await noticeTick({ sql, tokens: quiet, leads: LEADS, channels, owner: 'bench', now: () => new Date(now) });
      idle.push(performance.now() - t0);
    }
    rows.push([`pass, ${TOKENS} tokens, nothing due (median of 20)`, `${median(idle).toFixed(1)} ms`]);

    const due = tokens(DUE, 0x2000000, now, () => 2 * DAY);
    const all = [...quiet, ...due];
    const t0 = performance.now();
    const first = await noticeTick({ sql, tokens: all, leads: LEADS, channels, owner: 'bench', now: () => new Date(now) });
    if (first.sent === 0) throw new Error(`nothing was sent: ${JSON.stringify(first)}`);
    await smtp.waitFor(DUE);
    const deliver = performance.now() - t0;
    rows.push([`pass, ${DUE} of ${all.length} due: recorded, sent, failed`, `${first.recorded}, ${first.sent}, ${first.failed.length}`]);
    rows.push([
      `  until ${smtp.mails.length} e-mails and ${hook.requests.length} webhook posts delivered`,
      `${(deliver / 1000).toFixed(2)} s`,
    ]);
    const after: number[] = [];
    for (let r = 0; r < 20; r++) {
      const t1 = performance.now();
      await noticeTick({ sql, tokens: all, leads: LEADS, channels, owner: 'bench', now: () => new Date(now) });
      after.push(performance.now() - t1);
    }
    rows.push([`next pass, all ${DUE} already recorded (median of 20)`, `${median(after).toFixed(1)} ms`]);
  } finally {
    await sql.close();
    await smtp.stop();
    await hook.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

runBench(main);
