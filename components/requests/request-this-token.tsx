'use client';
// "Request this token": shown in the builder's review when the policy (or four eyes) refuses the
// mint. Sends the whole form (connection, org, owner, lifetime, description, permissions) with a
// justification; an admin reviews it on the request's page, and the requester creates it there.
import Link from 'next/link';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { fieldClass, labelClass } from '@/components/ui/field';
import type { ActionResult } from '@/lib/actions/result';
import type { RequestFormInput } from '@/lib/requests/model';
import { JUSTIFICATION_MAX } from '@/lib/requests/text-limits';
import { RequestError, requestErrorOf, type RequestErrorState } from './request-error';

export type RequestTokenAction = (input: { form: RequestFormInput; justification: string }) => Promise<ActionResult<{ id: string }>>;

export function RequestThisToken({ form, requestToken }: { form: RequestFormInput; requestToken: RequestTokenAction }) {
  const [justification, setJustification] = useState('');
  const [error, setError] = useState<RequestErrorState | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  if (sent) {
    return (
      <p role="status" data-testid="request-sent" className="rounded-md border border-ok-600/40 bg-ok-50 p-3 text-sm">
        Request sent. An admin reviews it; you will create the token yourself once it is approved.{' '}
        <Link href={`/requests/${sent}`} className="font-medium underline" data-testid="request-link">
          Open the request
        </Link>
      </p>
    );
  }

  const send = () =>
    startTransition(async () => {
      setError(null);
      const res = await requestToken({ form, justification });
      if (res.ok) setSent(res.data.id);
      else setError(requestErrorOf(res));
    });

  return (
    <section
      aria-labelledby="request-heading"
      data-testid="request-this-token"
      className="space-y-2 rounded-card border border-brand-100 bg-brand-50 p-4"
    >
      <h3 id="request-heading" className="text-sm font-semibold">
        Request this token
      </h3>
      <p className="text-sm">An admin can approve it (or approve less). Then you create it here, once, and only you see its value.</p>
      <label htmlFor="request-justification" className={labelClass}>
        Why do you need it?
      </label>
      <textarea
        id="request-justification"
        className={`${fieldClass} w-full`}
        rows={3}
        maxLength={JUSTIFICATION_MAX + 100}
        value={justification}
        onChange={(e) => setJustification(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'request-error' : undefined}
      />
      <RequestError error={error} id="request-error" testId="request-error" />
      <Button type="button" variant="primary" onClick={send} disabled={pending}>
        {pending ? 'Sending…' : 'Send request'}
      </Button>
    </section>
  );
}
