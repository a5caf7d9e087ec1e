'use server';
// The mint action: a public POST endpoint like every action. The wrapper checks origin, parses the
// shared form schema, checks session, role (creator) and the per-person rate limit; mintToken
// does the rest (policy, confirmation, ids verified upstream, one-time key, one create call).
// The response carries the token once; Next.js marks action responses no-store.
import { defineAction } from '@/lib/actions/define-action';
import { getConfig } from '@/lib/config/server-config';
import { tokenFormSchema } from '@/lib/permissions/token-form-schema';
import { consoleMintDeps } from '@/lib/tokens/console-mint';
import { AUDIT_ACTION, mintToken } from '@/lib/tokens/mint-token';

export const createToken = defineAction(
  {
    name: 'tokens.create',
    schema: tokenFormSchema,
    role: 'creator',
    doing: 'create the token',
    perMinute: () => getConfig().CONSOLE_MINT_PER_MINUTE,
    audit: AUDIT_ACTION,
  },
  (form, ctx) => mintToken(form, ctx, consoleMintDeps()),
);
