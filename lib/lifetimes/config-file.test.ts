import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLifetimesFile } from './config-file';
import { grantClassesOf } from './grant-classes';
import { loadLifetimesConfig, LifetimesConfigError } from './load-config';
import { BUILT_IN_POLICY } from './policy';

const DAY = 86_400_000;

describe('CONSOLE_LIFETIMES_FILE', () => {
  it('absent: the built-in policy, notices 14 and 3 days before, no channel', () => {
    expect(parseLifetimesFile(undefined)).toEqual({
      ok: true,
      config: { policy: BUILT_IN_POLICY, notices: { leads: [14 * DAY, 3 * DAY], email: undefined, webhook: undefined } },
    });
  });

  it('a full file: policy overrides, lead times, both channels', () => {
    const r = parseLifetimesFile(
      JSON.stringify({
        lifetimes: { admin: { sensitive: { default: '7d', max: '14d' } } },
        notices: {
          before: ['7d', '1d', '7d'],
          email: { smtp: 'smtp://mail.acme.internal:587', user: 'tokens', from: 'Token Console <tokens@acme.com>', team: ['ops@acme.com'] },
          webhook: { url: 'https://chat.acme.internal/hooks/influx' },
        },
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.policy.admin!.sensitive).toEqual({ default: 7 * DAY, max: 14 * DAY });
    expect(r.config.notices.leads).toEqual([7 * DAY, DAY]);
    expect(r.config.notices.email).toMatchObject({ team: ['ops@acme.com'], toCreator: true });
    expect(r.config.notices.webhook?.url).toBe('https://chat.acme.internal/hooks/influx');
  });

  it('says where each problem is, and refuses a password in the SMTP URL', () => {
    const r = parseLifetimesFile(
      JSON.stringify({
        notices: {
          before: ['2 weeks'],
          email: { smtp: 'smtp://tokens:hunter2@mail.acme.internal:587', from: 'x@acme.com', team: ['nobody'] },
        },
        extra: true,
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join('\n');
    expect(text).toMatch(/notices\.before\.0: must be a whole number with one unit/);
    expect(text).toMatch(/notices\.email\.smtp: must be smtp:\/\/host:port/);
    expect(text).toMatch(/notices\.email\.team\.0: must be e-mail addresses/);
    expect(text).not.toContain('hunter2');
    expect(parseLifetimesFile('{ not json')).toMatchObject({ ok: false, problems: [expect.stringMatching(/^not valid JSON/)] });
    expect(parseLifetimesFile(JSON.stringify({ lifetimes: { creator: { ordinary: { max: 'forever' } } } }))).toMatchObject({ ok: false });
  });

  it('is read from disk; an unreadable file stops the start with its name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifetimes-'));
    try {
      const file = join(dir, 'lifetimes.json');
      writeFileSync(
        file,
        JSON.stringify({ lifetimes: { creator: { ordinary: { default: '5s', max: '10s' } } }, notices: { before: ['2s'] } }),
      );
      const config = loadLifetimesConfig(file);
      expect(config.policy.creator!.ordinary).toEqual({ default: 5_000, max: 10_000 });
      expect(config.notices.leads).toEqual([2_000]);
      expect(() => loadLifetimesConfig(join(dir, 'missing.json'))).toThrow(LifetimesConfigError);
      expect(() => loadLifetimesConfig(join(dir, 'missing.json'))).toThrow(/missing\.json.*\n.*ENOENT/);
      expect(loadLifetimesConfig(undefined).policy).toEqual(BUILT_IN_POLICY);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('grant classes', () => {
  const g = (type: string, action: 'read' | 'write') => ({ type, action, scope: { kind: 'all' as const } });
  it('follow the review: sensitive, code-running, and always ordinary', () => {
    expect(grantClassesOf([])).toEqual(['ordinary']);
    expect(grantClassesOf([g('buckets', 'write')])).toEqual(['ordinary']);
    expect(grantClassesOf([g('authorizations', 'write'), g('tasks', 'write')])).toEqual(['ordinary', 'sensitive', 'code-running']);
    expect(grantClassesOf([g('checks', 'write')])).toEqual(['ordinary', 'code-running']);
  });
});
