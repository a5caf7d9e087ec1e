// Gallery search: every word must appear in the template's name, title, purpose, notes, token
// description or permissions (as written, `write:buckets/telemetry`, or in plain words). Pure.
import { describePrefillGrant } from '@/lib/links/describe-prefill';
import { permissionParts } from '@/lib/links/share-link';
import type { Template } from './model';

export function searchTemplates(templates: readonly Template[], query: string): Template[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 10);
  if (words.length === 0) return [...templates];
  return templates.filter((t) => {
    const v = t.latest;
    const haystack = [
      t.slug,
      v.title,
      v.purpose,
      v.notes,
      v.prefill.description ?? '',
      ...v.prefill.grants.flatMap(permissionParts),
      ...v.prefill.grants.map((g) => describePrefillGrant(g, { orgName: '' })),
    ]
      .join('\n')
      .toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}
