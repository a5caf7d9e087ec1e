// Benchmark (not a test), issue 13: token expiries at scale, against a throwaway influxd 2.9.1, a
// real SMTP server (smtp-server) and a local HTTP receiver for the notices.
// - 10,000 tokens carrying expiries, nothing due: how long one scheduler tick takes (the
//   deactivation pass and the notice pass, as lib/scheduler/start.ts runs them);
// - 1,000 of them due at once: how long until all are inactive in InfluxDB (ticks back to back, and
//   what that is at the default tick of 15 s), with their "expired" notices;
// - a person minting meanwhile: mint latency (lib/tokens/mint-token.ts against the same influxd and
//   database, in the same process as the scheduler, as in the console) before and during the drain.
// Loopback only, bounded loops, a throwaway data folder.
//
//   npm run bench:expiry -- [--tokens 10000] [--due 1000] [--mints 30]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConsoleUser } from '../../lib/auth/session';
import { createCatalog } from '../../lib/influx/catalog';
import { createGateway } from '../../lib/influx/gateway';
import { BUILT_IN_POLICY } from '../../lib/lifetimes/policy';
import { emailChannel, webhookChannel } from '../../lib/notices/channels';
import { noticePass } from '../../lib/notices/expiry-notices';
import { startSmtpInbox } from '../../lib/notices/support/smtp-inbox';
import { startWebhookReceiver } from '../../lib/notices/support/webhook-receiver';
import { tokenFormSchema } from '../../lib/permissions/token-form-schema';
import { DEFAULT_POLICY } from '../../lib/policy/grant-policy';
import { drainDue } from '../../lib/scheduler/drain';
import { runDueDeactivations } from '../../lib/scheduler/run-due-deactivations';
import { openSqliteStorage } from '../../lib/storage/open-sqlite';
import { mintDepsFromGateway } from '../../lib/tokens/gateway-mint-deps';
import { mintToken } from '../../lib/tokens/mint-token';
import { startInfluxd, type InfluxInstance } from '../influxd/harness';
import { createToken, listAuthorizations } from '../influxd/operator';
import { numberArg } from './support/args';

