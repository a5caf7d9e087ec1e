'use client';
// "Rotate now" for a token at a secret-store path: the answer (or what stopped it) in words.
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/actions/result';

export function RotateNowButton({
  authorizationID,
  rotate,
}: {
  authorizationID: string;
  rotate: (input: { authorizationID: string }) => Promise<ActionResult<{ message: string; successorID: string; version: number }>>;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [answer, setAnswer] = useState<{ ok: boolean; text: string; successorID?: string } | null>(null);
  return (
    <div className="space-y-2">
      <Button
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await rotate({ authorizationID });
            setAnswer(r.ok ? { ok: true, text: r.data.message, successorID: r.data.successorID } : { ok: false, text: r.formError });
            // After a rotation this token is no longer the one at the path, so a refreshed page has no
            // rotation block, and the answer (rendered in it) would vanish before it is read: the page
            // is refreshed only after a failure, which leaves the block (and this answer) in place.
            if (!r.ok) router.refresh();
          })
        }
      >
        {pending ? 'Rotating…' : 'Rotate now'}
      </Button>
      {answer ? (
        <p role={answer.ok ? 'status' : 'alert'} data-testid="rotate-answer" className={answer.ok ? 'text-ok-700' : 'text-danger-700'}>
          {answer.text}
        </p>
      ) : null}
    </div>
  );
}
