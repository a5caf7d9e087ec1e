// Where a prefilled form came from, so a person can judge it before minting: a named template
// (title, version, author) or a shared link (which anyone could have written: check it).
// Server-safe (no hooks).
import Link from 'next/link';
import type { PrefillOrigin } from '@/lib/links/load-prefill';
import { templateLink } from '@/lib/links/share-link';

export function PrefillOriginBanner({ origin }: { origin: PrefillOrigin }) {
  if (origin.kind === 'link') {
    return (
      <p role="note" className="rounded-card border border-gray-200 bg-surface p-3 text-sm" data-testid="prefill-origin">
        <strong>From a shared link.</strong> Anyone can write a link: check every permission below before you create the token.
      </p>
    );
  }
  const older = origin.version < origin.latestVersion;
  return (
    <p role="note" className="rounded-card border border-brand-100 bg-brand-50 p-3 text-sm" data-testid="prefill-origin">
      <strong>
        From template{' '}
        <Link href={`/templates/${origin.slug}?version=${origin.version}`} className="underline">
          '{origin.slug}'
        </Link>{' '}
        v{origin.version}, by {origin.author}
      </strong>
      {origin.source === 'file' && ' (from the configuration file)'}.
      {older && (
        <>
          {' '}
          This link is pinned to an older version; the latest is v{origin.latestVersion} (
          <Link href={templateLink(origin.slug)} className="underline">
            use the latest
          </Link>
          ).
        </>
      )}
    </p>
  );
}
