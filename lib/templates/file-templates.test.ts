import { describe, expect, it } from 'vitest';
import { parseTemplatesFile } from './file-templates';
import { searchTemplates } from './search';

const AT = '2026-01-01T00:00:00.000Z';

describe('parseTemplatesFile', () => {
  it('reads templates with their version, author and name-based permissions', () => {
    const { templates, problems } = parseTemplatesFile(
      JSON.stringify({
        templates: [
          {
            slug: 'telegraf-writer',
            version: 3,
            title: 'Telegraf writer',
            purpose: 'Agents writing telemetry',
            description: 'Telegraf on host',
            permissions: ['write:buckets/telemetry', 'p=read:buckets/telemetry', 'read:telegrafs'],
            roles: ['creator', 'admin'],
            updatedBy: 'ops@acme.test',
          },
          { slug: 'dash-reader', title: 'Dashboards', permissions: ['read:dashboards'] },
        ],
      }),
      AT,
    );
    expect(problems).toEqual([]);
    expect(templates).toHaveLength(2);
    const [tw, dr] = templates;
    expect(tw).toMatchObject({
      slug: 'telegraf-writer',
      source: 'file',
      latest: { version: 3, savedBy: { id: 'file', email: 'ops@acme.test' } },
    });
    expect(tw!.latest.prefill).toEqual({
      description: 'Telegraf on host',
      grants: [
        { type: 'buckets', action: 'read', scope: { kind: 'items', names: ['telemetry'] } },
        { type: 'buckets', action: 'write', scope: { kind: 'items', names: ['telemetry'] } },
        { type: 'telegrafs', action: 'read', scope: { kind: 'all' } },
      ],
    });
    expect(dr).toMatchObject({
      latest: { version: 1, roles: ['creator', 'admin'], savedAt: AT, savedBy: { name: 'the configuration file' } },
    });
  });

  it('carries a default lifetime and "needs approval"; a lifetime outside the grammar skips the entry with words', () => {
    const { templates, problems } = parseTemplatesFile(
      JSON.stringify({
        templates: [
          { slug: 'edge', title: 'Edge', permissions: ['write:buckets/telemetry'], lifetime: '30d', needsApproval: true },
          { slug: 'plain', title: 'Plain', permissions: ['read:dashboards'] },
          { slug: 'odd', title: 'Odd', permissions: ['read:dashboards'], lifetime: 'next tuesday' },
        ],
      }),
      AT,
    );
    expect(templates.map((t) => t.slug)).toEqual(['edge', 'plain']);
    expect(templates[0]!.latest).toMatchObject({ needsApproval: true, prefill: { lifetime: '30d' } });
    expect(templates[1]!.latest.needsApproval).toBeUndefined();
    expect(templates[1]!.latest.prefill.lifetime).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(/^entry 3 \(odd\): lifetime: a lifetime is 7d, 30d, 90d/)]);
  });

  it('skips bad entries with a reason and keeps the good ones', () => {
    const { templates, problems } = parseTemplatesFile(
      JSON.stringify({
        templates: [
          { slug: 'Bad Slug', title: 'x', permissions: ['read:buckets'] },
          { slug: 'ok', title: 'ok', permissions: ['read:buckets'] },
          { slug: 'ok', title: 'again', permissions: ['read:buckets'] },
          { slug: 'grammar', title: 'g', permissions: ['read:dashboards/main'] },
          {
            slug: 'secret',
            title: 's',
            description: 'xOx5ek8UKEDsHT5Jm1b_8Bq2BQtw_OKhEg7ag8tA6XqTNVRtg1wCwjUhFRz',
            permissions: ['read:buckets'],
          },
        ],
      }),
      AT,
    );
    expect(templates.map((t) => t.slug)).toEqual(['ok']);
    expect(problems).toEqual([
      expect.stringMatching(/^entry 1 \(Bad Slug\): slug: lowercase letters/),
      'entry 3 (ok): the name ok is used twice; the first one is used',
      expect.stringMatching(/^entry 4 \(grammar\): permission “read:dashboards\/main”: only buckets and Telegraf/),
      expect.stringMatching(/^entry 5 \(secret\): description: .*secret/),
    ]);
  });

  it('reports an unreadable file instead of failing', () => {
    expect(parseTemplatesFile('{nope', AT)).toEqual({ templates: [], problems: ['the templates file is not valid JSON'] });
    expect(parseTemplatesFile('[]', AT).problems).toEqual(['the templates file needs a "templates" list']);
  });
});

describe('searchTemplates', () => {
  const { templates } = parseTemplatesFile(
    JSON.stringify({
      templates: [
        { slug: 'telegraf-writer', title: 'Telegraf writer', purpose: 'Edge agents', permissions: ['write:buckets/telemetry'] },
        { slug: 'dash-reader', title: 'Dashboards', notes: 'for the wall screen', permissions: ['read:dashboards'] },
      ],
    }),
    AT,
  );
  it('matches every word against names, text, grammar and plain words', () => {
    const slugs = (q: string) => searchTemplates(templates, q).map((t) => t.slug);
    expect(slugs('')).toEqual(['telegraf-writer', 'dash-reader']);
    expect(slugs('TELEGRAF')).toEqual(['telegraf-writer']);
    expect(slugs('write:buckets/telemetry')).toEqual(['telegraf-writer']);
    expect(slugs('wall screen')).toEqual(['dash-reader']);
    expect(slugs('every dashboard')).toEqual(['dash-reader']);
    expect(slugs('edge dashboards')).toEqual([]);
  });
});
