import { describe, expect, it } from 'vitest';
import { OSS_RESOURCE_TYPES } from '@/lib/permissions/resource-types';
import { JUSTIFICATION_MAX, parseRequestSubmission, type RequestFormInput } from './model';

const form: RequestFormInput = {
  connectionId: 'default',
  orgID: '0123456789abcdef',
  description: 'telegraf on edge-01',
  owner: { kind: 'console' },
  grants: [{ type: 'buckets', action: 'write', scope: { kind: 'items', items: [{ id: '2222222222222222' }] } }],
  lifetime: '30d',
};
const types = OSS_RESOURCE_TYPES;

describe('parseRequestSubmission', () => {
  it('accepts a whole form with a justification, parsing the lifetime choice', () => {
    const r = parseRequestSubmission({ form, justification: '  edge-01 ships metrics to the new bucket  ' }, types);
    expect(r).toEqual({
      ok: true,
      data: {
        justification: 'edge-01 ships metrics to the new bucket',
        form: { ...form, lifetime: { kind: 'duration', ms: 30 * 86_400_000 } },
      },
    });
  });

  it('an empty justification is refused on its field, saying what to write', () => {
    const r = parseRequestSubmission({ form, justification: '   ' }, types);
    expect(r).toEqual({ ok: false, fieldErrors: { justification: [expect.stringMatching(/^Say why you need this token/)] } });
  });

  it('a justification that is too long is refused with the limit', () => {
    const r = parseRequestSubmission({ form, justification: 'x'.repeat(JUSTIFICATION_MAX + 1) }, types);
    expect(r).toEqual({
      ok: false,
      fieldErrors: { justification: [`Keep the justification to ${JUSTIFICATION_MAX} characters or fewer.`] },
    });
  });

  it('a justification of several lines is kept; control characters are refused', () => {
    expect(parseRequestSubmission({ form, justification: 'line one\nline two' }, types).ok).toBe(true);
    expect(parseRequestSubmission({ form, justification: 'bell\u0007' }, types)).toMatchObject({
      ok: false,
      fieldErrors: { justification: [expect.any(String)] },
    });
  });

  it('a type this server lacks is refused on that grant, naming the type', () => {
    const withCloudType = { ...form, grants: [...form.grants, { type: 'functions', action: 'read', scope: { kind: 'all' } }] };
    const r = parseRequestSubmission({ form: withCloudType, justification: 'why' }, types);
    expect(r.ok).toBe(false);
    const errors = !r.ok ? r.fieldErrors : {};
    // Grants are normalised (sorted by action:type), so the index is that of the sorted list.
    expect(Object.entries(errors)).toEqual([['form.grants.0.type', [expect.stringContaining('no resource type "functions"')]]]);
  });

  it('a bad lifetime, a missing connection and an extra field are each refused on their own field', () => {
    const r = parseRequestSubmission({ form: { ...form, lifetime: 'soon', connectionId: '' }, justification: 'why', extra: 1 }, types);
    expect(r.ok).toBe(false);
    const errors = !r.ok ? r.fieldErrors : {};
    // The unknown key has no field of its own: it lands on the form as a whole.
    expect(Object.keys(errors).sort()).toEqual(['form', 'form.connectionId', 'form.lifetime']);
    expect(errors['form.lifetime']).toEqual([expect.stringContaining('7, 30 or 90 days')]);
  });
});
