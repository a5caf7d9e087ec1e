import 'server-only';
// The inventory's multi-step changes, free of Next.js so integration tests run them against a
// real influxd: clone (same permissions and owner, new value), replace (clone, then deactivate the
// original now or on a schedule), and bulk changes with a result per token.
import type { AuthorizationSummary, PermissionDTO } from '@/lib/influx/dto';
import { InfluxError } from '@/lib/influx/errors';
import type { Gateway, MintedAuthorization } from '@/lib/influx/gateway';
import { describeInfluxError } from '@/lib/influx/messages';

/** Exactly what InfluxDB needs to grant the same thing again: type, id and orgID; no names. */
export function permissionsForClone(permissions: readonly PermissionDTO[]): PermissionDTO[] {
  return permissions.map((p) => ({
    action: p.action,
    resource: {
      type: p.resource.type,
      ...(p.resource.id ? { id: p.resource.id } : {}),
      ...(p.resource.orgID ? { orgID: p.resource.orgID } : {}),
    },
  }));
}

export const MAX_DESCRIPTION = 300;

export function cloneDescription(original: string, suffix: string): string {
  const base = original.trim() || 'token';
  return `${base.slice(0, MAX_DESCRIPTION - suffix.length - 1)} ${suffix}`;
}

/** Never retried (the access layer does not retry writes): a lost answer means a lost value. */
export function cloneAuthorization(
  gw: Pick<Gateway, 'createAuthorization'>,
  original: AuthorizationSummary,
  description: string,
): Promise<MintedAuthorization> {
  return gw.createAuthorization({
    orgID: original.orgID,
    description,
    status: 'active',
    ...(original.userID ? { userID: original.userID } : {}),
    permissions: permissionsForClone(original.permissions),
  });
}

export type OriginalOutcome =
  | { state: 'deactivated'; updatedAt?: string }
  | { state: 'scheduled'; scheduleId: number; dueAt: string }
  /** The clone exists but the original is still active: say so and offer undo or retry. */
  | { state: 'not-deactivated'; problem: string };

export interface ReplaceResult {
  minted: MintedAuthorization;
  original: OriginalOutcome;
}

export interface ReplaceDeps {
  gateway: Pick<Gateway, 'createAuthorization' | 'updateAuthorization'>;
  /** Records the deferred deactivation (the console's database); returns its id. */
  schedule: (input: { originalID: string; replacementID: string; dueAt: number }) => Promise<number>;
  now?: () => number;
}

/**
 * Clone, then deactivate the original (graceSeconds 0) or schedule it. If the clone fails
 * nothing was done and the error propagates. If the second step fails, the clone is NOT undone
 * silently: its value is already in hand, and the person chooses (undo or retry).
 */
export async function replaceAuthorization(
  deps: ReplaceDeps,
  original: AuthorizationSummary,
  opts: { graceSeconds: number; description: string },
): Promise<ReplaceResult> {
  const minted = await cloneAuthorization(deps.gateway, original, opts.description);
  const now = deps.now ?? Date.now;
  if (opts.graceSeconds > 0) {
    const dueAt = now() + opts.graceSeconds * 1000;
    try {
      const scheduleId = await deps.schedule({ originalID: original.id, replacementID: minted.authorization.id, dueAt });
      return { minted, original: { state: 'scheduled', scheduleId, dueAt: new Date(dueAt).toISOString() } };
    } catch {
      return {
        minted,
        original: { state: 'not-deactivated', problem: 'The console could not record the scheduled deactivation in its database.' },
      };
    }
  }
  try {
    const updated = await deps.gateway.updateAuthorization(original.id, { status: 'inactive' });
    return { minted, original: { state: 'deactivated', ...(updated.updatedAt ? { updatedAt: updated.updatedAt } : {}) } };
  } catch (error) {
    const problem =
      error instanceof InfluxError
        ? describeInfluxError(error, { doing: 'deactivate the original token' })
        : 'An unexpected error stopped the deactivation of the original token.';
    return { minted, original: { state: 'not-deactivated', problem } };
  }
}

export interface ItemResult {
  id: string;
  description: string;
  ok: boolean;
  /** Why it failed, in words a person can act on. */
  problem?: string;
}

/** Runs `fn` for each id, a few at a time, and reports each outcome; never throws. */
export async function forEachToken(
  ids: readonly string[],
  describe: (id: string) => string,
  fn: (id: string) => Promise<void>,
  doing: string,
  concurrency = 4,
): Promise<ItemResult[]> {
  const results = new Array<ItemResult>(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const index = next++;
      const id = ids[index]!;
      try {
        await fn(id);
        results[index] = { id, description: describe(id), ok: true };
      } catch (error) {
        const problem =
          error instanceof InfluxError
            ? describeInfluxError(error, { doing })
            : error instanceof RefusedError
              ? error.message
              : `Something went wrong while trying to ${doing}.`;
        results[index] = { id, description: describe(id), ok: false, problem };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return results;
}

/** A refusal by the console itself (not InfluxDB), with the words to show. */
export class RefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedError';
  }
}
