'use server';
// Settings actions. deleteOrphanedToken removes a token whose owning user was deleted in InfluxDB:
// InfluxDB no longer lists such a token (nor refuses to keep it), so deleting it by id is the only
// clean-up left. Admins only; refused unless InfluxDB reports the token as owner-deleted right now.
import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { inScope } from '@/lib/connections/resolve-scope';
import { scopeFields } from '@/lib/connections/scope-fields';
import { influx } from '@/lib/influx/server';
import { influxIdSchema } from '@/lib/permissions/model-schema';
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
