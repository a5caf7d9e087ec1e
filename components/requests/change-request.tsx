'use client';
// The requester changes their own pending or approved request: the description, the lifetime, the
// justification, or fewer permissions (more permissions, another owner or org: a new request from
// the builder). A change of an approved request sends it back for review: the approval no longer
// counts, and the page says so before the person saves. The server decides again (requests.change).
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { fieldClass, labelClass } from '@/components/ui/field';
import type { ActionResult } from '@/lib/actions/result';
import { grantKey, type Grant } from '@/lib/permissions/model';
import { JUSTIFICATION_MAX, type RequestFormInput } from '@/lib/requests/model';
import { GrantChecklist } from './grant-checklist';
import { RequestError, requestErrorOf, type RequestErrorState } from './request-error';

export type ChangeRequestAction = (input: {
  id: string;
  form: RequestFormInput;
  justification: string;
}) => Promise<ActionResult<{ id: string }>>;

export interface ChangeRequestProps {
  id: string;
  /** The form as stored, lifetime encoded ("30d"). */
  form: RequestFormInput & { grants: Grant[] };
  justification: string;
  /** Approved (and unused): saving a change sends it back for review. */
  approved: boolean;
  change: ChangeRequestAction;
}

export function ChangeRequest({ id, form, justification: saved, approved, change }: ChangeRequestProps) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [description, setDescription] = useState(form.description);
  const [lifetime, setLifetime] = useState(String(form.lifetime));
  const [justification, setJustification] = useState(saved);
  const [kept, setKept] = useState<Set<string>>(() => new Set(form.grants.map(grantKey)));
  const [error, setError] = useState<RequestErrorState | null>(null);
  const [pending, startTransition] = useTransition();

  if (!open) {
    return (
      <div className="flex justify-end">
        <Button variant="secondary" onClick={() => setOpen(true)} data-testid="change-request-open">
          Change request
        </Button>
      </div>
    );
  }

  const save = () =>
    startTransition(async () => {
      setError(null);
      const next: RequestFormInput = { ...form, description, lifetime, grants: form.grants.filter((g) => kept.has(grantKey(g))) };
      const res = await change({ id, form: next, justification });
      if (!res.ok) return setError(requestErrorOf(res));
      setOpen(false);
      router.refresh();
    });

  return (
    <section
      aria-labelledby="change-heading"
      data-testid="change-request"
      className="space-y-3 rounded-card border border-gray-200 bg-surface p-5"
    >
      <h2 id="change-heading" className="text-lg font-semibold">
        Change request
      </h2>
      {approved ? (
        <p
          role="note"
          className="rounded-md border border-warn-600/40 bg-warn-50 p-3 text-sm text-warn-800"
          data-testid="change-resets-approval"
        >
          This request is approved. Saving a change sends it back for review: the approval no longer counts, and an admin has to approve it
          again before you can create the token.
        </p>
      ) : null}
      <label className="block space-y-1">
        <span className={labelClass}>Description</span>
        <input className={`${fieldClass} w-full`} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <GrantChecklist
        legend="Permissions (untick to ask for less)"
        grants={form.grants}
        kept={kept}
        onChange={setKept}
        testIdPrefix="change-keep-"
      />
      <label className="block space-y-1">
        <span className={labelClass}>Lifetime (7d, 30d, a date YYYY-MM-DD, never)</span>
        <input className={fieldClass} value={lifetime} onChange={(e) => setLifetime(e.target.value)} data-testid="change-lifetime" />
      </label>
      <label className="block space-y-1">
        <span className={labelClass}>Why do you need it?</span>
        <textarea
          className={`${fieldClass} w-full`}
          rows={3}
          maxLength={JUSTIFICATION_MAX + 100}
          value={justification}
          onChange={(e) => setJustification(e.target.value)}
          data-testid="change-justification"
        />
      </label>
      <RequestError error={error} testId="change-error" />
      <div className="flex flex-wrap gap-2">
        <Button variant="primary" onClick={save} disabled={pending} data-testid="change-save">
          {pending ? 'Saving…' : approved ? 'Save and send back for review' : 'Save changes'}
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)} disabled={pending}>
          Cancel
        </Button>
      </div>
    </section>
  );
}
