import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisePrefill } from '@/lib/links/prefill';
import { prefillArb } from '@/lib/links/test-arbitraries';
import type { TemplateContent } from './model';
import { createTemplateSchema, parsePermissionLines, toFormValues, toTemplateContent, updateTemplateSchema } from './template-form';

const base = { slug: 'telegraf-writer', title: 'Telegraf writer', purpose: '', notes: '', description: '', audience: 'creators' as const };

describe('template form schema', () => {
  it('parses one permission per line, ignoring blanks, comments and p= prefixes', () => {
    expect(parsePermissionLines('# agents\nwrite:buckets/telemetry\n\n  p=read:buckets/telemetry  \r\nread:dashboards')).toEqual({
      grants: [
        { type: 'buckets', action: 'write', scope: { kind: 'items', names: ['telemetry'] } },
        { type: 'buckets', action: 'read', scope: { kind: 'items', names: ['telemetry'] } },
        { type: 'dashboards', action: 'read', scope: { kind: 'all' } },
      ],
      problems: [],
    });
    expect(parsePermissionLines('read:buckets\nread:dashboards/x\nfly:away').problems).toEqual([
      { line: 2, text: 'read:dashboards/x', reason: expect.stringMatching(/only buckets and Telegraf/) },
      { line: 3, text: 'fly:away', reason: expect.stringMatching(/not an action/) },
    ]);
  });

  it('refuses bad slugs, empty permission lists and malformed lines with field errors', () => {
    const bad = createTemplateSchema.safeParse({ ...base, slug: 'Telegraf Writer', permissions: 'read:instance' });
    expect(bad.success).toBe(false);
    const fields = bad.success ? {} : Object.fromEntries(bad.error.issues.map((i) => [i.path.join('.'), i.message]));
    expect(fields.slug).toMatch(/lowercase/);
    expect(fields.permissions).toMatch(/^line 1 \(read:instance\): the instance type can never be granted/);
    expect(createTemplateSchema.safeParse({ ...base, permissions: '# nothing' }).error?.issues[0]?.message).toBe(
      'add at least one permission',
    );
    expect(updateTemplateSchema.safeParse({ ...base, permissions: 'read:buckets' }).success).toBe(false); // no baseVersion
    expect(updateTemplateSchema.safeParse({ ...base, baseVersion: 2, permissions: 'read:buckets' }).success).toBe(true);
  });

  it('maps the audience to roles and back', () => {
    const admins = toTemplateContent(createTemplateSchema.parse({ ...base, audience: 'admins', permissions: 'read:buckets' }));
    expect(admins.roles).toEqual(['admin']);
    expect(toFormValues(admins).audience).toBe('admins');
    expect(toTemplateContent(createTemplateSchema.parse({ ...base, permissions: 'read:buckets' })).roles).toEqual(['creator', 'admin']);
  });

  it('property: stored content -> editor -> parsed -> stored is the identity (canonical permissions)', () => {
    fc.assert(
      fc.property(prefillArb, (p) => {
        fc.pre(p.grants.length > 0);
        // The editor carries description and permissions; org, owner and status are per token.
        const prefill = normalisePrefill({ grants: p.grants, ...(p.description ? { description: p.description } : {}) });
        const content: TemplateContent = { title: 'T', purpose: 'P', notes: 'N', prefill, roles: ['creator', 'admin'] };
        const parsed = createTemplateSchema.safeParse({ slug: 'x1', ...toFormValues(content) });
        expect(parsed.success).toBe(true);
        if (parsed.success) expect(toTemplateContent(parsed.data)).toEqual(content);
      }),
      { numRuns: 300 },
    );
  });
});
