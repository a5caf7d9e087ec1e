// axe-core against what the browser shows now, limited to WCAG 2.1 A and AA. A failure lists each
// rule with the elements it found (and, for contrast, the colours and ratio), so the message alone
// says what to fix.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

export const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface NodeCheck {
  data?: { fgColor?: string; bgColor?: string; contrastRatio?: number; expectedContrastRatio?: string } | null;
}

/** Runs axe on the page and expects no WCAG 2.1 AA violation; `state` names the screen in the message. */
export async function expectAccessible(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).withTags(WCAG21_AA).analyze();
  const found = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => {
      const contrast = (n.any as NodeCheck[]).find((c) => c.data?.contrastRatio !== undefined)?.data;
      return [
        n.target.join(' '),
        n.html.slice(0, 160),
        contrast ? `${contrast.fgColor} on ${contrast.bgColor}: ${contrast.contrastRatio} (needs ${contrast.expectedContrastRatio})` : '',
      ]
        .filter(Boolean)
        .join(' | ');
    }),
  }));
  // Soft: one run reports every screen that fails, not only the first.
  expect.soft(found, `axe (WCAG 2.1 AA) on ${state}`).toEqual([]);
  // A scan that looked at nothing would pass vacuously.
  expect(results.passes.length, `axe checked ${state}`).toBeGreaterThan(0);
}
