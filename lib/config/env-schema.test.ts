import { describe, expect, it } from 'vitest';
import { parseEnv } from './env-schema';

const valid = {
  INFLUX_URL: 'http://127.0.0.1:8086',
  INFLUX_TOKEN: 'a'.repeat(40),
  INFLUX_TOKEN_ID: '0a1b2c3d4e5f6071',
  INFLUX_ORG: 'acme',
  AUTH_SECRET: 'abcdefghijklmnopqrstuvwxyz0123456789ABCD',
  CONSOLE_USERS_FILE: '/etc/console/users.json',
};

describe('parseEnv', () => {
  it('accepts a complete configuration with defaults', () => {
    const r = parseEnv(valid);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.env.INFLUX_TIMEOUT_MS).toBe(10_000);
    if (r.ok) expect(r.env.INFLUX_LIST_BUDGET_MS).toBeUndefined();
    if (r.ok) expect(r.env.CONSOLE_OTHER_OWNER_ROLE).toBe('admin');
  });

  it('takes CONSOLE_OTHER_OWNER_ROLE as creator or admin only', () => {
    const r = parseEnv({ ...valid, CONSOLE_OTHER_OWNER_ROLE: 'creator' });
    expect(r.ok && r.env.CONSOLE_OTHER_OWNER_ROLE).toBe('creator');
    const bad = parseEnv({ ...valid, CONSOLE_OTHER_OWNER_ROLE: 'viewer' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join()).toMatch(/CONSOLE_OTHER_OWNER_ROLE must be creator or admin/);
  });

  it('keeps the audit trail forever unless CONSOLE_AUDIT_RETENTION_DAYS is a whole number of days', () => {
    const off = parseEnv({ ...valid, CONSOLE_AUDIT_RETENTION_DAYS: '' });
    expect(off.ok && off.env.CONSOLE_AUDIT_RETENTION_DAYS).toBeUndefined();
    const on = parseEnv({ ...valid, CONSOLE_AUDIT_RETENTION_DAYS: '400' });
    expect(on.ok && on.env.CONSOLE_AUDIT_RETENTION_DAYS).toBe(400);
    for (const bad of ['0', '1.5', 'forever']) {
      const r = parseEnv({ ...valid, CONSOLE_AUDIT_RETENTION_DAYS: bad });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems.join()).toMatch(/CONSOLE_AUDIT_RETENTION_DAYS must be/);
    }
  });

  it('takes audit forwarding targets as tcp/udp syslog addresses and an http(s) webhook', () => {
    const none = parseEnv({ ...valid, CONSOLE_AUDIT_SYSLOG: '', CONSOLE_AUDIT_WEBHOOK_URL: '' });
    expect(none.ok && [none.env.CONSOLE_AUDIT_SYSLOG, none.env.CONSOLE_AUDIT_WEBHOOK_URL]).toEqual([undefined, undefined]);
    const on = parseEnv({
      ...valid,
      CONSOLE_AUDIT_SYSLOG: 'udp://10.0.0.5:514',
      CONSOLE_AUDIT_WEBHOOK_URL: 'https://siem.example.com/hook',
      CONSOLE_AUDIT_WEBHOOK_SECRET: 'hook-secret',
    });
    expect(on.ok && on.env.CONSOLE_AUDIT_SYSLOG).toBe('udp://10.0.0.5:514');
    const badSyslog = parseEnv({ ...valid, CONSOLE_AUDIT_SYSLOG: '10.0.0.5:514' });
    expect(!badSyslog.ok && badSyslog.problems.join()).toMatch(/CONSOLE_AUDIT_SYSLOG must be tcp:\/\/host:port or udp:\/\/host:port/);
    const badHook = parseEnv({ ...valid, CONSOLE_AUDIT_WEBHOOK_URL: 'ftp://x/hook' });
    expect(!badHook.ok && badHook.problems.join()).toMatch(/CONSOLE_AUDIT_WEBHOOK_URL must start with http/);
    const lonelySecret = parseEnv({ ...valid, CONSOLE_AUDIT_WEBHOOK_SECRET: 'hook-secret' });
    expect(!lonelySecret.ok && lonelySecret.problems.join()).toMatch(/CONSOLE_AUDIT_WEBHOOK_URL is not/);
    expect(!lonelySecret.ok && lonelySecret.problems.join()).not.toContain('hook-secret');
  });

  it.each([
    ['INFLUX_URL', { INFLUX_URL: undefined }, /INFLUX_URL/],
    ['INFLUX_URL', { INFLUX_URL: 'localhost:8086' }, /INFLUX_URL: .*http/],
    ['INFLUX_TOKEN', { INFLUX_TOKEN: undefined }, /INFLUX_TOKEN is required/],
    // Required: the console must know its own credential to refuse changing it (issue 9, finding 6).
    ['INFLUX_TOKEN_ID', { INFLUX_TOKEN_ID: undefined }, /INFLUX_TOKEN_ID is required.*influx auth list/],
    ['INFLUX_TOKEN_ID', { INFLUX_TOKEN_ID: 'abc' }, /16-hex-digit/],
    ['INFLUX_ORG', { INFLUX_ORG: '' }, /INFLUX_ORG/],
    ['INFLUX_TIMEOUT_MS', { INFLUX_TIMEOUT_MS: 'soon' }, /INFLUX_TIMEOUT_MS/],
    ['INFLUX_LIST_BUDGET_MS', { INFLUX_LIST_BUDGET_MS: '500' }, /INFLUX_LIST_BUDGET_MS must be at least 1000/],
    ['AUTH_SECRET', { AUTH_SECRET: undefined }, /AUTH_SECRET/],
    ['sign-in', { CONSOLE_USERS_FILE: undefined }, /no sign-in method/],
    ['OIDC', { OIDC_ISSUER: 'https://sso.acme.com' }, /must be set together/],
  ])('names the variable when %s is wrong', (_name, change, message) => {
    const r = parseEnv({ ...valid, ...change });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join('\n')).toMatch(message);
  });

  it('refuses a weak AUTH_SECRET in production only', () => {
    expect(parseEnv({ ...valid, AUTH_SECRET: 'short-but-16-chars', NODE_ENV: 'development' }).ok).toBe(true);
    const r = parseEnv({ ...valid, AUTH_SECRET: 'short-but-16-chars', NODE_ENV: 'production' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join()).toMatch(/AUTH_SECRET must be at least 32 random characters in production/);
    expect(parseEnv({ ...valid, AUTH_SECRET: 'a'.repeat(40), NODE_ENV: 'production' }).ok).toBe(false);
  });

  it('takes DATABASE_URL as a postgres:// URL only, without echoing it', () => {
    const unset = parseEnv(valid);
    expect(unset.ok && unset.env.DATABASE_URL).toBeUndefined();
    for (const good of [
      'postgres://console:pw@db.internal:5432/console',
      'postgresql://db/console',
      'postgres:///console?host=/run/postgresql',
    ]) {
      const r = parseEnv({ ...valid, DATABASE_URL: good });
      expect(r.ok && r.env.DATABASE_URL).toBe(good);
    }
    for (const bad of ['mysql://u:hunter2-pw@db/console', 'postgres://', 'db.internal:5432', 'postgres://u:hunter2-pw@[::1/x']) {
      const r = parseEnv({ ...valid, DATABASE_URL: bad });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.problems.join()).toMatch(/DATABASE_URL must be a PostgreSQL URL/);
        expect(r.problems.join()).not.toContain('hunter2');
      }
    }
  });

  it('never echoes a value in its messages', () => {
    const secret = 'tok-' + 'z'.repeat(5);
    const r = parseEnv({ ...valid, INFLUX_TOKEN: secret });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join()).not.toContain(secret);
  });
});

describe('parseEnv with CONSOLE_CONNECTIONS_FILE', () => {
  it('needs no INFLUX_* variables: the file names the servers and their credentials', () => {
    const { INFLUX_URL: _u, INFLUX_TOKEN: _t, INFLUX_TOKEN_ID: _i, INFLUX_ORG: _o, ...rest } = valid;
    const r = parseEnv({ ...rest, CONSOLE_CONNECTIONS_FILE: '/etc/console/connections.yaml' });
    expect(r.ok).toBe(true);
    expect(parseEnv(rest).ok).toBe(false);
  });
});
