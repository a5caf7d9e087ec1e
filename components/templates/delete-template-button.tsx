'use client';
// Deleting asks first (alertdialog: focus moves in, Escape cancels, focus returns to the trigger).
import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import type { DeleteTemplate } from './template-actions';

export function DeleteTemplateButton({ slug, title, deleteTemplate }: { slug: string; title: string; deleteTemplate: DeleteTemplate }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  function confirm() {
    setError(undefined);
    startTransition(async () => {
      const result = await deleteTemplate({ slug });
      if (!result.ok) {
        setError(result.formError);
        return;
      }
      setOpen(false);
      router.push('/templates');
      router.refresh();
    });
  }

  return (
    <AlertDialog.Root open={open} onOpenChange={setOpen}>
      <AlertDialog.Trigger asChild>
        <Button variant="dangerOutline">Delete</Button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 bg-black/30" />
        <AlertDialog.Content className="fixed left-1/2 top-1/2 w-[28rem] max-w-[90vw] -translate-x-1/2 -translate-y-1/2 rounded-card bg-surface p-6 shadow-lg">
          <AlertDialog.Title className="text-lg font-semibold">Delete “{title}”?</AlertDialog.Title>
          <AlertDialog.Description className="mt-2 text-sm text-ink-muted">
            It disappears from the gallery, and links to it (pinned or not) stop prefilling the form. Tokens already created from it are not
            affected. The name <code>{slug}</code> will not be reused.
          </AlertDialog.Description>
          {error && (
            <p role="alert" className="mt-3 rounded-md bg-danger-50 p-2 text-sm text-danger-700">
              {error}
            </p>
          )}
          <div className="mt-5 flex justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <Button variant="ghost">Cancel</Button>
            </AlertDialog.Cancel>
            <Button variant="danger" onClick={confirm} disabled={pending}>
              {pending ? 'Deleting…' : 'Delete template'}
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
