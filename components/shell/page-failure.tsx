'use client';
// What a page shows when its server render failed: the database's words when the storage could not
// reach it (see lib/storage/unreachable.ts), otherwise a plain "went wrong" with Next's reference.
// Reloading is the way back: once the database answers again the same page renders.
import { DATABASE_UNREACHABLE_DIGEST, DATABASE_UNREACHABLE_WORDS } from '@/lib/storage/unreachable';
import { Button } from '@/components/ui/button';

export function PageFailure({ error }: { error: Error & { digest?: string } }) {
  const unreachable = error.digest === DATABASE_UNREACHABLE_DIGEST;
  return (
    <div className="space-y-3 p-6">
      <h1 className="text-2xl font-semibold">{unreachable ? 'Database not reachable' : 'This page could not be shown'}</h1>
      <p role="alert" className="max-w-2xl rounded-md border border-danger-600 bg-danger-50 p-3 text-sm text-danger-700">
        {unreachable
          ? DATABASE_UNREACHABLE_WORDS
          : `Something went wrong while showing this page. Try again; if it happens again, give whoever runs the console this reference: ${error.digest ?? 'none'}.`}
      </p>
      <Button type="button" onClick={() => window.location.reload()}>
        Try again
      </Button>
    </div>
  );
}
