// The words a person sees when InfluxDB says no. One table, chosen by error kind and by what the
// console was doing; InfluxDB's own text never reaches the browser (it goes to the log).
import { permissionInMessage, type InfluxError } from './errors';

export interface MessageContext {
  /** What the person asked for, in words: "create the token", "list tokens". */
  doing: string;
  orgName?: string;
  /** Puts an InfluxDB permission string into words ("Write to bucket iot"), when known. */
  explain?: (permission: string) => string | undefined;
}

export function describeInfluxError(error: InfluxError, ctx: MessageContext): string {
  const org = ctx.orgName ? ` in org ${ctx.orgName}` : '';
  const permission = permissionInMessage(error.upstreamMessage);
  const words = permission ? ctx.explain?.(permission) : undefined;
  const named = permission ? `${permission}${words ? ` (${words})` : ''}` : undefined;
  switch (error.kind) {
    case 'unauthorized':
      if (permission) {
        return `Could not ${ctx.doing}: the console's InfluxDB credential lacks ${permission}${org}. An InfluxDB operator must give the console's credential that permission (see Settings).`;
      }
      return `Could not ${ctx.doing}: InfluxDB rejected the console's credential (revoked, inactive or missing a permission). Ask an InfluxDB operator to check the console's token (see Settings).`;
    case 'forbidden':
      return permission
        ? `Could not ${ctx.doing}: the console's credential cannot grant ${named}${org}, because it does not hold that permission itself. Remove that grant, or ask an InfluxDB operator to give the console's credential that permission.`
        : `Could not ${ctx.doing}: the console's credential is not allowed to grant one of the requested permissions${org}.`;
    case 'invalid':
      return `Could not ${ctx.doing}: InfluxDB refused the request as invalid${error.upstreamMessage ? ` (${safeDetail(error.upstreamMessage)})` : ''}. Check the form and try again.`;
    case 'not-found':
      return `Could not ${ctx.doing}: InfluxDB no longer has it (it may have been deleted). Reload the page.`;
    case 'conflict':
      return `Could not ${ctx.doing}: it conflicts with something that already exists in InfluxDB${error.upstreamMessage ? ` (${safeDetail(error.upstreamMessage)})` : ''}.`;
    case 'rate-limited': {
      const who = error.flavour === 'Cloud' ? 'InfluxDB Cloud' : 'InfluxDB';
      const when = error.retryAfterSeconds === undefined ? 'wait a minute and try again' : `try again in ${error.retryAfterSeconds} s`;
      return `Could not ${ctx.doing}: ${who} is limiting requests; ${when}.`;
    }
    case 'unavailable':
      return `Could not ${ctx.doing}: InfluxDB answered with a server error. Try again shortly; if it persists, check the InfluxDB server.`;
    case 'timeout':
      return `InfluxDB did not answer in time while trying to ${ctx.doing}.`;
    case 'unreachable':
      return `Could not reach InfluxDB while trying to ${ctx.doing}. Check that the server is running and reachable from the console.`;
  }
}

/**
 * InfluxDB's 400/422 texts are short and useful ("bucket name is required"), but we still cut
 * anything that could be a secret: long hex/base64 runs are replaced and the text is capped.
 */
export function safeDetail(text: string): string {
  return text
    .replace(/[A-Za-z0-9+/_=-]{40,}/g, '[redacted]')
    .replace(/\s+/g, ' ')
    .slice(0, 200);
}
