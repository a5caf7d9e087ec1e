import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDescriptionEdit } from './action-limits';
import { describeInput } from './action-schemas';

describe('checkDescriptionEdit', () => {
  it('accepts and words what the describe action’s schema does (the dialog has no zod)', () => {
    const id = '0123456789abcdef';
    const text = fc.oneof(
      fc.string({ maxLength: 320 }),
      fc.constantFrom('x'.repeat(300), 'x'.repeat(301), ` ${'x'.repeat(300)} `, '   ', ''),
    );
    fc.assert(
      fc.property(text, (value) => {
        const parsed = describeInput.safeParse({ id, description: value });
        const checked = checkDescriptionEdit(value);
        if (parsed.success) expect(checked).toEqual({ ok: true, description: parsed.data.description });
        else expect(checked).toEqual({ ok: false, message: parsed.error.issues[0]?.message });
      }),
      { numRuns: 1000 },
    );
  });
});
