'use client';
// One access request as its page shows it: the builder's own plain-words review (flags, owner,
// lifetime), then what this person may do with it now: an admin reviews (approve, approve
// narrowed, deny with a reason); the requester withdraws a pending one, or creates the approved
// token once, through the copy-once dialog. Nothing here decides: the server asks the rules again.
import { useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { CopyOnceDialog, type CopyOnceDialogHandle } from '@/components/tokens/copy-once-dialog';
import { MintError } from '@/components/tokens/mint-error';
import { ReviewStep } from '@/components/tokens/review-step';
import { Button } from '@/components/ui/button';
import { fieldClass, labelClass } from '@/components/ui/field';
import type { ActionResult } from '@/lib/actions/result';
import { grantKey, type Grant } from '@/lib/permissions/model';
import type { PolicyDecision } from '@/lib/policy/grant-policy';
import type { RequestFormInput } from '@/lib/requests/model';
import { DENY_REASON_MAX } from '@/lib/requests/text-limits';
import type { HalfDone, MintedSummary, MintedToken } from '@/lib/tokens/minted';
import { GrantChecklist } from './grant-checklist';

type Result = ActionResult<unknown, unknown>;

export interface RequestPanelProps {
  id: string;
  /** The form as stored, lifetime encoded ("30d"): what an approval or a mint presents back. */
  form: RequestFormInput & { grants: Grant[] };
  mode: 'review' | 'mint' | 'withdraw' | 'none';
  view: { orgName: string; ownerName: string; ownerWords: string; resourceTypes: string[]; decision: PolicyDecision; expires: string };
  influxUrl: string;
  formKey: string;
  approve: (input: { id: string; form?: RequestFormInput; note?: string }) => Promise<Result>;
  deny: (input: { id: string; reason: string }) => Promise<Result>;
  withdraw: (input: { id: string }) => Promise<Result>;
  mint: (input: {
    id: string;
    form: RequestFormInput;
    formKey: string;
    confirmSensitive: boolean;
  }) => Promise<ActionResult<MintedToken, HalfDone>>;
}

function errorOf(res: Result): { code: string; message: string } | null {
  if (res.ok) return null;
  const fields = Object.values(res.fieldErrors ?? {}).flat();
  return { code: res.code, message: [res.formError, ...fields].join(' ') };
}

export function RequestPanel(props: RequestPanelProps) {
  const { id, form, mode, view } = props;
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [kept, setKept] = useState<Set<string>>(() => new Set(form.grants.map(grantKey)));
  const [lifetime, setLifetime] = useState(String(form.lifetime));
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [minted, setMinted] = useState<MintedSummary | null>(null);
  const dialog = useRef<CopyOnceDialogHandle<MintedSummary>>(null);

  const run = (call: () => Promise<Result>, after?: (res: Result) => void) =>
    startTransition(async () => {
      setError(null);
      const res = await call();
      if (!res.ok) return setError(errorOf(res));
      after?.(res);
      router.refresh();
    });

  const narrowedForm = (): RequestFormInput => ({ ...form, grants: form.grants.filter((g) => kept.has(grantKey(g))), lifetime });
  const narrowed = kept.size !== form.grants.length || lifetime !== String(form.lifetime);

  return (
    <div className="space-y-4">
      <ReviewStep
        description={form.description}
        status="active"
        orgName={view.orgName}
        ownerName={view.ownerName}
        ownerWords={view.ownerWords}
        grants={form.grants}
        resourceTypes={view.resourceTypes}
        decision={view.decision}
        expires={view.expires}
        confirm={
          <label className="flex items-center gap-2 font-medium">
            <input
              type="checkbox"
              className="size-4 accent-brand-600"
              checked={confirmed}
              onChange={(e) => setConfirmed(e.target.checked)}
              data-testid="confirm-sensitive"
            />
            I understand what these sensitive grants allow{mode === 'review' ? ', and approve them' : ', and want this token anyway'}.
          </label>
        }
      />

      <MintError error={error} />

      {mode === 'review' ? (
        <section
          aria-labelledby="decide-heading"
          className="space-y-4 rounded-card border border-gray-200 bg-surface p-5"
          data-testid="review-panel"
        >
          <h2 id="decide-heading" className="text-lg font-semibold">
            Decide
          </h2>
          <GrantChecklist
            legend="Permissions to approve (untick to approve less)"
            grants={form.grants}
            kept={kept}
            onChange={setKept}
            testIdPrefix="keep-"
          />
          <div className="flex flex-wrap items-end gap-3">
            <label className="space-y-1">
              <span className={labelClass}>Lifetime (shorten only: 7d, 30d, a date YYYY-MM-DD)</span>
              <input className={fieldClass} value={lifetime} onChange={(e) => setLifetime(e.target.value)} data-testid="narrow-lifetime" />
            </label>
            <label className="min-w-64 flex-1 space-y-1">
              <span className={labelClass}>Note to the requester (optional)</span>
              <input
                className={`${fieldClass} w-full`}
                value={note}
                maxLength={DENY_REASON_MAX}
                onChange={(e) => setNote(e.target.value)}
              />
            </label>
          </div>
          <div className="flex flex-wrap gap-2">
            <Button
              variant="primary"
              disabled={pending || !view.decision.allowed || (view.decision.needsConfirmation && !confirmed)}
              onClick={() =>
                run(() =>
                  props.approve({ id, ...(narrowed ? { form: narrowedForm() } : {}), ...(note.trim() ? { note: note.trim() } : {}) }),
                )
              }
            >
              {narrowed ? 'Approve narrowed' : 'Approve'}
            </Button>
          </div>
          <div className="space-y-1 border-t border-gray-200 pt-3">
            <label htmlFor="deny-reason" className={labelClass}>
              Reason for denying (the requester reads it)
            </label>
            <textarea
              id="deny-reason"
              className={`${fieldClass} w-full`}
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <Button variant="dangerOutline" disabled={pending} onClick={() => run(() => props.deny({ id, reason }))}>
              Deny
            </Button>
          </div>
        </section>
      ) : null}

      {mode === 'mint' && !minted ? (
        <div className="flex justify-end">
          <Button
            variant="primary"
            data-testid="mint-approved"
            disabled={pending || (view.decision.allowed && view.decision.needsConfirmation && !confirmed)}
            onClick={() =>
              startTransition(async () => {
                setError(null);
                const res = await props.mint({ id, form, formKey: props.formKey, confirmSensitive: confirmed });
                if (!res.ok) return setError(errorOf(res));
                dialog.current?.show(res.data);
              })
            }
          >
            {pending ? 'Creating…' : 'Create token'}
          </Button>
        </div>
      ) : null}

      {mode === 'withdraw' ? (
        <div className="flex justify-end">
          <Button variant="dangerOutline" disabled={pending} onClick={() => run(() => props.withdraw({ id }))}>
            Withdraw request
          </Button>
        </div>
      ) : null}

      {minted ? (
        <p role="status" data-testid="request-minted" className="rounded-md border border-ok-600/40 bg-ok-50 p-3 text-sm">
          Token {minted.id} created. Its value was shown once and is gone from the console.
        </p>
      ) : null}

      <CopyOnceDialog
        ref={dialog}
        influxUrl={props.influxUrl}
        onClosed={(summary) => {
          setMinted(summary);
          router.refresh();
        }}
      />
    </div>
  );
}
