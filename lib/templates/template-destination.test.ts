import { describe, expect, it } from 'vitest';
import { buildShareLink, decodeShareLink } from '@/lib/links/share-link';
import { createTemplateSchema, toFormValues, toTemplateContent } from './template-form';

const base = {
  slug: 'edge-writer',
  title: 'Edge writer',
  purpose: '',
  notes: '',
  description: '',
  permissions: 'write:buckets/telemetry',
  audience: 'creators' as const,
};

describe('a template’s “Deliver to” (issue 17)', () => {
  it('keeps the destination in the prefill, in link format 4, and reads it back into the editor', () => {
    const parsed = createTemplateSchema.parse({
      ...base,
      deliverStore: 'lab',
      deliverPath: 'influx/edge-01',
      deliverKey: 'influx_token',
      deliverUrlOrg: true,
    });
    const content = toTemplateContent(parsed);
    expect(content.prefill.deliver).toEqual({ store: 'lab', path: 'influx/edge-01', key: 'influx_token', withUrlAndOrg: true });
    // The store keeps the prefill in the link grammar: it must read back whole.
    const stored = buildShareLink(content.prefill);
    expect(stored.leftOut).toEqual([]);
    expect(decodeShareLink(stored.href).prefill).toEqual(content.prefill);
    expect(toFormValues(content)).toMatchObject({
      deliverStore: 'lab',
      deliverPath: 'influx/edge-01',
      deliverKey: 'influx_token',
      deliverUrlOrg: true,
    });
  });

  it('no store means the copy-once dialog: nothing is kept', () => {
    const content = toTemplateContent(createTemplateSchema.parse({ ...base, deliverStore: '', deliverPath: 'ignored' }));
    expect(content.prefill).not.toHaveProperty('deliver');
    expect(toFormValues(content)).toMatchObject({ deliverStore: '', deliverPath: '' });
  });

  it('refuses a path that walks or has an empty segment, and a key that is not an identifier, on the field', () => {
    for (const [over, field, message] of [
      [{ deliverPath: 'influx/../admin' }, 'deliverPath', /“\.\.”/],
      [{ deliverPath: 'influx//edge' }, 'deliverPath', /empty segment/],
      [{ deliverPath: '' }, 'deliverPath', /empty/],
      [{ deliverPath: 'influx/edge', deliverKey: 'my-key' }, 'deliverKey', /plain identifier/],
      [{ deliverStore: 'Lab!', deliverPath: 'influx/edge' }, 'deliverStore', /secret store id/],
    ] as const) {
      const r = createTemplateSchema.safeParse({ ...base, deliverStore: 'lab', ...over });
      expect(r.success, JSON.stringify(over)).toBe(false);
      if (!r.success) expect(r.error.issues.find((i) => i.path[0] === field)?.message, JSON.stringify(over)).toMatch(message);
    }
  });
});
