// What a narrowed approval changed, in words: shown to the requester beside the approval and kept
// in the audit event ("approved with what changes"). Pure.
import { durationWords } from '@/lib/lifetimes/duration';
import type { LifetimeChoice } from '@/lib/lifetimes/choice';
import { grantKey, type Grant } from '@/lib/permissions/model';
import type { RequestForm } from './model';

const itemName = (i: { id: string; name?: string }) => i.name ?? i.id;

function lifetimeWords(c: LifetimeChoice): string {
  switch (c.kind) {
    case 'never':
      return 'never expires';
    case 'duration':
      return durationWords(c.ms);
    case 'date':
      return `until ${c.date}`;
    case 'instant':
      return `until ${c.at}`;
  }
}

// As flagLabel words them ("write on authorizations"): InfluxDB's own type names, what the matrix shows.
const grantWords = (g: Pick<Grant, 'type' | 'action'>) => `${g.action} on ${g.type}`;

/** One line per change from `original` to `narrowed` (empty when they grant the same). */
export function narrowingChanges(original: RequestForm, narrowed: RequestForm): string[] {
  const out: string[] = [];
  const kept = new Map(narrowed.grants.map((g) => [grantKey(g), g]));
  for (const o of original.grants) {
    const n = kept.get(grantKey(o));
    if (!n) {
      out.push(`removed ${grantWords(o)}`);
      continue;
    }
    if (o.scope.kind === 'all' && n.scope.kind === 'items') {
      out.push(`${grantWords(o)}: only ${n.scope.items.map(itemName).join(', ')} instead of all`);
    } else if (o.scope.kind === 'items' && n.scope.kind === 'items') {
      const left = new Set(n.scope.items.map((i) => i.id));
      const removed = o.scope.items.filter((i) => !left.has(i.id));
      if (removed.length > 0) out.push(`${grantWords(o)}: removed ${removed.map(itemName).join(', ')}`);
    }
  }
  const before = lifetimeWords(original.lifetime);
  const after = lifetimeWords(narrowed.lifetime);
  if (before !== after) out.push(`lifetime ${before} → ${after}`);
  return out;
}
