// The scope's two fields as every scoped action's schema extends them. Apart from scope.ts so that
// client code reading the scope from the URL does not pull zod into the browser.
import { z } from 'zod';
import { ALL_CONNECTIONS, CONNECTION_ID_PATTERN } from './model';
import { MAX_ORG_NAME } from './scope';

/** Fields every scoped action's schema extends with. */
export const scopeFields = {
  connection: z
    .string()
    .regex(CONNECTION_ID_PATTERN, { error: 'The connection must be the id of a configured connection.' })
    .refine((v) => v !== ALL_CONNECTIONS, { error: 'Choose one connection.' })
    .optional(),
  org: z.string().trim().min(1).max(MAX_ORG_NAME).optional(),
};
