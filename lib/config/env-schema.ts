// The console's configuration, as one zod schema. Pure: no process.env access here, so tests can
// feed any record and the messages stay the same everywhere.
import { z } from 'zod';
import { parseSyslogTarget } from '@/lib/audit/forwarding/syslog-target';
import { requestEnvShape } from '@/lib/requests/env';
import { noticeSecretsSchema } from '@/lib/notices/secrets';

const url = (what: string) =>
  z
    .url({ error: `${what} must be an absolute http(s) URL, e.g. http://127.0.0.1:8086` })
    .refine((v) => /^https?:\/\//.test(v), { error: `${what} must start with http:// or https://` });

function isPostgresUrl(value: string): boolean {
  if (!/^postgres(ql)?:\/\//.test(value)) return false;
  try {
    const u = new URL(value);
    return u.hostname !== '' || u.searchParams.has('host');
  } catch {
    return false;
  }
}

const optionalNonEmpty = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

// The one-connection shorthand. With CONSOLE_CONNECTIONS_FILE they are not needed (lib/connections/).
const influxVariables = {
  INFLUX_URL: url('INFLUX_URL'),
  INFLUX_TOKEN: z
    .string({ error: 'INFLUX_TOKEN is required: the console credential (an InfluxDB API token)' })
    .min(16, { error: 'INFLUX_TOKEN looks too short to be an InfluxDB API token' }),
  // The id of the console credential's own authorization. Required: the console refuses to
  // switch off, change, copy or delete its own credential, and with hashed tokens (2.9) nothing
  // in InfluxDB's answers tells which authorization that is. Settings shows what it holds.
  INFLUX_TOKEN_ID: z
    .string({
      error:
        'INFLUX_TOKEN_ID is required: the authorization id of the console credential. Find it with `influx auth list --user token-console` (the ID column) or GET /api/v2/authorizations?user=token-console with the operator token; it is the "id" printed when the credential was created.',
    })
    .regex(/^[0-9a-f]{16}$/, { error: 'INFLUX_TOKEN_ID must be the 16-hex-digit id of the console credential' }),
  INFLUX_ORG: z
    .string({ error: 'INFLUX_ORG is required: the default organisation, by name or 16-hex-digit id' })
    .trim()
    .min(1, { error: 'INFLUX_ORG must not be empty' }),
};

const envObject = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  ...influxVariables,
  // Issue 11: several InfluxDB servers, named, in one YAML file (lib/connections/parse-file.ts).
  CONSOLE_CONNECTIONS_FILE: optionalNonEmpty,
  INFLUX_TIMEOUT_MS: z.coerce
    .number({ error: 'INFLUX_TIMEOUT_MS must be a number of milliseconds' })
    .int()
    .min(500, { error: 'INFLUX_TIMEOUT_MS must be at least 500' })
    .max(120_000, { error: 'INFLUX_TIMEOUT_MS must be at most 120000' })
    .default(10_000),
  // The token list comes in one answer however many tokens there are (about 13 s for 100,000),
  // so its read has its own budget; unset, the gateway uses the larger of 120 s and 10 × the timeout.
  INFLUX_LIST_BUDGET_MS: z.coerce
    .number({ error: 'INFLUX_LIST_BUDGET_MS must be a number of milliseconds' })
    .int()
    .min(1_000, { error: 'INFLUX_LIST_BUDGET_MS must be at least 1000' })
    .max(3_600_000, { error: 'INFLUX_LIST_BUDGET_MS must be at most 3600000' })
    .optional(),
  AUTH_SECRET: z.string({ error: 'AUTH_SECRET is required: 32 or more random characters' }),
  AUTH_URL: url('AUTH_URL').optional(),
  // Behind a proxy that sets X-Forwarded-Proto (and strips what clients send), let that header
  // say whether people reach the console over https (HSTS). AUTH_URL, when set, decides first.
  CONSOLE_TRUST_PROXY: z
    .enum(['true', 'false'], { error: 'CONSOLE_TRUST_PROXY must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  CONSOLE_USERS_FILE: optionalNonEmpty,
  CONSOLE_DATA_DIR: z.string().trim().min(1).default('./data/console'),
  // Issue 12: a shared PostgreSQL for several console processes; unset keeps SQLite in CONSOLE_DATA_DIR.
  DATABASE_URL: optionalNonEmpty.refine((v) => v === undefined || isPostgresUrl(v), {
    error: 'DATABASE_URL must be a PostgreSQL URL: postgres://user:password@host:5432/database (or postgresql://)',
  }),
  CONSOLE_TEMPLATES_FILE: optionalNonEmpty,
  OIDC_ISSUER: url('OIDC_ISSUER').optional(),
  OIDC_CLIENT_ID: optionalNonEmpty,
  OIDC_CLIENT_SECRET: optionalNonEmpty,
  OIDC_NAME: z.string().trim().min(1).default('Company SSO'),
  // JSON: {"admins": ["a@x"], "creators": ["group:ops"], "viewers": ["*@acme.com"], "default": null}
  OIDC_ROLE_MAP: optionalNonEmpty,
  CONSOLE_LOG_FILE: optionalNonEmpty,
  // JSON list of Vault-API secret stores tokens may be delivered to; see lib/secret-stores/store-config.ts.
  CONSOLE_SECRET_STORES_FILE: optionalNonEmpty,
  // Lowest console role that may mint sensitive grants (write on authorizations/users/orgs/
  // secrets, reading secrets or tokens, all access). See lib/policy/grant-policy.ts.
  CONSOLE_SENSITIVE_GRANTS_ROLE: z
    .enum(['creator', 'admin'], { error: 'CONSOLE_SENSITIVE_GRANTS_ROLE must be creator or admin' })
    .default('admin'),
  // Lowest console role that may mint tokens owned by another InfluxDB user (and so create users).
  CONSOLE_OTHER_OWNER_ROLE: z.enum(['creator', 'admin'], { error: 'CONSOLE_OTHER_OWNER_ROLE must be creator or admin' }).default('admin'),
  // Token creations per person per minute (attempts, successful or not).
  // "Reload from InfluxDB" reads every token upstream: per person, and for the whole console.
  CONSOLE_RELOADS_PER_MINUTE: z.coerce
    .number({ error: 'CONSOLE_RELOADS_PER_MINUTE must be a number' })
    .int()
    .min(1, { error: 'CONSOLE_RELOADS_PER_MINUTE must be at least 1' })
    .max(10_000, { error: 'CONSOLE_RELOADS_PER_MINUTE must be at most 10000' })
    .default(4),
  CONSOLE_RELOADS_TOTAL_PER_MINUTE: z.coerce
    .number({ error: 'CONSOLE_RELOADS_TOTAL_PER_MINUTE must be a number' })
    .int()
    .min(1, { error: 'CONSOLE_RELOADS_TOTAL_PER_MINUTE must be at least 1' })
    .max(100_000, { error: 'CONSOLE_RELOADS_TOTAL_PER_MINUTE must be at most 100000' })
    .default(20),
  CONSOLE_MINT_PER_MINUTE: z.coerce
    .number({ error: 'CONSOLE_MINT_PER_MINUTE must be a number' })
    .int()
    .min(1, { error: 'CONSOLE_MINT_PER_MINUTE must be at least 1' })
    .max(10_000, { error: 'CONSOLE_MINT_PER_MINUTE must be at most 10000' })
    .default(10),
  // How often the console looks for scheduled deactivations that are due ("replace" with a
  // grace period). Tests set it low; 15 s is plenty for grace periods counted in minutes.
  CONSOLE_SCHEDULER_TICK_MS: z.coerce
    .number({ error: 'CONSOLE_SCHEDULER_TICK_MS must be a number of milliseconds' })
    .int()
    .min(100, { error: 'CONSOLE_SCHEDULER_TICK_MS must be at least 100' })
    .max(600_000, { error: 'CONSOLE_SCHEDULER_TICK_MS must be at most 600000' })
    .default(15_000),
  // The shortest grace period a person may choose when replacing a token. Tests use a few
  // seconds; the default keeps an accidental "0 minutes" from looking like a grace period.
  CONSOLE_MIN_GRACE_SECONDS: z.coerce
    .number({ error: 'CONSOLE_MIN_GRACE_SECONDS must be a number of seconds' })
    .int()
    .min(1, { error: 'CONSOLE_MIN_GRACE_SECONDS must be at least 1' })
    .max(86_400, { error: 'CONSOLE_MIN_GRACE_SECONDS must be at most 86400' })
    .default(60),
  // Issue 14: audit rows older than this many days are pruned (hourly); unset keeps them all.
  // The chain stays verifiable from the oldest kept row (lib/storage/audit-retention.ts).
  CONSOLE_AUDIT_RETENTION_DAYS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number({ error: 'CONSOLE_AUDIT_RETENTION_DAYS must be a whole number of days' })
      .int({ error: 'CONSOLE_AUDIT_RETENTION_DAYS must be a whole number of days' })
      .min(1, { error: 'CONSOLE_AUDIT_RETENTION_DAYS must be at least 1' })
      .max(36_500, { error: 'CONSOLE_AUDIT_RETENTION_DAYS must be at most 36500' })
      .optional(),
  ),
  // Issue 14: forwarding of every new audit row (lib/audit/forwarding/). Syslog as RFC 5424,
  // over TCP (octet counting, RFC 6587) or UDP; the webhook gets one JSON POST per row, with the
  // secret as a bearer token when set.
  CONSOLE_AUDIT_SYSLOG: optionalNonEmpty.refine((v) => v === undefined || parseSyslogTarget(v) !== undefined, {
    error: 'CONSOLE_AUDIT_SYSLOG must be tcp://host:port or udp://host:port, e.g. tcp://127.0.0.1:6514',
  }),
  CONSOLE_AUDIT_WEBHOOK_URL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    url('CONSOLE_AUDIT_WEBHOOK_URL').optional(),
  ),
  CONSOLE_AUDIT_WEBHOOK_SECRET: optionalNonEmpty,
  // Issue 13: token lifetimes and expiry notices (lib/lifetimes/config-file.ts); unset keeps the
  // built-in policy and sends no notices.
  CONSOLE_LIFETIMES_FILE: optionalNonEmpty,
  // The shortest lifetime a token may be given at creation. Tests use a few seconds; the default
  // keeps a slip ("5s" for "5d") from minting a token that is dead before it is stored.
  CONSOLE_MIN_LIFETIME_SECONDS: z.coerce
    .number({ error: 'CONSOLE_MIN_LIFETIME_SECONDS must be a number of seconds' })
    .int()
    .min(1, { error: 'CONSOLE_MIN_LIFETIME_SECONDS must be at least 1' })
    .max(86_400, { error: 'CONSOLE_MIN_LIFETIME_SECONDS must be at most 86400' })
    .default(3_600),
  // Issue 15: access requests (mint window, expiry of pending requests, four eyes).
  ...requestEnvShape,
  // Issue 13: delete tokens this many days after the console deactivated them at their expiry;
  // unset (default): never deleted.
  CONSOLE_EXPIRED_RETENTION_DAYS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number({ error: 'CONSOLE_EXPIRED_RETENTION_DAYS must be a whole number of days' })
      .int({ error: 'CONSOLE_EXPIRED_RETENTION_DAYS must be a whole number of days' })
      .min(1, { error: 'CONSOLE_EXPIRED_RETENTION_DAYS must be at least 1' })
      .max(3_650, { error: 'CONSOLE_EXPIRED_RETENTION_DAYS must be at most 3650' })
      .optional(),
  ),
  // Issue 13: the notice channels' secrets (never in CONSOLE_LIFETIMES_FILE, which is reviewed in git).
  ...noticeSecretsSchema.shape,
});

