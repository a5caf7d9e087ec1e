// The lifetime policy's three grant classes, from the same judgement the review and the operation
// policy use (lib/permissions/sensitivity.ts), so a token cannot be "sensitive" on one page and
// "ordinary" for its lifetime.
import type { GrantShape } from '@/lib/permissions/model';
import { sensitiveFlags } from '@/lib/permissions/sensitivity';

export const GRANT_CLASSES = ['ordinary', 'sensitive', 'code-running'] as const;
export type GrantClass = (typeof GRANT_CLASSES)[number];

/** Every class present in the grants; a token always has 'ordinary' (an empty set too). */
export function grantClassesOf(grants: readonly GrantShape[], resourceTypes: readonly string[] = []): GrantClass[] {
  const classes = new Set<GrantClass>(['ordinary']);
  for (const flag of sensitiveFlags(grants, resourceTypes)) classes.add(flag.class);
  return GRANT_CLASSES.filter((c) => classes.has(c));
}

/** From the operation policy's facts about a loaded token (GrantFacts). */
export function grantClassesOfFacts(facts: { sensitive: readonly string[]; codeRunning: readonly string[] }): GrantClass[] {
  return GRANT_CLASSES.filter((c) => c === 'ordinary' || (c === 'sensitive' ? facts.sensitive.length > 0 : facts.codeRunning.length > 0));
}
