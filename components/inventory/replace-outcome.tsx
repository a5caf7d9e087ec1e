'use client';
// What became of the original after a replace: inactive, scheduled, or still active (with the
// two ways out: try deactivating it again, or undo by deleting the new token).
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { formatTime } from '@/lib/format/time';
import { errorWords } from './action-error';
import { describeToken } from './describe-token';
import type { InventoryActions } from './inventory-actions';
import type { Notice } from './use-token-actions';
import { useDeleteToken, useSetStatus, type ReplaceInfo } from './use-token-mutations';

export function ReplaceOutcome({ info, notify, actions }: { info: ReplaceInfo; notify: (n: Notice) => void; actions: InventoryActions }) {
  const setStatus = useSetStatus(actions);
  const remove = useDeleteToken(actions);
  const [followUp, setFollowUp] = useState<string | null>(null);
  const original = `"${describeToken(info.originalDescription)}"`;
  if (info.original.state === 'deactivated') {
    return <p className="rounded-md bg-ok-50 p-3 text-sm text-ok-700">The original token {original} is now inactive.</p>;
  }
  if (info.original.state === 'scheduled') {
    return (
      <p className="rounded-md bg-brand-50 p-3 text-sm text-brand-700" data-testid="replace-scheduled">
        The original token {original} stays active until {formatTime(info.original.dueAt, true)}; then the console deactivates it. You can
        cancel that on the original token&apos;s page.
      </p>
    );
  }
  const problem = info.original.problem;
  return (
    <div
      role="alert"
      className="space-y-2 rounded-md border border-danger-600 bg-danger-50 p-3 text-sm text-danger-700"
      data-testid="replace-partial"
    >
      <p>
        <strong>Done:</strong> the new token was created (above). <strong>Not done:</strong> the original {original} is still active.{' '}
        {problem}
      </p>
      {followUp ? (
        <p className="text-ink">{followUp}</p>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button
            size="sm"
            disabled={setStatus.isPending || remove.isPending}
            onClick={() =>
              setStatus.mutate(
                { id: info.originalID, status: 'inactive', description: info.originalDescription },
                {
                  onSuccess: () => setFollowUp(`The original ${original} is now inactive.`),
                  onError: (e) => notify({ kind: 'error', text: errorWords(e, 'deactivate the original') }),
                },
              )
            }
          >
            Try deactivating the original again
          </Button>
          <Button
            variant="dangerOutline"
            size="sm"
            disabled={setStatus.isPending || remove.isPending}
            onClick={() =>
              remove.mutate(
                { id: info.id, description: info.description },
                {
                  onSuccess: () => setFollowUp('Undone: the new token was deleted. The original is unchanged.'),
                  onError: (e) => notify({ kind: 'error', text: errorWords(e, 'delete the new token') }),
                },
              )
            }
          >
            Undo: delete the new token
          </Button>
        </div>
      )}
    </div>
  );
}
