// Report (not a test): first-load JavaScript per route of the production build, gzip, and which
// modules weigh most in it. Builds first when there is no build (or with --build). Reads Next's own
// per-route list of first-load chunks (.next/diagnostics/route-bundle-stats.json), splits each
// Turbopack chunk into its modules (by running the chunk's push() against a stub), names what it
// can (client components from the client-reference manifests; libraries by fingerprints of
// strings that survive minification), and gzips each piece on its own.
//
//   node --import tsx scripts/bench/bundle-size.ts [--build] [--top 12] [--routes /tokens/new,/tokens]
//
// "alone": a module gzipped by itself; "saving": how much smaller its chunk's modules gzip without
// it (what dropping it from the route would gain). Route totals are the real gzip of each file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { ensureConsoleBuild } from './support/console-build';
import { argOf } from './support/args';

const ROOT = join(__dirname, '..', '..');
const NEXT = join(ROOT, '.next');
const ROUTES = (argOf('routes') ?? '/tokens/new,/tokens,/audit,/v1-credentials').split(',');
const TOP = Number(argOf('top') ?? 12);
const GOALS: Record<string, number> = { '/tokens/new': 200, '/tokens': 200, '/audit': 170 };

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const gz = (s: string | Buffer) => gzipSync(s, { level: 9 }).length;

// Strings that survive minification, first match wins (order: most specific first).
const FINGERPRINTS: [string, RegExp][] = [
  ['react-dom (client)', /react-dom|Minified React error|__reactFiber|__reactProps/],
  ['next (router/runtime)', /__NEXT_|next-router-state-tree|NEXT_REDIRECT|nextjs-portal|__next_f/],
  ['@tanstack/react-query', /staleTime|queryKeyHashFn|QueryClientProvider/],
  ['react-hook-form', /shouldUnregister|shouldFocusError|criteriaMode/],
  ['@hookform/resolvers', /raw ?\? ?Object\.assign|resolverOptions|toNestErrors/],
  ['zod', /invalid_type|ZodError|\$ZodType|too_small/],
  ['@radix-ui', /data-radix|radix-|DismissableLayer|FocusScope/],
  ['react (client)', /react\.transitional\.element|react\.element|__CLIENT_INTERNALS/],
];

function modulesOf(file: string): { id: string; source: string }[] {
  const pushed: unknown[][] = [];
  const TURBOPACK = { push: (x: unknown[]) => pushed.push(x) };
  runInNewContext(readFileSync(file, 'utf8'), { globalThis: { TURBOPACK }, TURBOPACK, document: undefined, self: {}, window: undefined });
  const out: { id: string; source: string }[] = [];
  for (const entry of pushed) {
    // [currentScript, id, factory, id, factory, ...]; ids may also be strings.
    for (let i = 1; i + 1 < entry.length; i += 2) {
      if (typeof entry[i + 1] === 'function') out.push({ id: String(entry[i]), source: String(entry[i + 1]) });
    }
  }
  return out;
}

function clientModuleNames(): Map<string, string> {
  const names = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('_client-reference-manifest.js')) {
        const text = readFileSync(p, 'utf8');
        for (const m of text.matchAll(/"\[project\]\/([^"]+)":\{"id":(\d+)/g)) names.set(m[2]!, m[1]!);
      }
    }
  };
  walk(join(NEXT, 'server', 'app'));
  return names;
}

function main() {
  ensureConsoleBuild();
  const stats = JSON.parse(readFileSync(join(NEXT, 'diagnostics', 'route-bundle-stats.json'), 'utf8')) as {
    route: string;
    firstLoadChunkPaths: string[];
  }[];
  const names = clientModuleNames();
  const shared = new Set(
    (JSON.parse(readFileSync(join(NEXT, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[] }).rootMainFiles.map(
      (f) => `.next/${f}`,
    ),
  );
  const label = (m: { id: string; source: string }) => {
    const client = names.get(m.id);
    if (client) return client.replace(/^node_modules\//, '');
    for (const [name, re] of FINGERPRINTS) if (re.test(m.source)) return `${name} (module ${m.id})`;
    return `module ${m.id}: ${m.source.replace(/\s+/g, ' ').slice(0, 60)}…`;
  };

  console.log(
    `first-load JavaScript by route — ${new Date().toISOString()} — build ${readFileSync(join(NEXT, 'BUILD_ID'), 'utf8').trim()}`,
  );
  let sharedGz = 0;
  for (const f of shared) sharedGz += gz(readFileSync(join(ROOT, f)));
  console.log(`shared by every route (rootMainFiles: Next.js runtime, React DOM, Turbopack runtime): ${kB(sharedGz)} gzip\n`);
  for (const route of ROUTES) {
    const entry = stats.find((s) => s.route === route);
    if (!entry) {
      console.log(`${route}: not in the build`);
      continue;
    }
    let total = 0;
    let raw = 0;
    const mods: { label: string; gzip: number; chunk: string; shared: boolean; source: string }[] = [];
    for (const chunk of entry.firstLoadChunkPaths) {
      const buf = readFileSync(join(ROOT, chunk));
      total += gz(buf);
      raw += buf.length;
      for (const m of modulesOf(join(ROOT, chunk)))
        mods.push({ label: label(m), gzip: gz(m.source), chunk, shared: shared.has(chunk), source: m.source });
    }
    const goal = GOALS[route];
    console.log(
      `${route}: ${kB(total)} gzip first-load JS (${kB(raw)} raw, ${entry.firstLoadChunkPaths.length} chunks)` +
        (goal ? `; goal <= ${goal} kB: ${total / 1000 <= goal ? 'met' : 'NOT met'}` : ''),
    );
    const own = mods.filter((m) => !m.shared).sort((a, b) => b.gzip - a.gzip);
    // What leaving a module out would save: the gzip of its chunk's modules with and without it.
    const chunkGz = new Map<string, number>();
    const joined = (chunk: string, except?: string) =>
      mods
        .filter((x) => x.chunk === chunk && x.source !== except)
        .map((x) => x.source)
        .join(',');
    const saving = (m: (typeof mods)[number]) => {
      if (!chunkGz.has(m.chunk)) chunkGz.set(m.chunk, gz(joined(m.chunk)));
      return chunkGz.get(m.chunk)! - gz(joined(m.chunk, m.source));
    };
    console.log(`  largest modules beyond the shared runtime (${own.length} modules):`);
    console.log(`    ${'alone'.padStart(9)}  ${'saving'.padStart(9)}  module`);
    for (const m of own.slice(0, TOP)) console.log(`    ${kB(m.gzip).padStart(9)}  ${kB(saving(m)).padStart(9)}  ${m.label}`);
    const byLib = new Map<string, number>();
    for (const m of own) {
      const lib =
        /^(.*?) \(module/.exec(m.label)?.[1] ??
        (m.label.startsWith('module ') ? 'unnamed (app code and small libraries)' : m.label.split('/')[0]!);
      byLib.set(lib, (byLib.get(lib) ?? 0) + m.gzip);
    }
    console.log('  beyond the shared runtime, by library or folder:');
    for (const [lib, n] of [...byLib].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`    ${kB(n).padStart(9)}  ${lib}`);
    console.log('');
  }
}

main();
