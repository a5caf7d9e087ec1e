'use server';
// Settings actions. deleteOrphanedToken removes a token whose owning user was deleted in InfluxDB:
// InfluxDB no longer lists such a token (nor refuses to keep it), so deleting it by id is the only
// clean-up left. Admins only; refused unless InfluxDB reports the token as owner-deleted right now.
import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { fail, ok } from '@/lib/actions/result';
import { inScope } from '@/lib/connections/resolve-scope';
import { scopeFields } from '@/lib/connections/scope-fields';
import { influx } from '@/lib/influx/server';
import { influxIdSchema } from '@/lib/permissions/model-schema';
import { consoleNoticeChannels, consoleUrl } from '@/lib/notices/console-notices';
import { sendTestNotice as sendTest } from '@/lib/notices/configured';
import { recordAudit } from '@/lib/storage/audit';
import { storage } from '@/lib/storage/db';
import { deleteOrphanedToken as deleteOrphaned } from '@/lib/tokens/deleted-owners';

export const deleteOrphanedToken = defineAction(
  {
    name: 'tokens.delete-orphaned',
    schema: z.strictObject({ authorizationID: influxIdSchema, connection: scopeFields.connection }),
    operation: 'deleted-owner-token.delete',
    doing: 'delete the token',
    perMinute: 30,
    audit: 'token.delete',
  },
  ({ connection, ...input }, ctx) =>
    inScope(
      { connection },
      (scope) => {
        const gw = influx(scope.connection.id);
        return deleteOrphaned(input, ctx, {
          sql: storage(),
          getUser: gw.getUser,
          inspectAuthorization: gw.inspectAuthorization,
          deleteAuthorization: gw.deleteAuthorization,
        });
      },
      { ctx, operation: 'deleted-owner-token.delete' },
    ),
);

// Issue 13: "send a test notice" on every configured expiry notice channel, to the team and to the
// admin asking (their address stands where a token's minter would). Each channel's outcome comes
// back in words; no token is named (the test notice is a made-up one) and nothing is stored.
export const sendTestNotice = defineAction(
  {
    name: 'settings.test-notice',
    schema: z.strictObject({}),
    operation: 'token.expiry',
    doing: 'send a test notice',
    perMinute: 6,
    audit: 'notice.test',
  },
  async (_input, ctx) => {
    const channels = consoleNoticeChannels();
    if (channels.length === 0)
      return fail('conflict', 'No notice channel is configured: add notices.email or notices.webhook to CONSOLE_LIFETIMES_FILE.');
    const results = await sendTest(channels, consoleUrl(), { ...(ctx.user.email ? { email: ctx.user.email } : {}) }, new Date());
    await recordAudit({
      requestId: ctx.requestId,
      actor: ctx.user,
      action: 'notice.test',
      outcome: results.every((r) => !r.error) ? 'success' : 'failure',
      detail: { channels: results.map((r) => ({ channel: r.channel, target: r.target, delivered: !r.error })) },
    });
    return ok({ results });
  },
);
