'use server';
// The inventory's server actions: a list of defineAction calls. The wrapper checks origin,
// session, the role (through lib/policy), input and rate limit; lib/inventory/token-changes.ts
// loads each token from InfluxDB, asks the policy about that token, acts and audits.
import { defineAction } from '@/lib/actions/define-action';
import { fail, ok } from '@/lib/actions/result';
import {
  bulkInput,
  cloneInput,
  describeInput,
  listTokensInput,
  replaceInput,
  scheduleIdInput,
  setStatusInput,
  tokenIdInput,
} from '@/lib/inventory/action-schemas';
import { inScope } from '@/lib/connections/resolve-scope';
import { consoleInventoryDeps } from '@/lib/inventory/console-deps';
import { listInventoryPage } from '@/lib/inventory/list-page';
import { loadTokenDetailForViewer, type TokenDetailData } from '@/lib/inventory/server';
import * as changes from '@/lib/inventory/token-changes';
import { consolePolicy } from '@/lib/policy/console-policy';
import * as expiry from '@/lib/lifetimes/change-expiry';
import { consoleExpiryDeps, consoleRenewDeps } from '@/lib/lifetimes/console-expiry-deps';
import { replaceWithLifetime } from '@/lib/lifetimes/renew';
import { bulkChangeExpiryInput, changeExpiryInput } from '@/lib/lifetimes/expiry-change-schema';
import type { InventoryPage } from '@/lib/inventory/types';

// ---- reads ---------------------------------------------------------------------------------

export const listTokens = defineAction(
  { name: 'tokens.list', schema: listTokensInput, operation: 'tokens.view', mutates: false, doing: 'list tokens', perMinute: 600 },
  async ({ connection, org, ...input }, ctx) =>
    inScope({ connection, org }, async (scope) =>
      ok<InventoryPage>(await listInventoryPage(scope, input, { user: ctx.user, policy: consolePolicy() })),
    ),
);

export const getToken = defineAction(
  { name: 'tokens.get', schema: tokenIdInput, operation: 'tokens.view', mutates: false, doing: 'load the token', perMinute: 300 },
  async ({ id, connection, org }, ctx) =>
    inScope({ connection, org }, async (scope) => {
      const detail = await loadTokenDetailForViewer(scope, id, { user: ctx.user, policy: consolePolicy() });
      return detail
        ? ok<TokenDetailData>(detail)
        : fail('not-found', 'This token no longer exists in InfluxDB (it may have been deleted meanwhile). Reload the list.');
    }),
);

// ---- changes -------------------------------------------------------------------------------

export const setTokenStatus = defineAction(
  { name: 'tokens.set-status', schema: setStatusInput, operation: 'token.deactivate', doing: 'change the token status' },
  ({ connection, org, ...input }, ctx) =>
    inScope({ connection, org }, (scope) => changes.setTokenStatus(input, ctx, consoleInventoryDeps(scope)), {
      ctx,
      operation: 'token.deactivate',
    }),
);

export const editDescription = defineAction(
  { name: 'tokens.describe', schema: describeInput, operation: 'token.describe', doing: 'change the description' },
  ({ connection, org, ...input }, ctx) =>
    inScope({ connection, org }, (scope) => changes.editDescription(input, ctx, consoleInventoryDeps(scope)), {
      ctx,
      operation: 'token.describe',
    }),
);

export const deleteToken = defineAction(
  { name: 'tokens.delete', schema: tokenIdInput, operation: 'token.delete', doing: 'delete the token' },
  ({ connection, org, ...input }, ctx) =>
    inScope({ connection, org }, (scope) => changes.deleteToken(input, ctx, consoleInventoryDeps(scope)), {
      ctx,
      operation: 'token.delete',
    }),
);

export const bulkDeactivate = defineAction(
  { name: 'tokens.bulk-deactivate', schema: bulkInput, operation: 'tokens.bulk-deactivate', doing: 'deactivate the tokens', perMinute: 20 },
  ({ connection, org, ...input }, ctx) =>
    inScope({ connection, org }, (scope) => changes.bulkDeactivate(input, ctx, consoleInventoryDeps(scope)), {
      ctx,
      operation: 'tokens.bulk-deactivate',
    }),
);

export const bulkDelete = defineAction(
  { name: 'tokens.bulk-delete', schema: bulkInput, operation: 'tokens.bulk-delete', doing: 'delete the tokens', perMinute: 20 },
  ({ connection, org, ...input }, ctx) =>
    inScope({ connection, org }, (scope) => changes.bulkDelete(input, ctx, consoleInventoryDeps(scope)), {
      ctx,
      operation: 'tokens.bulk-delete',
    }),
);

export const cloneToken = defineAction(
  { name: 'tokens.clone', schema: cloneInput, operation: 'token.clone', doing: 'clone the token', perMinute: 20 },
  ({ connection, org, ...input }, ctx) =>
    inScope({ connection, org }, (scope) => changes.cloneToken(input, ctx, consoleInventoryDeps(scope)), { ctx, operation: 'token.clone' }),
);

export const replaceToken = defineAction(
  { name: 'tokens.replace', schema: replaceInput, operation: 'token.replace', doing: 'replace the token', perMinute: 20 },
  ({ connection, org, ...input }, ctx) =>
    // Issue 13: a replacement gets a new lifetime (the chosen one, else the policy's default).
    inScope({ connection, org }, (scope) => replaceWithLifetime(input, ctx, consoleInventoryDeps(scope), consoleRenewDeps()), {
      ctx,
      operation: 'token.replace',
    }),
);

export const cancelScheduledDeactivation = defineAction(
  { name: 'tokens.cancel-schedule', schema: scheduleIdInput, operation: 'schedule.cancel', doing: 'cancel the scheduled deactivation' },
  ({ connection, org, ...input }, ctx) =>
    inScope({ connection, org }, (scope) => changes.cancelScheduledDeactivation(input, ctx, consoleInventoryDeps(scope)), {
      ctx,
      operation: 'schedule.cancel',
    }),
);

// ---- expiries (issue 13) ---------------------------------------------------------------------

export const changeTokenExpiry = defineAction(
  { name: 'tokens.change-expiry', schema: changeExpiryInput, operation: 'token.expiry', doing: 'change the expiry', audit: 'token.expiry' },
  ({ connection, org, ...input }, ctx) =>
    inScope({ connection, org }, (scope) => expiry.changeTokenExpiry(input, ctx, consoleExpiryDeps(scope)), {
      ctx,
      operation: 'token.expiry',
    }),
);

export const bulkChangeExpiry = defineAction(
  {
    name: 'tokens.bulk-change-expiry',
    schema: bulkChangeExpiryInput,
    operation: 'token.expiry',
    doing: 'change the expiries',
    perMinute: 20,
  },
  ({ connection, org, ...input }, ctx) =>
    inScope({ connection, org }, (scope) => expiry.bulkChangeExpiry(input, ctx, consoleExpiryDeps(scope)), {
      ctx,
      operation: 'token.expiry',
    }),
);
