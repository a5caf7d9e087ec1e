// The builder's origin line and not-applied list, rendered to HTML as the builder will show them.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NotAppliedList } from './not-applied-list';
import { PrefillOriginBanner } from './prefill-origin-banner';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

describe('PrefillOriginBanner', () => {
  const template = {
    kind: 'template' as const,
    slug: 'telegraf-writer',
    title: 'Telegraf writer',
    version: 3,
    latestVersion: 3,
    pinned: false,
    author: 'admin@acme',
    savedAt: '2026-01-01T00:00:00Z',
    source: 'database' as const,
  };

  it('names the template, its version and its author', () => {
    const html = renderToStaticMarkup(createElement(PrefillOriginBanner, { origin: template }));
    expect(text(html)).toBe("From template 'telegraf-writer' v3, by admin@acme.");
    expect(html).toContain('href="/templates/telegraf-writer?version=3"');
  });

  it('says when a pinned version is not the latest, and where templates from the file come from', () => {
    const html = renderToStaticMarkup(
      createElement(PrefillOriginBanner, { origin: { ...template, version: 2, latestVersion: 4, pinned: true, source: 'file' } }),
    );
    expect(text(html)).toBe(
      "From template 'telegraf-writer' v2, by admin@acme (from the configuration file). This link is pinned to an older version; the latest is v4 (use the latest).",
    );
    expect(html).toContain('href="/tokens/new?template=telegraf-writer"');
  });

  it('a shared link asks the person to check it', () => {
    expect(text(renderToStaticMarkup(createElement(PrefillOriginBanner, { origin: { kind: 'link' } })))).toMatch(
      /^From a shared link\. Anyone can write a link/,
    );
  });
});

describe('NotAppliedList', () => {
  it('lists every part with its reason, and renders nothing when all applied', () => {
    const html = renderToStaticMarkup(
      createElement(NotAppliedList, {
        items: [
          { part: 'p=read:functions', reason: 'this InfluxDB server has no resource type “functions”' },
          { part: 'p=read:buckets/x<y', reason: 'no bucket named “x<y” in org acme' },
        ],
      }),
    );
    expect(text(html)).toContain('Not applied (2)');
    expect(html).toContain('x&lt;y');
    expect(html.match(/data-testid="not-applied-item"/g)).toHaveLength(2);
    expect(renderToStaticMarkup(createElement(NotAppliedList, { items: [] }))).toBe('');
  });
});
