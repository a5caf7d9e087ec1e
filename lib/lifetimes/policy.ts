// The lifetime policy's configuration file, checked with zod and laid over the built-in policy
// (policy-rules.ts, re-exported here). Pure: the file is parsed here, read elsewhere.
//
// The file (CONSOLE_LIFETIMES_FILE) names only what differs from the built-in default; whatever it
// leaves out keeps the built-in value, so Settings can always show the full table.
import { z } from 'zod';
import type { Role } from '@/lib/auth/roles';
import { parseDuration } from './duration';
import { GRANT_CLASSES, type GrantClass } from './grant-classes';
import { BUILT_IN_POLICY, lifetimeLabel, longer, type Lifetime, type LifetimePolicy, type LifetimeRule } from './policy-rules';

export * from './policy-rules';

const lifetimeText = z.string().refine((v) => v === 'never' || parseDuration(v) !== undefined, {
  error: 'must be "never" or a whole number with one unit: 7d, 12h, 30m, 10s (at most 3650d)',
});
const toLifetime = (v: string): Lifetime => (v === 'never' ? null : parseDuration(v)!);

const ruleSchema = z.object({ default: lifetimeText.optional(), max: lifetimeText.optional() }).strict();

const roleSchema = z
  .object({ ordinary: ruleSchema.optional(), sensitive: ruleSchema.optional(), 'code-running': ruleSchema.optional() })
  .strict();

export const lifetimePolicyFileSchema = z
  .object({ viewer: roleSchema.optional(), creator: roleSchema.optional(), admin: roleSchema.optional() })
  .strict();
export type LifetimePolicyFile = z.input<typeof lifetimePolicyFileSchema>;

/**
 * The built-in policy with the file's values over it, or the problems in words (one per rule).
 * A role the built-in policy lacks (viewer) must give both values for each class it names.
 */
export function resolvePolicy(file: unknown): { ok: true; policy: LifetimePolicy } | { ok: false; problems: string[] } {
  const parsed = lifetimePolicyFileSchema.safeParse(file ?? {});
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `lifetimes.${i.path.join('.')}: ${i.message}`) };
  const policy: LifetimePolicy = structuredClone(BUILT_IN_POLICY);
  const problems: string[] = [];
  for (const [role, classes] of Object.entries(parsed.data) as [Role, z.infer<typeof roleSchema> | undefined][]) {
    if (!classes) continue;
    for (const cls of GRANT_CLASSES) {
      const given = classes[cls];
      if (!given) continue;
      const base = policy[role]?.[cls];
      const max = given.max !== undefined ? toLifetime(given.max) : base?.max;
      const dflt = given.default !== undefined ? toLifetime(given.default) : base?.default;
      const where = `lifetimes.${role}.${cls}`;
      if (max === undefined || dflt === undefined) {
        problems.push(`${where}: give both "default" and "max" (there is no built-in value for ${role}s)`);
        continue;
      }
      if (longer(dflt, max)) {
        problems.push(`${where}: the default (${lifetimeLabel(dflt)}) is longer than the maximum (${lifetimeLabel(max)})`);
        continue;
      }
      policy[role] = { ...(policy[role] ?? ({} as Record<GrantClass, LifetimeRule>)), [cls]: { default: dflt, max } };
    }
  }
  const incomplete = (Object.keys(policy) as Role[]).filter((r) => GRANT_CLASSES.some((c) => !policy[r]?.[c]));
  for (const r of incomplete) problems.push(`lifetimes.${r}: name all three classes (ordinary, sensitive, code-running)`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, policy };
}
