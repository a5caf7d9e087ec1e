// Reads a V8 .cpuprofile (node --cpu-prof) and sums sample time by function (self) and by what
// the stack passes through (inclusive, per category), so a profile can be summed up in text.
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
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

export const frameName = (f: CallFrame) =>
  `${f.functionName || '(anonymous)'} ${f.url ? `${shortURL(f.url)}:${f.lineNumber + 1}` : ''}`.trim();

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  self: { frame: string; ms: number }[];
  /** Time with the frame anywhere on the stack (recursion counted once). */
  inclusive: { frame: string; ms: number }[];
  categories: { name: string; ms: number }[];
}

/**
 * `categories` maps a name to a test on one frame; a sample counts once toward every category
 * any frame of its stack matches (so categories overlap, as inclusive times do).
 */
export function summarize(file: string, categories: Record<string, (f: CallFrame) => boolean>): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) selfUs.set(p.samples[i]!, (selfUs.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));

  const selfByFrame = new Map<string, number>();
  const cat = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    total += us;
    if (node.callFrame.functionName === '(idle)') idle += us;
    const name = frameName(node.callFrame);
    selfByFrame.set(name, (selfByFrame.get(name) ?? 0) + us);
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
    inclusive: [...inclusive].map(([frame, us]) => ({ frame, ms: us / 1000 })).sort((a, b) => b.ms - a.ms),
    categories: Object.keys(categories).map((name) => ({ name, ms: (cat.get(name) ?? 0) / 1000 })),
  };
}
