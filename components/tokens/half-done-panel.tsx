'use client';
// The answer to a half-done mint: the user was created, the token was not. Says exactly that and
// offers the two ways out: retry the token for that user (the builder's own submit, owner = that
// user) or delete the user this attempt created (the deleteCreatedUser action, by operation id).
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/actions/result';
import type { HalfDone } from '@/lib/tokens/minted';

export interface DeletedUserResult {
  userID: string;
  userName: string;
  deletedNow: boolean;
}

export function HalfDonePanel({
  halfDone,
  message,
  retrying,
  onRetry,
  deleteUser,
  onDeleted,
}: {
  halfDone: HalfDone;
  message: string;
  retrying: boolean;
  onRetry: () => void;
  deleteUser: (input: { operationId: string }) => Promise<ActionResult<DeletedUserResult>>;
  onDeleted: (r: DeletedUserResult) => void;
}) {
  const [deleting, startDelete] = useTransition();
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const name = halfDone.user.name;
  const busy = retrying || deleting;

  return (
    <div
      role="alert"
      data-testid="half-done"
      className="space-y-3 rounded-md border border-warn-600/40 bg-warn-50 p-4 text-sm text-warn-800"
    >
      <p className="font-medium">User created, token not created</p>
      <p>{message}</p>
      <p className="text-xs">
        User id in InfluxDB: <span className="font-mono">{halfDone.user.id}</span>
      </p>
      <div className="flex flex-wrap gap-2">
        {halfDone.canRetry ? (
          <Button variant="primary" onClick={onRetry} disabled={busy}>
            {retrying ? 'Creating…' : `Retry the token for ${name}`}
          </Button>
        ) : null}
        <Button
          variant="danger"
          disabled={busy}
          onClick={() => {
            setDeleteError(null);
            startDelete(async () => {
              const r = await deleteUser({ operationId: halfDone.operationId });
              if (r.ok) onDeleted(r.data);
              else setDeleteError(r.formError);
            });
          }}
        >
          {deleting ? 'Deleting…' : `Delete user ${name}`}
        </Button>
      </div>
      {deleteError ? (
        <p data-testid="half-done-delete-error" className="rounded-md border border-danger-600/40 bg-danger-50 p-2 text-danger-700">
          {deleteError}
        </p>
      ) : null}
    </div>
  );
}
