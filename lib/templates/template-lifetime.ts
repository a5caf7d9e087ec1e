// A template's default lifetime (issue 13): the builder's choice grammar, decided against the
// lifetime policy for every role the template is for, so a creator who opens it is not handed a
// lifetime the builder must then refuse. Pure: the editor asks it while typing, the actions again.
import type { Role } from '@/lib/auth/roles';
import { checkLifetimeField } from '@/lib/lifetimes/decide-lifetime';
import { durationWords } from '@/lib/lifetimes/duration';
import { grantClassesOf } from '@/lib/lifetimes/grant-classes';
import { parseLifetimeChoice } from '@/lib/lifetimes/choice-text';
import type { LifetimePolicy } from '@/lib/lifetimes/policy-rules';
import type { TemplateContent } from './model';

/** Why this template's lifetime cannot be used by one of its roles; undefined when it can (or it has none). */
export function templateLifetimeProblem(
  content: Pick<TemplateContent, 'prefill' | 'roles'>,
  policy: LifetimePolicy,
  now: Date,
  resourceTypes: readonly string[] = [],
): string | undefined {
  const lifetime = content.prefill.lifetime;
  if (!lifetime) return undefined;
  const classes = grantClassesOf(content.prefill.grants, resourceTypes);
  // The lowest role first: its limits are the tightest, so its reason is the one to act on.
  const roles: Role[] = content.roles.includes('creator') ? ['creator', 'admin'] : ['admin'];
  for (const role of roles) {
    const checked = checkLifetimeField(lifetime, role, classes, now, policy);
    if (!checked.ok) return checked.fieldError;
  }
  return undefined;
}

/** "30 days", "until 2026-12-31", "no expiry", or the policy default: how a template's lifetime is shown. */
export function templateLifetimeWords(lifetime: string | undefined): string {
  if (!lifetime) return 'the policy default';
  const parsed = parseLifetimeChoice(lifetime);
  if (!parsed.ok) return lifetime;
  const c = parsed.choice;
  switch (c.kind) {
    case 'never':
      return 'no expiry';
    case 'duration':
      return durationWords(c.ms);
    case 'date':
      return `until ${c.date}`;
    case 'instant':
      return `until ${c.at.slice(0, 10)}`;
  }
}
