'use client';
// Deletes one token whose owner no longer exists (the settings action checks that with InfluxDB
// first), then refreshes the page so the list shows what InfluxDB now has.
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/actions/result';

export function DeleteOrphanButton({
  authorizationID,
  description,
  deleteToken,
  connection,
}: {
  authorizationID: string;
  description: string;
  deleteToken: (input: { authorizationID: string; connection?: string }) => Promise<ActionResult<{ authorizationID: string }>>;
  /** The connection the Settings page is about, where the token lives. */
  connection?: string;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button
        size="sm"
        variant="danger"
        disabled={pending}
        aria-label={`Delete token ${description || authorizationID}`}
        onClick={() =>
          start(async () => {
            setError(null);
            const r = await deleteToken({ authorizationID, connection });
            if (r.ok) router.refresh();
            else setError(r.formError);
          })
        }
      >
        {pending ? 'Deleting…' : 'Delete it'}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-danger-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
