// The token list's heading: title, the line about the list (org, connection, how old, reloads)
// and "New token" when this person may mint here. One for the list and for its first-read state,
// so the page keeps its shape when the list streams in. No hooks: usable on the server and client.
import Link from 'next/link';
import type { ReactNode } from 'react';
import { buttonClass } from '@/components/ui/button';

export function InventoryHeading({ meta, newTokenHref }: { meta: ReactNode; newTokenHref?: string | undefined }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold">Tokens</h1>
        <p className="text-sm text-ink-muted" data-testid="inventory-meta">
          {meta}
        </p>
      </div>
      {newTokenHref && (
        <Link href={newTokenHref} className={buttonClass({ variant: 'primary' })}>
          New token
        </Link>
      )}
    </div>
  );
}
