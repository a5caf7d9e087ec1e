// Every version of a template, newest first, with a link to each one but the version shown.
import Link from 'next/link';
import { formatTime } from '@/lib/format/time';
import { actorLabel, type TemplateVersion } from '@/lib/templates/model';

export function TemplateVersionTable({
  slug,
  history,
  shown,
  latest,
}: {
  slug: string;
  history: readonly TemplateVersion[];
  /** The version the page shows. */
  shown: number;
  latest: number;
}) {
  return (
    <section aria-labelledby="versions-heading" className="rounded-card border border-gray-200 bg-surface p-5">
      <h2 id="versions-heading" className="text-lg font-medium">
        Versions
      </h2>
      <table className="mt-3 w-full text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-ink-muted">
          <tr>
            <th scope="col" className="py-2 pr-3">
              Version
            </th>
            <th scope="col" className="py-2 pr-3">
              Saved
            </th>
            <th scope="col" className="py-2 pr-3">
              By
            </th>
            <th scope="col" className="py-2 pr-3">
              Title
            </th>
            <th scope="col" className="py-2 pr-3">
              Permissions
            </th>
            <th scope="col" className="py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr
              key={h.version}
              className="border-t border-gray-100"
              aria-current={h.version === shown ? 'true' : undefined}
              data-testid="version-row"
            >
              <td className="py-2 pr-3">
                v{h.version}
                {h.version === latest && <span className="ml-2 text-xs text-ok-700">latest</span>}
              </td>
              <td className="py-2 pr-3">{formatTime(h.savedAt)}</td>
              <td className="py-2 pr-3">{actorLabel(h.savedBy)}</td>
              <td className="py-2 pr-3">{h.title}</td>
              <td className="py-2 pr-3 font-mono text-xs">{h.prefill.grants.length}</td>
              <td className="py-2 text-right">
                {h.version === shown ? (
                  <span className="text-xs text-ink-muted">shown</span>
                ) : (
                  <Link href={`/templates/${slug}?version=${h.version}`} className="text-brand-700 hover:underline">
                    View v{h.version}
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
