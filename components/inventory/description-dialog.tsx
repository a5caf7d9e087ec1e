'use client';
// Edit a token's description (the only name InfluxDB tokens have). Validated by the same schema
// the action parses with.
import * as Dialog from '@radix-ui/react-dialog';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { cx } from '@/components/ui/class-names';
import { fieldClass } from '@/components/ui/field';
import { checkDescriptionEdit } from '@/lib/inventory/action-limits';
import { useReturnFocus } from '@/components/ui/use-return-focus';

export function DescriptionDialog({
  token,
  pending,
  onCancel,
  onSave,
}: {
  token: { id: string; description: string };
  pending: boolean;
  onCancel: () => void;
  onSave: (description: string) => void;
}) {
  const [value, setValue] = useState(token.description);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const returnFocus = useReturnFocus(true);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const checked = checkDescriptionEdit(value);
    if (!checked.ok) {
      setError(checked.message);
      return;
    }
    onSave(checked.description);
  };
  return (
    <Dialog.Root open onOpenChange={(o) => !o && onCancel()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content
          onCloseAutoFocus={returnFocus}
          className="fixed left-1/2 top-1/2 z-50 w-[32rem] max-w-[92vw] -translate-x-1/2 -translate-y-1/2 rounded-card bg-surface p-5 shadow-xl"
        >
          <Dialog.Title className="text-lg font-semibold">Edit description</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-ink-muted">
            The description is how people find this token. Permissions cannot be edited.
          </Dialog.Description>
          <form onSubmit={submit} className="mt-4 space-y-2" noValidate>
            <label htmlFor={inputId} className="block text-sm font-medium">
              Description
            </label>
            <input
              id={inputId}
              className={cx(fieldClass, 'w-full')}
              value={value}
              maxLength={400}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${inputId}-error` : undefined}
              onChange={(e) => {
                setValue(e.target.value);
                setError(null);
              }}
            />
            {error && (
              <p id={`${inputId}-error`} className="text-sm text-danger-700">
                {error}
              </p>
            )}
            <div className="flex justify-end gap-2 pt-3">
              <Dialog.Close asChild>
                <Button>Cancel</Button>
              </Dialog.Close>
              <Button type="submit" variant="primary" disabled={pending}>
                {pending ? 'Saving…' : 'Save'}
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
