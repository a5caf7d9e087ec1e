'use client';
// Set, change or remove the console-enforced expiry of one token or of the selected ones (admins).
// The choice is the builder's grammar; the server decides it against the lifetime policy for each
// token's grants and answers with the field's error (past, beyond the maximum, not a date).
import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { PRESET_CHOICES } from '@/lib/lifetimes/choice-text';
import { durationWords, parseDuration } from '@/lib/lifetimes/duration';
import { ENFORCED_BY } from '@/lib/lifetimes/expiry-words';
import { useReturnFocus } from '@/components/ui/use-return-focus';

type Mode = (typeof PRESET_CHOICES)[number] | 'date' | 'never';

/** The person's local midnight of that day, as an instant (choice-text.ts); the text itself when it is no date. */
function dateChoice(text: string): string {
  const [y, m, d] = text.split('-').map(Number);
  return y && m && d ? new Date(y, m - 1, d).toISOString() : text;
}

export function ExpiryDialog({
  title,
  subject,
  hasExpiry,
  pending,
  error,
  onCancel,
  onSave,
}: {
  title: string;
  /** "this token", "3 tokens". */
  subject: string;
  hasExpiry: boolean;
  pending: boolean;
  /** The server's field error for the last try. */
  error?: string | undefined;
  onCancel: () => void;
  onSave: (expiry: string) => void;
}) {
  const [mode, setMode] = useState<Mode>('30d');
  const [date, setDate] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const returnFocus = useReturnFocus(true);
  const shown = local ?? error;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (mode === 'date' && !date) {
      setLocal('Choose a date.');
      return;
    }
    setLocal(null);
    onSave(mode === 'date' ? dateChoice(date) : mode);
  };
  const choose = (m: Mode) => {
    setMode(m);
    setLocal(null);
  };
  return (
    <Dialog.Root open onOpenChange={(o) => !o && onCancel()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content
          onCloseAutoFocus={returnFocus}
          data-testid="expiry-dialog"
          className="fixed left-1/2 top-1/2 z-50 w-[34rem] max-w-[92vw] -translate-x-1/2 -translate-y-1/2 rounded-card bg-surface p-5 shadow-xl"
        >
          <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-ink-muted">
            When {subject} should stop working. {ENFORCED_BY}
          </Dialog.Description>
          <form onSubmit={submit} className="mt-4 space-y-3 text-sm" noValidate>
            <fieldset>
              <legend className="font-medium">Expires</legend>
              <div className="mt-1 flex flex-wrap items-center gap-4">
                {PRESET_CHOICES.map((c) => (
                  <label key={c} className="flex items-center gap-1.5">
                    <input type="radio" name="expiry-mode" checked={mode === c} onChange={() => choose(c)} /> in{' '}
                    {durationWords(parseDuration(c)!)}
                  </label>
                ))}
                <label className="flex items-center gap-1.5">
                  <input type="radio" name="expiry-mode" checked={mode === 'date'} onChange={() => choose('date')} /> On a date
                </label>
                {mode === 'date' ? (
                  <input
                    type="date"
                    aria-label="Expiry date"
                    value={date}
                    onChange={(e) => {
                      setDate(e.target.value);
                      setLocal(null);
                    }}
                    className="rounded-md border border-gray-300 px-2 py-1 text-sm"
                  />
                ) : null}
                <label className="flex items-center gap-1.5">
                  <input type="radio" name="expiry-mode" checked={mode === 'never'} onChange={() => choose('never')} />{' '}
                  {hasExpiry ? 'Remove the expiry' : 'No expiry'}
                </label>
              </div>
            </fieldset>
            {shown ? (
              <p role="alert" id="expiry-error" className="text-sm text-danger-700">
                {shown}
              </p>
            ) : null}
            <div className="flex justify-end gap-2 pt-2">
              <Dialog.Close asChild>
                <Button>Cancel</Button>
              </Dialog.Close>
              <Button type="submit" variant="primary" disabled={pending}>
                {pending ? 'Saving…' : 'Save expiry'}
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
