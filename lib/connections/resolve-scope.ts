import 'server-only';
// From what a URL or an action body asked for to a connection and an org the console can act on,
// or a problem in words: an unknown connection, an org the credential cannot see, or a server that
// does not answer. Never trusts the request: both are looked up again here.
import { fail, type ActionResult } from '@/lib/actions/result';
import { consoleCatalog } from '@/lib/influx/catalog';
import { InfluxError } from '@/lib/influx/errors';
import { defaultOrgRef, influx } from '@/lib/influx/server';
import type { ActionContext } from '@/lib/actions/define-action';
import { logger } from '@/lib/log/logger';
import { consolePolicy } from '@/lib/policy/console-policy';
import { decide, type Operation } from '@/lib/policy/operations';
import { recordAudit } from '@/lib/storage/audit';
import { connectionFacts, connectionInfo, type Connection, type ConnectionInfo } from './model';
import { DefaultOrgNotVisibleError, defaultConnection, findConnection, storedConnectionID, type OrgRef } from './registry';
import { scopeKey, type ScopeParams, type ScopeRequest } from './scope';

export interface Scope {
  connection: Connection;
  org: OrgRef;
  /** What links carry: the connection id and the org's name. */
  params: ScopeParams;
  /** Key of the kept inventory and bucket index. */
  key: string;
}

export type ScopeProblem =
  | { kind: 'unknown-connection'; message: string; asked: string }
  | { kind: 'unknown-org'; message: string; connection: ConnectionInfo; asked: string }
  | { kind: 'down'; message: string; connection: ConnectionInfo };

export type ScopeResult = { ok: true; scope: Scope } | { ok: false; problem: ScopeProblem };

// A revoked credential leaves the connection as unusable as a server that does not answer.
const UNREACHABLE: ReadonlySet<string> = new Set(['unreachable', 'timeout', 'unavailable', 'unauthorized']);

function isDown(error: unknown): boolean {
  return error instanceof InfluxError && UNREACHABLE.has(error.kind);
}

export function makeScope(connection: Connection, org: OrgRef): Scope {
  return { connection, org, params: { connection: connection.id, org: org.name }, key: scopeKey(connection.id, org.id) };
}

export async function resolveScope(req: ScopeRequest): Promise<ScopeResult> {
  const connection = req.connection ? findConnection(req.connection) : defaultConnection();
  if (!connection) {
    return {
      ok: false,
      problem: {
        kind: 'unknown-connection',
        asked: req.connection ?? '',
        message: `There is no connection "${req.connection}" in this console. It may have been renamed or removed from the connections file.`,
      },
    };
  }
  try {
    if (!req.org) return { ok: true, scope: makeScope(connection, await defaultOrgRef(connection.id)) };
    const orgs = await consoleCatalog(connection.id).visibleOrgs();
    // A credential holding read on one org by id does not see it in the org list: ask for it by
    // name (or id) too, as the default org is resolved.
    const asked = req.org;
    const org =
      orgs.find((o) => o.name === asked) ??
      orgs.find((o) => o.id === asked) ??
      (await influx(connection.id)
        .findOrg(asked)
        .then((o) => (o && (o.name === asked || o.id === asked) ? o : undefined)));
    if (!org) {
      return {
        ok: false,
        problem: {
          kind: 'unknown-org',
          asked: req.org,
          connection: connectionInfo(connection),
          message: `The console's credential on ${connection.label} sees no organisation "${req.org}". It may have been renamed or deleted, or the credential cannot read it.`,
        },
      };
    }
    return { ok: true, scope: makeScope(connection, { id: org.id, name: org.name }) };
  } catch (error) {
    if (error instanceof DefaultOrgNotVisibleError) {
      return {
        ok: false,
        problem: { kind: 'unknown-org', asked: connection.org, connection: connectionInfo(connection), message: error.message },
      };
    }
    if (!isDown(error)) throw error;
    return {
      ok: false,
      problem: {
        kind: 'down',
        connection: connectionInfo(connection),
        message: `${connection.label} (${connection.url}) is down: it does not answer, or refuses the console's credential. Other connections keep working.`,
      },
    };
  }
}

/**
 * For actions: the body's scope, checked again, or the problem as the action's failure. `guard`:
 * the action's operation, which the policy then decides for this connection too (who may act
 * there); a refusal is audited and changes nothing.
 */
export async function inScope<T, P = never>(
  req: ScopeRequest,
  act: (scope: Scope) => Promise<ActionResult<T, P>>,
  guard?: { ctx: ActionContext; operation: Operation },
): Promise<ActionResult<T, P>> {
  const resolved = await resolveScope(req);
  if (!resolved.ok) return fail(resolved.problem.kind === 'down' ? 'upstream' : 'not-found', resolved.problem.message);
  const { scope } = resolved;
  if (guard) {
    const decision = decide(guard.ctx.user.role, guard.operation, consolePolicy(), undefined, connectionFacts(scope.connection));
    if (!decision.allowed) {
      try {
        await recordAudit({
          requestId: guard.ctx.requestId,
          actor: guard.ctx.user,
          action: guard.operation,
          outcome: 'refused',
          orgID: scope.org.id,
          detail: { reason: `policy-${decision.reason}`, connection: storedConnectionID(scope.connection.id) },
        });
      } catch (error) {
        logger.error('audit write failed', { requestId: guard.ctx.requestId, error: String(error) });
      }
      return fail('forbidden', decision.message);
    }
  }
  return act(scope);
}