const TOKENS = numberArg('tokens', 10_000);
const DUE = numberArg('due', 1_000);
const MINTS = numberArg('mints', 30);
const DAY = 86_400_000;
const LEADS = [14 * DAY, 3 * DAY];
const DEFAULT_TICK_MS = 15_000;
const creator: ConsoleUser = { id: 'local:bench', name: 'bench', email: 'bench@acme.com', role: 'creator', provider: 'local' };

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  return { n: s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1]! };
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'itc-bench-expiry-'));
  let inst: InfluxInstance | undefined;
  const smtp = await startSmtpInbox();
  const hook = await startWebhookReceiver();
  const rows: [string, string][] = [];
  try {
    console.error('[bench] starting influxd …');
    inst = await startInfluxd({ hashedTokens: true });
    const sql = await openSqliteStorage(join(work, 'console.sqlite'));
    const gateway = createGateway({ url: inst.url, token: inst.consoleToken, timeoutMs: 10_000 });
    const catalog = createCatalog(gateway);
    const channels = [
      emailChannel({ smtp: smtp.url, from: 'tokens@acme.com', team: ['influx-ops@acme.com'], toCreator: true }, undefined),
      webhookChannel({ url: hook.url }, undefined),
    ];
    const insert = (at: number, id: string, description: string, setAt: string) =>
      sql.run(
        `INSERT INTO scheduled_deactivations (kind, expires_at, connection_id, org_id, authorization_id, description, due_at, created_at,
           requested_by_id, requested_by_name, requested_by_email, requested_by_role, request_id)
         VALUES ('expiry', ?, 'default', ?, ?, ?, ?, ?, 'local:bench', 'bench', 'bench@acme.com', 'admin', 'bench')`,
        [at, inst!.orgID, id, description, at, setAt],
      );
    const now0 = Date.now();
    // Expiries from 30 to 365 days out: nothing due, no notice due (the 14-day notice is weeks away).
    await sql.transaction(async () => {
      for (let i = 0; i < TOKENS - DUE; i++) {
        const at = now0 + 30 * DAY + ((i * 7919) % (335 * DAY));
        await insert(at, (0x1000000 + i).toString(16).padStart(16, '0'), `quiet ${i}`, new Date(now0).toISOString());
      }
    });

    // One tick as lib/scheduler/start.ts runs it: deactivation passes (drained within half the
    // default tick), then the notice pass.
    const tick = async (at: number) => {
      const t0 = performance.now();
      const deactivated = await drainDue(
        (limit) => runDueDeactivations({ sql, gateway, worker: 'bench', influxTimeoutMs: 10_000, now: () => at, limit }),
        { budgetMs: DEFAULT_TICK_MS / 2 },
      );
      const t1 = performance.now();
      const facts = { consoleUrl: 'https://tokens.acme.com', orgName: async () => 'acme' };
      const notices = await noticePass({
        sql,
        leads: LEADS,
        channels,
        owner: 'bench',
        now: new Date(at),
        facts,
        budgetMs: DEFAULT_TICK_MS / 2,
      });
      return { deactivated, notices, passMs: t1 - t0, noticeMs: performance.now() - t1, totalMs: performance.now() - t0 };
    };

    console.error(`[bench] ${TOKENS - DUE} quiet expiries stored; creating ${DUE} tokens in influxd …`);
    let next = 0;
    const made: string[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = next++; i < DUE; i = next++) {
          const t = await createToken(inst!, {
            description: `due ${i}`,
            permissions: [{ action: 'read', resource: { type: 'dashboards', orgID: inst!.orgID } }],
          });
          made.push(t.id);
        }
      }),
    );
    // Stored just now with an expiry a day out: all 10,000 carry one; neither a deactivation nor a
    // notice is due yet (a lead time before the expiry was set gets no notice).
    const dueAt = Date.now() + DAY;
    await sql.transaction(async () => {
      for (const [i, id] of made.entries()) await insert(dueAt, id, `due ${i}`, new Date().toISOString());
    });

    const idle: number[] = [];
    const idlePass: number[] = [];
    for (let r = 0; r < 20; r++) {
      const t = await tick(Date.now());
      idle.push(t.totalMs);
      idlePass.push(t.passMs);
    }
    const idleStats = stats(idle);
    rows.push([`tick, ${TOKENS} tokens with expiries, nothing due (20 ticks)`, `median ${ms(idleStats.median)}, p95 ${ms(idleStats.p95)}`]);
    rows.push([`  of which the deactivation pass`, `median ${ms(stats(idlePass).median)}`]);

    const mintOnce = async () => {
      const form = tokenFormSchema.parse({
        formKey: crypto.randomUUID(),
        orgID: inst!.orgID,
        description: `bench mint ${crypto.randomUUID().slice(0, 8)}`,
        status: 'active',
        owner: { kind: 'console' },
        grants: [{ type: 'dashboards', action: 'read', scope: { kind: 'all' } }],
        lifetime: '30d',
      });
      const t0 = performance.now();
      const r = await mintToken(
        form,
        { user: creator, requestId: crypto.randomUUID() },
        {
          ...mintDepsFromGateway(gateway, catalog, sql, DEFAULT_POLICY),
          lifetimes: { policy: BUILT_IN_POLICY, minLifetimeMs: 1_000 },
        },
      );
      if (!r.ok) throw new Error(r.formError);
      return performance.now() - t0;
    };
    for (let i = 0; i < 5; i++) await mintOnce();
    const alone: number[] = [];
    for (let i = 0; i < MINTS; i++) alone.push(await mintOnce());

    // Now all 1,000 are due: ticks back to back until none is left, a person minting all along.
    console.error(`[bench] ${DUE} expiries due at once …`);
    const at = dueAt + 1_000;
    let draining = true;
    const during: number[] = [];
    const minting = (async () => {
      while (draining) during.push(await mintOnce());
    })();
    const t0 = performance.now();
    let ticks = 0;
    let deactivated = 0;
    let sent = 0;
    const passMs: number[] = [];
    const tickMs: number[] = [];
    const perTick: number[] = [];
    for (;;) {
      const r = await tick(at);
      ticks++;
      deactivated += r.deactivated.deactivated;
      sent += r.notices.sent;
      passMs.push(r.passMs);
      tickMs.push(r.totalMs);
      perTick.push(r.deactivated.deactivated);
      if (r.deactivated.deactivated + r.deactivated.retrying + r.deactivated.failed === 0 && r.notices.sent === 0) break;
      if (ticks > 1_000) throw new Error('no end in sight');
    }
    const drainMs = performance.now() - t0;
    draining = false;
    await minting;
    const inactive = (await listAuthorizations(inst)).filter((a) => made.includes(a.id) && a.status === 'inactive').length;
    const workTicks = ticks - 1;
    rows.push([`${DUE} due at once: ticks back to back until all inactive`, `${(drainMs / 1000).toFixed(1)} s, ${workTicks} ticks`]);
    rows.push([`  inactive in InfluxDB afterwards / deactivated / notices sent`, `${inactive} / ${deactivated} / ${sent}`]);
    rows.push([
      `  each tick: deactivation passes / notice pass`,
      passMs.map((p, i) => `${(p / 1000).toFixed(1)}+${((tickMs[i]! - p) / 1000).toFixed(1)} s`).join(', '),
    ]);
    // At the default tick: a tick starts every 15 s unless the previous one is still running.
    let clock = 0;
    let allInactiveAt = 0;
    for (let i = 0; i < workTicks; i++) {
      if (perTick[i]! > 0) allInactiveAt = clock + passMs[i]!;
      clock = Math.ceil((clock + tickMs[i]!) / DEFAULT_TICK_MS) * DEFAULT_TICK_MS;
    }
    rows.push([`  at the default tick (${DEFAULT_TICK_MS / 1000} s): until all inactive`, `about ${(allInactiveAt / 1000).toFixed(0)} s`]);
    const a = stats(alone);
    const d = stats(during);
    rows.push([`mint, nothing else running (${a.n})`, `median ${ms(a.median)}, p95 ${ms(a.p95)}, max ${ms(a.max)}`]);
    rows.push([`mint during the drain (${d.n})`, `median ${ms(d.median)}, p95 ${ms(d.p95)}, max ${ms(d.max)}`]);
    await sql.close();
  } finally {
    await inst?.stop();
    await smtp.stop();
    await hook.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
