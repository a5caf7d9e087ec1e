// Reads a V8 .cpuprofile (node --cpu-prof) and sums sample time by function (self) and by what
// the stack passes through (inclusive, per category), so a profile can be summed up in text.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const shortURL = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, '')
    .replace(/.*\/\.next\//, '.next/')
    .replace(/^node:/, 'node:');

// The build is minified; its source maps name the original file (lib/..., node_modules/...).
const maps = new Map<string, SourceMap | null>();
function mapOf(url: string): SourceMap | null {
  if (!maps.has(url)) {
    let map: SourceMap | null = null;
    try {
      const file = url.startsWith('file://') ? fileURLToPath(url) : url;
      if (file.includes('/.next/') && existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  return maps.get(url)!;
}

const originalOf = (f: CallFrame) => {
  const found: object | undefined = f.url ? mapOf(f.url)?.findEntry(f.lineNumber, f.columnNumber) : undefined;
  const entry = found as { originalSource?: string; originalLine?: number } | undefined;
  return entry?.originalSource
    ? `${shortURL(entry.originalSource.replace(/^.*\[project\]\//, ''))}:${(entry.originalLine ?? 0) + 1}`
    : undefined;
};

export const frameName = (f: CallFrame) =>
  `${f.functionName || '(anonymous)'} ${f.url ? (originalOf(f) ?? `${shortURL(f.url)}:${f.lineNumber + 1}`) : ''}`.trim();

/** The file a frame comes from, after source maps (for categories). */
export const sourceOf = (f: CallFrame) => (f.url ? (originalOf(f) ?? f.url) : '');

function placeOf(f: CallFrame): string {
  if (!f.url) return f.functionName.startsWith('(') ? f.functionName : `native: ${f.functionName}`;
  const source = sourceOf(f).replace(/^file:\/\//, '');
  if (source.startsWith('node:')) return `node: ${source.replace(/^node:(internal\/)?/, '').split(/[/:]/)[0]}`;
  const pkg = /(?:node_modules\/|^)((?:@|%40)[^/]+\/[^/]+|next|react[^/]*|better-sqlite3|zod|jose)\//.exec(source)?.[1];
  if (pkg) return pkg.replace('%40', '@');
  const project = /(?:^|\/)(lib\/[^/]+|app|components|proxy\.ts)/.exec(source.replace(/^(\.\.\/)+/, ''))?.[1];
  return project ?? source.replace(/.*\.next\//, '.next/').split(':')[0]!;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  self: { frame: string; ms: number }[];
  /** Self time by where the code lives: a package, a folder of the project, or node's internals. */
  selfByPlace: { place: string; ms: number }[];
  /** Time with the frame anywhere on the stack (recursion counted once). */
  inclusive: { frame: string; ms: number }[];
  categories: { name: string; ms: number }[];
}

/**
 * `categories` maps a name to a test on one frame; a sample counts once toward every category
 * any frame of its stack matches (so categories overlap, as inclusive times do).
 */
export function summarize(
  file: string,
  categories: Record<string, (f: CallFrame) => boolean>,
  /** Only samples in [endTime - fromEndMs, endTime - toEndMs] (e.g. the measured loop, not start-up). */
  window?: { fromEndMs: number; toEndMs: number },
): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const lo = window ? p.endTime - window.fromEndMs * 1000 : -Infinity;
  const hi = window ? p.endTime - window.toEndMs * 1000 : Infinity;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    if (t < lo || t > hi) continue;
    selfUs.set(p.samples[i]!, (selfUs.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  }

  const selfByFrame = new Map<string, number>();
  const cat = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    total += us;
    if (node.callFrame.functionName === '(idle)') idle += us;
    const name = frameName(node.callFrame);
    selfByFrame.set(name, (selfByFrame.get(name) ?? 0) + us);
    const place = placeOf(node.callFrame);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
    const hit = new Set<string>();
    const onStack = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      onStack.add(frameName(f));
      for (const [c, test] of Object.entries(categories)) if (test(f)) hit.add(c);
    }
    for (const f of onStack) inclusive.set(f, (inclusive.get(f) ?? 0) + us);
    for (const c of hit) cat.set(c, (cat.get(c) ?? 0) + us);
  }
  return {
    totalMs: total / 1000,
    idleMs: idle / 1000,
    self: [...selfByFrame].map(([frame, us]) => ({ frame, ms: us / 1000 })).sort((a, b) => b.ms - a.ms),
    selfByPlace: [...byPlace].map(([place, us]) => ({ place, ms: us / 1000 })).sort((a, b) => b.ms - a.ms),
    inclusive: [...inclusive].map(([frame, us]) => ({ frame, ms: us / 1000 })).sort((a, b) => b.ms - a.ms),
    categories: Object.keys(categories).map((name) => ({ name, ms: (cat.get(name) ?? 0) / 1000 })),
  };
}

// A sample counts toward every category one of its frames matches (after source maps).
const src = (re: RegExp) => (f: CallFrame) => re.test(sourceOf(f));
/** Where a mint's time goes, by what its stack passes through (mint-profile, lean-mint). */
export const MINT_CATEGORIES = {
  'socket writes + HTTP (node:_http_*, net, streams)': src(/node:(_http_|net|internal\/streams|internal\/stream_base)/),
  'session decoding (lib/auth, @auth/core, next-auth, jose)': src(/lib\/auth\/|@auth\/core|next-auth|jose/),
  '  of which users-file checks (lib/auth/users-file)': src(/lib\/auth\/users-file/),
  'crypto (node:crypto, webcrypto: JWE, HKDF, hashing)': src(/node:internal\/crypto|node:crypto/),
  'SQLite + storage (better-sqlite3, lib/storage)': src(/better-sqlite3|lib\/storage\//),
  'audit + logging (lib/audit, lib/log)': src(/lib\/audit\/|lib\/log\//),
  'action wrapper (lib/actions)': src(/lib\/actions\//),
  'policy (lib/policy)': src(/lib\/policy\//),
  'InfluxDB calls (lib/influx, @influxdata)': src(/lib\/influx\/|@influxdata/),
  'proxy/middleware (proxy.ts, lib/security)': src(/proxy\.ts|lib\/security\//),
  'Next.js + React flight runtime (next/dist)': src(/next\/dist/),
  zod: src(/zod/),
  'file system (node:fs)': src(/node:(fs|internal\/fs)/),
  'garbage collector': (f: CallFrame) => f.functionName === '(garbage collector)',
};
