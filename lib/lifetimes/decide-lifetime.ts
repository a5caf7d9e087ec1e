// The one answer to "may this person give a token with these grants this lifetime", with the
// expiry the console will enforce and, when refused, the reason in words for the field. Pure: the
// builder asks it to offer and explain, the server action asks it again whatever the page sent.
import { hasRole, ROLES, type Role } from '@/lib/auth/roles';
import { formatTime } from '@/lib/format/time';
import { expiryOf, parseLifetimeChoice, type LifetimeChoice } from './choice-text';
import { GRANT_CLASSES, type GrantClass } from './grant-classes';
import { lifetimeLabel, longer, type Lifetime, type LifetimePolicy, type LifetimeRule } from './policy-rules';

export type LifetimeDecision =
  | { allowed: true; expiresAt: Date | null; rule: LifetimeRule; governedBy: GrantClass }
  | { allowed: false; reason: 'role' | 'never' | 'past' | 'beyond-max'; message: string };

const CLASS_WORDS: Record<GrantClass, string> = {
  ordinary: 'Tokens',
  sensitive: 'Tokens with sensitive grants',
  'code-running': 'Tokens with grants that run code as their owner',
};

const shorter = (a: Lifetime, b: Lifetime) => (longer(b, a) ? a : b);

/**
 * The rule for a token carrying all these classes: the shortest maximum among them, and the
 * shortest default, never past that maximum. `governedBy` names the class whose maximum applies
 * (the more specific class on a tie, so the message says why). Undefined when the role has none.
 */
export function ruleFor(
  role: Role,
  classes: readonly GrantClass[],
  policy: LifetimePolicy,
): { rule: LifetimeRule; governedBy: GrantClass } | undefined {
  const table = policy[role];
  if (!table) return undefined;
  const present = GRANT_CLASSES.filter((c) => c === 'ordinary' || classes.includes(c));
  let governedBy: GrantClass = 'ordinary';
  let max: Lifetime = table.ordinary.max;
  let dflt: Lifetime = table.ordinary.default;
  for (const c of present) {
    if (!longer(table[c].max, max)) {
      governedBy = c;
      max = table[c].max;
    }
    dflt = shorter(dflt, table[c].default);
  }
  return { rule: { default: shorter(dflt, max), max }, governedBy };
}

export function decideLifetime(
  role: Role,
  classes: readonly GrantClass[],
  requested: LifetimeChoice | undefined,
  now: Date,
  policy: LifetimePolicy,
): LifetimeDecision {
  const found = ruleFor(role, classes, policy);
  if (!found) {
    return { allowed: false, reason: 'role', message: `No token lifetime is configured for ${role}s: they cannot create tokens.` };
  }
  const { rule, governedBy } = found;
  const choice: LifetimeChoice = requested ?? (rule.default === null ? { kind: 'never' } : { kind: 'duration', ms: rule.default });
  const expiresAt = expiryOf(choice, now);
  if (expiresAt === null) {
    if (rule.max === null) return { allowed: true, expiresAt: null, rule, governedBy };
    const who = ROLES.filter((r) => ruleFor(r, classes, policy)?.rule.max === null);
    const only = who.length > 0 && !who.some((r) => hasRole(role, r)) ? ` Only ${who.join(' and ')}s may.` : '';
    return {
      allowed: false,
      reason: 'never',
      message: `${CLASS_WORDS[governedBy]} must expire, at most ${lifetimeLabel(rule.max)} from now, for ${role}s.${only}`,
    };
  }
  if (expiresAt.getTime() <= now.getTime()) {
    return {
      allowed: false,
      reason: 'past',
      message: `That is in the past: the token would expire ${formatTime(expiresAt.toISOString())}. Choose a later date.`,
    };
  }
  if (rule.max !== null && expiresAt.getTime() - now.getTime() > rule.max) {
    const latest = new Date(now.getTime() + rule.max).toISOString();
    return {
      allowed: false,
      reason: 'beyond-max',
      message: `${CLASS_WORDS[governedBy]} may live at most ${lifetimeLabel(rule.max)} for ${role}s: choose an expiry no later than ${formatTime(latest)}.`,
    };
  }
  return { allowed: true, expiresAt, rule, governedBy };
}

/** The form field, parsed and decided: the expiry, or the field's error. */
export function checkLifetimeField(
  input: string | undefined,
  role: Role,
  classes: readonly GrantClass[],
  now: Date,
  policy: LifetimePolicy,
): { ok: true; expiresAt: Date | null; choice: LifetimeChoice | undefined } | { ok: false; fieldError: string } {
  let choice: LifetimeChoice | undefined;
  if (input !== undefined && input.trim() !== '') {
    const parsed = parseLifetimeChoice(input);
    if (!parsed.ok) return { ok: false, fieldError: parsed.error };
    choice = parsed.choice;
  }
  const decision = decideLifetime(role, classes, choice, now, policy);
  return decision.allowed ? { ok: true, expiresAt: decision.expiresAt, choice } : { ok: false, fieldError: decision.message };
}
