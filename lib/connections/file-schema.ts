// The connections file's shape (CONSOLE_CONNECTIONS_FILE, YAML). Pure. Credentials appear only as
// the names of environment variables: a token written into the file is refused, so the file can be
// reviewed in git like the templates file.
import { z } from 'zod';
import { roleSchema } from '@/lib/auth/role-schemas';
import { ALL_CONNECTIONS, CONNECTION_COLOURS, CONNECTION_ID_PATTERN } from './model';

export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const envName = (field: string) =>
  z.string({ error: `${field} must be the name of an environment variable, e.g. INFLUX_TOKEN_STAGING` }).regex(ENV_NAME_PATTERN, {
    error: `${field} must be the name of an environment variable (letters, digits, _), e.g. INFLUX_TOKEN_STAGING; a credential never goes into this file`,
  });

/** Keys that would hold a credential in clear: refused with words that say where it goes instead. */
export const SECRET_KEYS = ['token', 'password', 'secret', 'apiToken'] as const;

export const connectionEntrySchema = z
  .strictObject({
    id: z
      .string({ error: 'id is required: a short slug such as production or edge-1' })
      .regex(CONNECTION_ID_PATTERN, { error: 'id must be a slug: lower-case letters, digits and -, at most 32 characters' })
      .refine((v) => v !== ALL_CONNECTIONS, { error: `id "${ALL_CONNECTIONS}" is reserved for the all-connections view` }),
    label: z
      .string({ error: 'label is required: what people see, e.g. production' })
      .trim()
      .min(1, { error: 'label must not be empty' })
      .max(40, { error: 'label must be at most 40 characters' }),
    colour: z.enum(CONNECTION_COLOURS, { error: `colour must be one of ${CONNECTION_COLOURS.join(', ')}` }).default('gray'),
    url: z
      .url({ error: 'url must be an absolute http(s) URL, e.g. https://influx.acme.internal:8086' })
      .refine((v) => /^https?:\/\//.test(v), { error: 'url must start with http:// or https://' }),
    tokenEnv: envName('tokenEnv'),
    tokenId: z
      .string({ error: 'tokenId must be the 16-hex-digit authorization id of the console credential' })
      .regex(/^[0-9a-f]{16}$/, { error: 'tokenId must be the 16-hex-digit authorization id of the console credential' })
      .optional(),
    tokenIdEnv: envName('tokenIdEnv').optional(),
    org: z
      .string({ error: 'org is required: the default organisation, by name or 16-hex-digit id' })
      .trim()
      .min(1, { error: 'org must not be empty' }),
    // Who may change anything on this connection (mint, change tokens); everyone may look.
    roles: z
      .array(roleSchema, { error: 'roles must be a list of console roles: viewer, creator, admin' })
      .min(1, { error: 'roles must name at least one role (leave it out to let every role act by the usual rules)' })
      .optional(),
    timeoutMs: z
      .string({ error: 'timeoutMs must be a number of milliseconds' })
      .regex(/^\d+$/, { error: 'timeoutMs must be a whole number of milliseconds' })
      .transform(Number)
      .pipe(
        z
          .number()
          .int({ error: 'timeoutMs must be a whole number of milliseconds' })
          .min(500, { error: 'timeoutMs must be at least 500' })
          .max(120_000, { error: 'timeoutMs must be at most 120000' }),
      )
      .optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.tokenId === undefined) === (c.tokenIdEnv === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['tokenId'],
        message: 'set exactly one of tokenId (the credential’s authorization id) or tokenIdEnv (the variable that holds it)',
      });
    }
  });

export const connectionsFileSchema = z
  .strictObject({
    default: z.string({ error: 'default must be the id of one of the connections' }).optional(),
    connections: z
      .array(connectionEntrySchema, { error: 'connections must be a list of connections' })
      .min(1, { error: 'connections must list at least one connection' }),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.connections.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['connections', i, 'id'], message: `id "${c.id}" is used twice` });
      seen.add(c.id);
    });
    if (file.default !== undefined && !seen.has(file.default)) {
      ctx.addIssue({ code: 'custom', path: ['default'], message: `default "${file.default}" is not the id of a connection in this file` });
    }
  });

export type ConnectionEntry = z.infer<typeof connectionEntrySchema>;
