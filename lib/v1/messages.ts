// InfluxDB's refusals of v1 credential calls, in words a person can act on. The cases here are
// the ones influxd 2.9.1 answers for this API (v1-authorizations.integration.test.ts); anything
// else falls through to the console's general table (lib/influx/messages.ts).
import type { InfluxError } from '@/lib/influx/errors';
import { describeInfluxError } from '@/lib/influx/messages';

export interface V1ErrorWords {
  message: string;
  /** The form field the person should change, when there is one. */
  field?: 'username' | 'read' | 'owner';
}

export function describeV1Error(error: InfluxError, ctx: { doing: string; username?: string; orgName?: string }): V1ErrorWords {
  const upstream = error.upstreamMessage;
  if (error.kind === 'conflict' && /already exists/i.test(upstream)) {
    return {
      field: 'username',
      message: `A v1 credential with the username ${ctx.username ?? 'you chose'} already exists in InfluxDB. Choose another username (or delete the old credential first).`,
    };
  }
  if (error.kind === 'not-found' && /bucket not found/i.test(upstream)) {
    return {
      field: 'read',
      message: `Could not ${ctx.doing}: a chosen bucket no longer exists in InfluxDB. Reload the page and choose again.`,
    };
  }
  if (error.kind === 'not-found' && /authorization not found/i.test(upstream)) {
    return { message: `Could not ${ctx.doing}: InfluxDB no longer has this v1 credential (it may have been deleted). Reload the page.` };
  }
  if (error.kind === 'not-found' && /user not found/i.test(upstream)) {
    return { field: 'owner', message: `Could not ${ctx.doing}: the owning InfluxDB user no longer exists. Choose another owner.` };
  }
  if (error.kind === 'invalid' && /passwords must be|password/i.test(upstream)) {
    return {
      message: `Could not ${ctx.doing}: InfluxDB refused the password (${upstream.slice(0, 120)}). Try again; if it repeats, tell an administrator.`,
    };
  }
  if (error.kind === 'unauthorized' && /write:users\//.test(upstream)) {
    return {
      field: 'owner',
      message: `Could not ${ctx.doing}: the console's InfluxDB credential may not act for that owner (it lacks write on that InfluxDB user). An InfluxDB operator must give it write on users (see Settings), or choose the console's own user.`,
    };
  }
  return { message: describeInfluxError(error, { doing: ctx.doing, ...(ctx.orgName ? { orgName: ctx.orgName } : {}) }) };
}
