// Set, change or remove the console-enforced expiry of existing tokens (tokens made outside the
// console, or an expiry to move), one or many at once. After the action wrapper checked origin,
// session, role and input, each token is loaded from InfluxDB (only the scope's org; never an id
// trusted from the browser), the policy is asked about THAT token (op token.expiry: never the
// console's own credential), and the lifetime policy about its grants ("never" counts as a choice
// like any other: removing an expiry from a sensitive token is refused where minting it without one
// would be). Every change and refusal is audited. Free of Next.js: dependencies come in.
import type { ActionContext } from '@/lib/actions/define-action';
import { fail, ok, type ActionResult } from '@/lib/actions/result';
import type { AuthorizationSummary } from '@/lib/influx/dto';
import { InfluxError } from '@/lib/influx/errors';
import type { Gateway } from '@/lib/influx/gateway';
import { describeInfluxError } from '@/lib/influx/messages';
import type { GrantPolicy } from '@/lib/policy/grant-policy';
import { decide } from '@/lib/policy/operations';
import { factsOfToken, type FactsContext } from '@/lib/policy/token-facts';
import type { AuditEvent } from '@/lib/storage/audit';
import type { Sql } from '@/lib/storage/sql';
import { parseLifetimeChoice } from './choice-text';
import { setStoredExpiry } from './expiry-store';
import { grantClassesOfFacts } from './grant-classes';
import { checkMintLifetime, type MintLifetimes } from './mint-lifetime';

export interface ExpiryChangeDeps {
  /** The connection as stored in the console's tables. */
  connectionID: string;
  gateway: Pick<Gateway, 'getAuthorization'>;
  org(): Promise<{ id: string; name: string }>;
  facts(): Promise<FactsContext>;
  policy: GrantPolicy;
  lifetimes: MintLifetimes;
  audit(event: Omit<AuditEvent, 'requestId' | 'actor'> & Pick<AuditEvent, 'requestId' | 'actor'>): void | Promise<void>;
  sql?: Sql;
  now?: () => Date;
}

export interface ExpiryItemResult {
  id: string;
  description: string;
  ok: boolean;
  /** The new expiry (ISO), or null when removed. */
  expiresAt?: string | null;
  /** Why this token was left as it was, in words a person can act on. */
  problem?: string;
}

const GONE = 'This token no longer exists in InfluxDB (it may have been deleted meanwhile). Reload the list.';

type Outcome =
  { ok: true; expiresAt: string | null; description: string } | { ok: false; problem: string; field: boolean; description: string };

async function changeOne(id: string, expiry: string, ctx: ActionContext, deps: ExpiryChangeDeps, now: Date): Promise<Outcome> {
  const org = await deps.org();
  const token: AuthorizationSummary | undefined = await deps.gateway.getAuthorization(id);
  if (!token || token.orgID !== org.id) return { ok: false, problem: GONE, field: false, description: '' };
  const audit = (outcome: AuditEvent['outcome'], detail: Record<string, unknown>) =>
    deps.audit({
      requestId: ctx.requestId,
      actor: ctx.user,
      action: 'token.expiry',
      outcome,
      orgID: org.id,
      authorizationID: token.id,
      detail: { connection: deps.connectionID, ...detail },
    });
  const facts = factsOfToken(token, await deps.facts());
  const decision = decide(ctx.user.role, 'token.expiry', deps.policy, facts);
  if (!decision.allowed) {
    await audit('refused', { reason: `policy-${decision.reason}` });
    return { ok: false, problem: decision.message, field: false, description: token.description };
  }
  const lifetime = checkMintLifetime(expiry, ctx.user.role, grantClassesOfFacts(facts), now, deps.lifetimes);
  if (!lifetime.ok) {
    await audit('refused', { reason: 'lifetime', requested: expiry.trim().slice(0, 40) });
    return { ok: false, problem: lifetime.fieldError, field: true, description: token.description };
  }
  const { previous } = await setStoredExpiry(
    {
      connectionID: deps.connectionID,
      orgID: org.id,
      authorizationID: token.id,
      description: token.description,
      expiresAt: lifetime.expiresAt,
      actor: ctx.user,
      requestID: ctx.requestId,
    },
    deps.sql,
  );
  const expiresAt = lifetime.expiresAt?.toISOString() ?? null;
  await audit('success', {
    description: token.description,
    expiresAt,
    previousExpiresAt: previous === null ? null : new Date(previous).toISOString(),
    change: expiresAt === null ? 'removed' : previous === null ? 'set' : 'changed',
  });
  return { ok: true, expiresAt, description: token.description };
}

/**
 * One token: its new expiry, or the refusal (a lifetime refusal is the field's error). `expiry` is
 * the builder's choice grammar: "30d", "2026-12-31", an instant with its offset, or "never" to remove.
 */
export async function changeTokenExpiry(
  input: { id: string; expiry: string },
  ctx: ActionContext,
  deps: ExpiryChangeDeps,
): Promise<ActionResult<{ id: string; expiresAt: string | null }>> {
  const parsed = parseLifetimeChoice(input.expiry);
  if (!parsed.ok) return fail('invalid-input', parsed.error, { fieldErrors: { expiry: [parsed.error] } });
  const outcome = await changeOne(input.id, input.expiry, ctx, deps, (deps.now ?? (() => new Date()))());
  if (outcome.ok) return ok({ id: input.id, expiresAt: outcome.expiresAt });
  if (outcome.problem === GONE) return fail('not-found', GONE);
  return outcome.field
    ? fail('invalid-input', outcome.problem, { fieldErrors: { expiry: [outcome.problem] } })
    : fail('forbidden', outcome.problem);
}

/** Many tokens: each judged on its own (grants differ), each outcome reported; never throws per token. */
export async function bulkChangeExpiry(
  input: { ids: readonly string[]; expiry: string },
  ctx: ActionContext,
  deps: ExpiryChangeDeps,
): Promise<ActionResult<{ results: ExpiryItemResult[] }>> {
  const parsed = parseLifetimeChoice(input.expiry);
  if (!parsed.ok) return fail('invalid-input', parsed.error, { fieldErrors: { expiry: [parsed.error] } });
  const now = (deps.now ?? (() => new Date()))();
  const results: ExpiryItemResult[] = [];
  // One at a time: each is one InfluxDB read and one small transaction; 100 tokens stay well inside a request.
  for (const id of input.ids) {
    try {
      const outcome = await changeOne(id, input.expiry, ctx, deps, now);
      results.push(
        outcome.ok
          ? { id, description: outcome.description, ok: true, expiresAt: outcome.expiresAt }
          : { id, description: outcome.description, ok: false, problem: outcome.problem },
      );
    } catch (error) {
      if (!(error instanceof InfluxError)) throw error;
      results.push({ id, description: '', ok: false, problem: describeInfluxError(error, { doing: 'change the expiry' }) });
    }
  }
  return ok({ results });
}
