// The notice outbox's schema: migration 10 (expiry notices) and 15 (event notices) stay in the list
// as they were applied; migration 17 makes the one outbox and carries their rows over. SQLite, or
// PostgreSQL with TEST_POSTGRES_URL (npm run test:storage:postgres).
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '@/lib/storage/migrate';
import { MIGRATIONS } from '@/lib/storage/migrations';
import { emptyTestStorage, freshTestStorage, type TestStorage } from '@/lib/storage/support/open-test-storage';
import { EVENT_NOTICES_MIGRATION } from './event-notices-schema';
import { eventNotices } from './event-notices';
import { noticesOf, sendDueNotices, undeliveredNotices } from './outbox';
import { EXPIRY_NOTICES_MIGRATION, NOTICE_OUTBOX_MIGRATION } from './outbox-schema';

let store: TestStorage | undefined;
afterEach(async () => {
  await store?.dispose();
  store = undefined;
});

const INSERT = `INSERT INTO notice_outbox (id, source, notice_key, kind, channel, state, payload, due_at, created_at, next_attempt_at)
  VALUES (?, ?, ?, 'expired', 'email', ?, '{}', 1, 1, 1)`;

describe('notice outbox migrations', () => {
  it('keeps migrations 10 and 15 as applied, and 17 comes after them', () => {
    expect(MIGRATIONS.find((m) => m.id === 10)).toMatchObject(EXPIRY_NOTICES_MIGRATION);
    expect(MIGRATIONS.find((m) => m.id === 15)).toMatchObject(EVENT_NOTICES_MIGRATION);
    expect(MIGRATIONS.at(-1)).toEqual(NOTICE_OUTBOX_MIGRATION);
  });

  it('refuses a second row for the same notice and channel, an unknown state and an unknown source', async () => {
    store = await freshTestStorage();
    const { sql } = store;
    await sql.run(INSERT, ['n1', 'expiry', 'expiry:0a1b2c3d4e5f6a7b:1:expired', 'pending']);
    await expect(sql.run(INSERT, ['n2', 'expiry', 'expiry:0a1b2c3d4e5f6a7b:1:expired', 'pending'])).rejects.toThrow(/unique/i);
    await expect(sql.run(INSERT, ['n3', 'expiry', 'expiry:0a1b2c3d4e5f6a7b:2:expired', 'maybe'])).rejects.toThrow(/check/i);
    await expect(sql.run(INSERT, ['n4', 'gossip', 'expiry:0a1b2c3d4e5f6a7b:3:expired', 'pending'])).rejects.toThrow(/check/i);
  });

  it('carries the rows of both old tables over, with their state, attempts and claims, and parks the unsent ones in the old tables', async () => {
    store = await emptyTestStorage();
    const { sql } = store;
    await migrate(
      sql,
      MIGRATIONS.filter((m) => m.id < NOTICE_OUTBOX_MIGRATION.id),
    );
    const facts = JSON.stringify({
      kind: 'before-3d',
      tokenId: '0a1b2c3d4e5f6a7b',
      description: 'telegraf',
      orgName: 'acme',
      expiresAt: new Date(1796054949961).toISOString(),
      tokenUrl: 'https://tokens.acme.com/tokens/0a1b2c3d4e5f6a7b',
    });
    await sql.run(
      `INSERT INTO expiry_notices (id, authorization_id, expires_at, kind, channel, state, recipients, facts, due_at, created_at,
         attempts, next_attempt_at, last_error, last_error_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ['e1', '0a1b2c3d4e5f6a7b', 1796054949961, 'before-3d', 'email', 'pending', '["ops@acme.com"]', facts, 10, 20, 2, 30, 'down', 25],
    );
    await sql.run(
      `INSERT INTO expiry_notices (id, authorization_id, expires_at, kind, channel, state, facts, due_at, created_at, next_attempt_at)
       VALUES ('e2', '0a1b2c3d4e5f6a7b', 1796054949961, 'before-14d', '-', 'superseded', '{}', 5, 20, 20)`,
    );
    const message = JSON.stringify({ subject: 'Token request waits', text: 'words', json: { text: 'words' } });
    await sql.run(
      `INSERT INTO event_notices (id, event_key, kind, channel, state, recipients, message, created_at, attempts, next_attempt_at, sent_at)
       VALUES ('v1', 'request:r1:created:1', 'request.created', 'webhook', 'sent', '["https://hooks.acme.com/"]', ?, 40, 1, 40, 41)`,
      [message],
    );

    await migrate(sql);

    expect((await noticesOf('0a1b2c3d4e5f6a7b', sql)).map((n) => [n.id, n.kind, n.channel, n.state, n.attempts, n.expiresAt])).toEqual([
      ['e2', 'before-14d', '-', 'superseded', 0, 1796054949961],
      ['e1', 'before-3d', 'email', 'pending', 2, 1796054949961],
    ]);
    expect((await undeliveredNotices(sql)).map((n) => [n.id, n.lastError, n.nextAttemptAt, n.recipients])).toEqual([
      ['e1', 'down', 30, ['ops@acme.com']],
    ]);
    expect(await eventNotices('request:r1:', sql)).toEqual([
      {
        key: 'request:r1:created:1',
        kind: 'request.created',
        channel: 'webhook',
        state: 'sent',
        recipients: ['https://hooks.acme.com/'],
        attempts: 1,
        lastError: null,
      },
    ]);
    const keys = await sql.all<{ id: string; notice_key: string; source: string; payload: string }>(
      'SELECT id, notice_key, source, payload FROM notice_outbox ORDER BY id',
    );
    expect(keys).toEqual([
      { id: 'e1', notice_key: 'expiry:0a1b2c3d4e5f6a7b:1796054949961:before-3d', source: 'expiry', payload: facts },
      { id: 'e2', notice_key: 'expiry:0a1b2c3d4e5f6a7b:1796054949961:before-14d', source: 'expiry', payload: '{}' },
      { id: 'v1', notice_key: 'request:r1:created:1', source: 'event', payload: message },
    ]);
    // The old tables stay for instances of the previous version while they are replaced; what they
    // held unsent is parked there, so only the new table sends it (the previous version's claim, as
    // it was written, finds nothing due however late it is).
    const previousClaimFinds = (table: string) =>
      sql.all(`SELECT id FROM ${table} WHERE (state = 'pending' AND next_attempt_at <= ?) OR (state = 'sending' AND claimed_until <= ?)`, [
        Date.parse('2999-01-01'),
        Date.parse('2999-01-01'),
      ]);
    expect(await previousClaimFinds('expiry_notices')).toEqual([]);
    expect(await previousClaimFinds('event_notices')).toEqual([]);
    expect(await sql.all(`SELECT id, state FROM expiry_notices ORDER BY id`)).toEqual([
      { id: 'e1', state: 'pending' },
      { id: 'e2', state: 'superseded' },
    ]);

    // The carried-over expiry notice is sent by the one loop, its message built from its facts.
    const sent: { subject: string; to: readonly string[] }[] = [];
    const email = {
      name: 'email',
      send: async (m: { subject: string }, to: readonly string[]) => void sent.push({ subject: m.subject, to }),
    };
    expect(await sendDueNotices([email], { owner: 'test', now: () => new Date(30) }, sql)).toEqual({ sent: 1, failed: [] });
    expect(sent).toEqual([{ subject: expect.stringMatching(/^InfluxDB token "telegraf" expires/), to: ['ops@acme.com'] }]);
  });
});