const withConnectionsFile = envObject.extend({
  INFLUX_URL: influxVariables.INFLUX_URL.optional(),
  INFLUX_TOKEN: influxVariables.INFLUX_TOKEN.optional(),
  INFLUX_TOKEN_ID: influxVariables.INFLUX_TOKEN_ID.optional(),
  INFLUX_ORG: influxVariables.INFLUX_ORG.optional(),
});

export type ConsoleEnv = z.infer<typeof withConnectionsFile>;

function checkTogether(env: ConsoleEnv, ctx: z.RefinementCtx) {
  if (env.CONSOLE_AUDIT_WEBHOOK_SECRET && !env.CONSOLE_AUDIT_WEBHOOK_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['CONSOLE_AUDIT_WEBHOOK_SECRET'],
      message: 'CONSOLE_AUDIT_WEBHOOK_SECRET is set but CONSOLE_AUDIT_WEBHOOK_URL is not: set the URL too, or remove the secret',
    });
  }
  const strongSecret = env.AUTH_SECRET.length >= 32 && new Set(env.AUTH_SECRET).size >= 10;
  if (!strongSecret && env.NODE_ENV === 'production') {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_SECRET'],
      message: 'AUTH_SECRET must be at least 32 random characters in production (openssl rand -base64 32)',
    });
  }
  if (env.AUTH_SECRET.length < 16) {
    ctx.addIssue({ code: 'custom', path: ['AUTH_SECRET'], message: 'AUTH_SECRET must be at least 16 characters' });
  }
  const oidcParts = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidcParts > 0 && oidcParts < 3) {
    ctx.addIssue({
      code: 'custom',
      path: ['OIDC_ISSUER'],
      message: 'OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together',
    });
  }
  if (!env.CONSOLE_USERS_FILE && oidcParts === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['CONSOLE_USERS_FILE'],
      message: 'no sign-in method: set CONSOLE_USERS_FILE (local accounts) or the OIDC_* variables (SSO)',
    });
  }
}

export const envSchema = envObject.superRefine(checkTogether);
const envSchemaWithConnectionsFile = withConnectionsFile.superRefine(checkTogether);

/** Turns zod issues into one line per variable: "INFLUX_URL: must be ...". Never echoes values. */
export function describeEnvIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`);
}

export function parseEnv(source: Record<string, string | undefined>): { ok: true; env: ConsoleEnv } | { ok: false; problems: string[] } {
  const schema = source.CONSOLE_CONNECTIONS_FILE?.trim() ? envSchemaWithConnectionsFile : envSchema;
  const result = schema.safeParse(source);
  return result.success ? { ok: true, env: result.data } : { ok: false, problems: describeEnvIssues(result.error) };
}
