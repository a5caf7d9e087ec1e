// The builder's first load (issue 16: ≤ 200 kB gzip for /tokens/new) stays small only while zod
// loads after first paint (token-form-resolver.ts, imported lazily). One constant imported from a
// module that also holds a schema pulls all of zod (30 kB gzip) back in, which happened once
// unnoticed; this walks the runtime imports (not `import type`) of the builder's client modules.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const ENTRIES = ['components/tokens/token-builder.tsx'];
// Loaded with import(): not part of the first load.
const LAZY = /\bimport\(\s*'([^']+)'\s*\)/g;
const STATIC = /^\s*(?:import|export)\s+(?!type\b)([^;]*?)\s+from\s+'([^']+)'/gms;

function resolveSpec(from: string, spec: string): string | undefined {
  const base = spec.startsWith('@/') ? join(ROOT, spec.slice(2)) : spec.startsWith('.') ? resolve(dirname(from), spec) : undefined;
  if (!base) return undefined;
  return ['.ts', '.tsx', '/index.ts', '/index.tsx'].map((ext) => base + ext).find((f) => existsSync(f));
}

/** Runtime imports only: `import type {…}` and `import { type A, type B }` bring no code. */
function runtimeImports(file: string): { spec: string; names: string }[] {
  const source = readFileSync(file, 'utf8').replace(LAZY, '');
  return [...source.matchAll(STATIC)]
    .map((m) => ({ names: m[1]!.trim(), spec: m[2]! }))
    .filter(({ names }) => {
      const inner = /^\{([^}]*)\}$/s.exec(names)?.[1];
      return inner === undefined || inner.split(',').some((n) => n.trim() && !n.trim().startsWith('type '));
    });
}

/** Each module reachable from the entries, with the chain that reaches it. */
function reachable(entries: string[]): Map<string, string[]> {
  const chains = new Map<string, string[]>();
  const queue = entries.map((e) => ({ file: join(ROOT, e), chain: [e] }));
  while (queue.length) {
    const { file, chain } = queue.shift()!;
    if (chains.has(file)) continue;
    chains.set(file, chain);
    for (const { spec } of runtimeImports(file)) {
      const next = resolveSpec(file, spec);
      if (next) queue.push({ file: next, chain: [...chain, relative(ROOT, next)] });
    }
  }
  return chains;
}

describe("the builder's first load", () => {
  it('imports no zod at run time (schemas load with the form resolver, after first paint)', () => {
    const withZod = [...reachable(ENTRIES)]
      .filter(([file]) => runtimeImports(file).some(({ spec }) => spec === 'zod' || spec.startsWith('zod/')))
      .map(([, chain]) => chain.join(' -> '));
    expect(withZod).toEqual([]);
  });

  it('the walk finds zod where it is (so the check above can fail)', () => {
    const chains = reachable(['lib/requests/model.ts']);
    expect([...chains.keys()].some((f) => runtimeImports(f).some(({ spec }) => spec === 'zod'))).toBe(true);
  });
});
