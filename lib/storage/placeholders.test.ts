import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberedPlaceholders } from './placeholders';

describe('numberedPlaceholders', () => {
  it('numbers placeholders in order', () => {
    expect(numberedPlaceholders('INSERT INTO t (a, b) VALUES (?, ?), (?,?)')).toBe('INSERT INTO t (a, b) VALUES ($1, $2), ($3,$4)');
  });

  it('leaves a ? inside strings, identifiers, comments and dollar-quoted bodies alone', () => {
    expect(numberedPlaceholders(`SELECT '?', 'it''s ?', "col?" FROM t WHERE a = ? -- why?\n AND b = ? /* ? */`)).toBe(
      `SELECT '?', 'it''s ?', "col?" FROM t WHERE a = $1 -- why?\n AND b = $2 /* ? */`,
    );
    expect(numberedPlaceholders("DO $body$ BEGIN RAISE NOTICE '?'; END $body$; SELECT ?")).toBe(
      "DO $body$ BEGIN RAISE NOTICE '?'; END $body$; SELECT $1",
    );
    expect(numberedPlaceholders('SELECT $$?$$, ?')).toBe('SELECT $$?$$, $1');
  });

  it('keeps every character outside placeholders and numbers exactly the bare ones', () => {
    const piece = fc.oneof(
      fc.constantFrom('?', ' ', ',', 'a', '=', '(', ')'),
      fc.string({ unit: fc.constantFrom('a', '?', ' ', '-') }).map((s) => `'${s}'`),
      fc.string({ unit: fc.constantFrom('a', '?', ' ') }).map((s) => `"${s}"`),
      fc.string({ unit: fc.constantFrom('a', '?', ' ') }).map((s) => `/*${s}*/`),
    );
    fc.assert(
      fc.property(fc.array(piece), (pieces) => {
        const expected = pieces.reduce(
          (acc, p) => {
            if (p !== '?') return { text: acc.text + p, n: acc.n };
            return { text: acc.text + `$${acc.n + 1}`, n: acc.n + 1 };
          },
          { text: '', n: 0 },
        );
        const out = numberedPlaceholders(pieces.join(''));
        expect(out).toBe(expected.text);
      }),
    );
  });
});
