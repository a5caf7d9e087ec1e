import { describe, expect, it } from 'vitest';
import { BUILT_IN_POLICY } from '@/lib/lifetimes/policy-rules';
import type { TemplateContent } from './model';
import { createTemplateSchema, toFormValues, toTemplateContent } from './template-form';
import { templateLifetimeProblem, templateLifetimeWords } from './template-lifetime';

const now = new Date('2026-06-01T12:00:00.000Z');
const base = {
  slug: 'telegraf-writer',
  title: 'Telegraf writer',
  purpose: '',
  notes: '',
  description: '',
  permissions: 'write:buckets/telemetry',
  audience: 'creators' as const,
};

function content(lifetime: string, audience: 'creators' | 'admins' = 'creators', permissions = base.permissions): TemplateContent {
  return toTemplateContent(createTemplateSchema.parse({ ...base, audience, permissions, lifetime }));
}

describe('a template’s default lifetime', () => {
  it('is kept in the prefill and read back into the editor', () => {
    const c = content('30d');
    expect(c.prefill.lifetime).toBe('30d');
    expect(toFormValues(c).lifetime).toBe('30d');
    expect(content('').prefill).not.toHaveProperty('lifetime');
    expect(toFormValues(content('')).lifetime).toBe('');
  });

  it('refuses what is not a lifetime in the form schema, with the builder’s words', () => {
    const r = createTemplateSchema.safeParse({ ...base, lifetime: 'soon' });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues.find((i) => i.path[0] === 'lifetime')?.message).toMatch(/7d, 30d, 90d/);
  });

  it('is decided for the lowest role the template is for', () => {
    // Built-in policy: "never" is for admins only.
    expect(templateLifetimeProblem(content('never', 'creators'), BUILT_IN_POLICY, now)).toMatch(/must expire/);
    expect(templateLifetimeProblem(content('never', 'admins'), BUILT_IN_POLICY, now)).toBeUndefined();
    expect(templateLifetimeProblem(content('30d'), BUILT_IN_POLICY, now)).toBeUndefined();
    expect(templateLifetimeProblem(content(''), BUILT_IN_POLICY, now)).toBeUndefined();
    expect(templateLifetimeProblem(content('2020-01-01'), BUILT_IN_POLICY, now)).toMatch(/in the past/);
  });

  it('is shown in words', () => {
    expect(templateLifetimeWords(undefined)).toBe('the policy default');
    expect(templateLifetimeWords('30d')).toBe('30 days');
    expect(templateLifetimeWords('never')).toBe('no expiry');
    expect(templateLifetimeWords('2026-12-31')).toBe('until 2026-12-31');
  });
});
