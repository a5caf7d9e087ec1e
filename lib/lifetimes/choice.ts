// The lifetime choice as a zod form field (requests, forms); the grammar itself is choice-text.ts,
// re-exported here so existing imports keep working.
import { z } from 'zod';
import { CHOICE_FORMAT_ERROR, parseLifetimeChoice, type LifetimeChoice } from './choice-text';

export * from './choice-text';

/**
 * The form field for token-form-schema.ts (client and server): the encoding, parsed, with the
 * parse error on the field. Whether the policy allows it is decideLifetime's answer, asked again
 * on the server.
 */
export const lifetimeChoiceSchema = z
  .string()
  .max(64, { error: CHOICE_FORMAT_ERROR })
  .transform((text, ctx): LifetimeChoice => {
    const parsed = parseLifetimeChoice(text);
    if (parsed.ok) return parsed.choice;
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  });
