'use client';
// What a bulk action did, token by token: which worked and, for the others, why not.
import * as Dialog from '@radix-ui/react-dialog';
import { Button } from '@/components/ui/button';
import type { ItemResult } from '@/lib/inventory/operations';
import { describeToken } from './describe-token';

export function BulkResultsDialog({
  verb,
  results,
  onClose,
}: {
  verb: 'deactivated' | 'deleted' | 'given the new expiry';
  results: ItemResult[] | null;
  onClose: () => void;
}) {
  const failed = results?.filter((r) => !r.ok) ?? [];
  const done = results?.filter((r) => r.ok) ?? [];
  return (
    <Dialog.Root open={results !== null} onOpenChange={(o) => !o && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content
          data-testid="bulk-results"
          className="fixed left-1/2 top-1/2 z-50 max-h-[85vh] w-[36rem] max-w-[94vw] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-card bg-surface p-5 shadow-xl"
        >
          <Dialog.Title className="text-lg font-semibold">
            {done.length} {verb}
            {failed.length > 0 ? `, ${failed.length} failed` : ''}
          </Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-ink-muted">
            {failed.length > 0 ? 'The tokens below were not changed; the reason is given for each.' : 'Every selected token was changed.'}
          </Dialog.Description>
          <ul className="mt-3 divide-y divide-gray-100 text-sm">
            {[...failed, ...done].map((r) => (
              <li key={r.id} className="py-2" data-testid="bulk-result" data-ok={r.ok}>
                <span aria-hidden className={r.ok ? 'text-ok-700' : 'text-danger-700'}>
                  {r.ok ? '✓ ' : '✗ '}
                </span>
                <span className="font-medium">{describeToken(r.description)}</span>
                <span className="sr-only">{r.ok ? `: ${verb}` : ': failed'}</span>
                {!r.ok && <p className="ml-4 text-danger-700">{r.problem}</p>}
              </li>
            ))}
          </ul>
          <div className="mt-4 flex justify-end">
            <Dialog.Close asChild>
              <Button variant="primary">Close</Button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
