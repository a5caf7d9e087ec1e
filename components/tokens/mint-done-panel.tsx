'use client';
// What is left after the copy-once dialog closed: what was made, for whom, and the ways on.
import Link from 'next/link';
import type { Ref } from 'react';
import { Button, buttonClass } from '@/components/ui/button';
import type { MintedSummary } from '@/lib/tokens/minted';

export function MintDonePanel({
  done,
  ownerCreatedByThisForm,
  headingRef,
  onStartAgain,
}: {
  done: MintedSummary;
  /** The owner was created by a half-done attempt of this same form (then retried). */
  ownerCreatedByThisForm: boolean;
  headingRef: Ref<HTMLHeadingElement>;
  onStartAgain: () => void;
}) {
  return (
    <section aria-labelledby="done-heading" className="space-y-3 rounded-card border border-ok-600/40 bg-ok-50 p-5">
      <h2 id="done-heading" ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-ok-700">
        Token “{done.description}” created
      </h2>
      <p className="text-sm">
        Id <span className="font-mono">{done.id}</span> in organisation {done.orgName}, owned by {done.ownerName}
        {done.ownerKind === 'new' || ownerCreatedByThisForm
          ? ' (a new InfluxDB user, created for it)'
          : done.ownerKind === 'existing'
            ? ' (an existing InfluxDB user)'
            : ''}
        , with {done.permissionCount} permission{done.permissionCount === 1 ? '' : 's'}. Its value was shown once; the console did not keep
        it.
      </p>
      <div className="flex gap-2">
        <Button variant="primary" onClick={onStartAgain}>
          Create another token
        </Button>
        <Link href="/tokens" className={buttonClass()}>
          Go to tokens
        </Link>
      </div>
    </section>
  );
}
