'use client';
// The "new token" builder: details, the permission matrix with presets and a live preview, then a
// review step, then one call to the mint action, whose answer goes straight into the copy-once
// dialog. The form is react-hook-form validated with the same zod schema the action parses.
// The token value never enters this component's state: the submit handler hands it to the dialog.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useMemo, useRef, useState, useTransition, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { CopyLinkButton } from '@/components/links/copy-link-button';
import { NotAppliedList } from '@/components/links/not-applied-list';
import { queryKeys } from '@/components/query-keys';
import { Button, buttonClass } from '@/components/ui/button';
import type { ActionResult } from '@/lib/actions/result';
import type { Role } from '@/lib/auth/roles';
import type { OrgDTO } from '@/lib/influx/dto';
import { dropItems, emptyMatrix, grantsToMatrix, matrixToGrants, type MatrixState } from '@/lib/permissions/matrix-state';
import type { Grant } from '@/lib/permissions/model';
import { allAccessGrants } from '@/lib/permissions/presets';
import { DESCRIPTION_MAX, newFormKey, tokenFormSchema, type TokenForm, type TokenFormInput } from '@/lib/permissions/token-form-schema';
import { prefillFromForm } from '@/lib/links/from-form';
import { buildShareLink } from '@/lib/links/share-link';
import { evaluateGrants, mayUseAllAccess, type GrantPolicy } from '@/lib/policy/grant-policy';
import type { HalfDone, MintedSummary, MintedToken } from '@/lib/tokens/minted';
import type { OtherOwnerOption } from '@/lib/tokens/owner-option';
import { ownerView } from '@/lib/tokens/owner-view';
import { CopyOnceDialog, type CopyOnceDialogHandle } from './copy-once-dialog';
import { HalfDonePanel, type DeletedUserResult } from './half-done-panel';
import { OwnerSection, type OwnerMode } from './owner-section';
import { PermissionMatrix } from './permission-matrix';
import { RequestPreview } from './request-preview';
import { ReviewStep } from './review-step';

export interface TokenBuilderProps {
  orgs: OrgDTO[];
  defaultOrgID: string;
  resourceTypes: string[];
  /** The console's own InfluxDB user: the default owner. */
  owner: { id: string; name: string };
  /** Whether "another InfluxDB user" may be chosen (role and credential), and why not. */
  otherOwner: OtherOwnerOption;
  role: Role;
  policy: GrantPolicy;
  influxUrl: string;
  formKey: string;
  /** The mint server action, passed in by the page (components do no data access themselves). */
  createToken: (input: TokenFormInput) => Promise<ActionResult<MintedToken, HalfDone>>;
  /** Deletes the user a half-done mint created (by its operation id). */
  deleteCreatedUser: (input: { operationId: string }) => Promise<ActionResult<DeletedUserResult>>;
  /** Form values from a shared link or template (already resolved to ids and checked on the server). */
  initial?: { orgID?: string; description?: string; status?: 'active' | 'inactive'; grants?: Grant[]; owner?: { id: string; name: string } };
  /** Where the prefill came from and what it could not apply, shown above the form. */
  prefillNotice?: ReactNode;
}

type Step = 'build' | 'review' | 'done';

export function TokenBuilder(props: TokenBuilderProps) {
  const { orgs, resourceTypes, owner, role, policy, influxUrl, createToken } = props;
  const queryClient = useQueryClient();
  const defaults = (formKey: string, orgID: string): TokenFormInput => ({
    formKey,
    orgID,
    description: '',
    status: 'active',
    owner: { kind: 'console' },
    grants: [],
    confirmSensitive: false,
  });
  const initial = props.initial;
  // A link may name another owner; it is applied only when this person and the credential may
  // choose one (otherwise the link's "not applied" list and the owner section explain why).
  const initialOwner =
    initial?.owner && initial.owner.id !== owner.id && props.otherOwner.state === 'available'
      ? ({ kind: 'existing', userID: initial.owner.id, name: initial.owner.name } as const)
      : undefined;
  const form = useForm<TokenFormInput, unknown, TokenForm>({
    resolver: zodResolver(tokenFormSchema),
    defaultValues: {
      ...defaults(props.formKey, initial?.orgID ?? props.defaultOrgID),
      ...(initial?.description ? { description: initial.description } : {}),
      ...(initial?.status ? { status: initial.status } : {}),
      ...(initial?.grants ? { grants: initial.grants } : {}),
      ...(initialOwner ? { owner: initialOwner } : {}),
    },
  });
  const [matrix, setMatrix] = useState<MatrixState>(() =>
    initial?.grants?.length ? grantsToMatrix(initial.grants, resourceTypes) : emptyMatrix(resourceTypes),
  );
  const [step, setStep] = useState<Step>('build');
  const [serverError, setServerError] = useState<{ code: string; message: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [done, setDone] = useState<MintedSummary | null>(null);
  const [showing, setShowing] = useState(false);
  const [ownerMode, setOwnerMode] = useState<OwnerMode>(initialOwner ? 'other' : 'console');
  const [halfDone, setHalfDone] = useState<{ partial: HalfDone; message: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const dialog = useRef<CopyOnceDialogHandle<MintedSummary>>(null);
  /** The user a half-done attempt of this form created (so the result can say so after a retry). */
  const createdOwnerID = useRef<string | null>(null);
  const reviewHeading = useRef<HTMLDivElement>(null);
  const doneHeading = useRef<HTMLHeadingElement>(null);

  const values = form.watch();
  const grants = (values.grants ?? []) as Grant[];
  const org = orgs.find((o) => o.id === values.orgID) ?? orgs[0]!;
  const decision = evaluateGrants(role, grants, resourceTypes, policy);
  // The chosen owner (the console's user, another user, or a new one) as preview and review name it.
  const chosenOwner =
    ownerMode === 'other' && (values.owner?.kind ?? 'console') === 'console'
      ? { kind: 'existing' as const, id: '<the user you choose>', name: 'the user you choose', words: 'not chosen yet' }
      : halfDone && values.owner?.kind === 'existing' && values.owner.userID === halfDone.partial.user.id
        ? { kind: 'existing' as const, id: halfDone.partial.user.id, name: halfDone.partial.user.name, words: `${halfDone.partial.user.name} (created in InfluxDB by this attempt; owns no token yet)` }
        : ownerView(values.owner as TokenFormInput['owner'], owner);
  const errors = form.formState.errors;
  // A link that prefills this same form on any console (items by name, never a secret).
  const share = useMemo(() => {
    const chosen = values.owner?.kind === 'existing' ? values.owner.name : values.owner?.kind === 'new' ? values.owner.name : undefined;
    const { prefill, leftOut } = prefillFromForm({
      orgName: org.name,
      description: values.description?.trim() || undefined,
      status: values.status,
      ...(chosen ? { ownerName: chosen } : {}),
      grants,
    });
    const link = buildShareLink(prefill);
    return { href: link.href, leftOut: [...leftOut, ...link.leftOut] };
  }, [org.name, values.description, values.status, values.owner, grants]);

  useEffect(() => {
    if (step === 'review') reviewHeading.current?.querySelector<HTMLElement>('#review-heading')?.focus();
    if (step === 'done') doneHeading.current?.focus();
  }, [step]);

  function updateMatrix(next: MatrixState) {
    setMatrix(next);
    form.setValue('grants', matrixToGrants(next), { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
    setServerError(null);
  }

  function changeOrg(orgID: string) {
    const { state, dropped } = dropItems(matrix);
    form.setValue('orgID', orgID, { shouldDirty: true });
    if (dropped > 0) {
      updateMatrix(state);
      setNotice(`Switching organisation removed ${dropped} chosen item${dropped === 1 ? '' : 's'}: items belong to one organisation.`);
    }
  }

  function changeOwner(next: TokenFormInput['owner']) {
    form.setValue('owner', next, { shouldDirty: true });
    form.clearErrors('owner');
    setServerError(null);
  }

  const toReview = form.handleSubmit(() => {
    if (ownerMode === 'other' && values.owner?.kind === 'console') {
      form.setError('owner', { message: 'Choose the InfluxDB user who will own the token, or create one by name.' });
      return;
    }
    setServerError(null);
    setStep('review');
  });

  const mint = form.handleSubmit((data) => {
    setServerError(null);
    startTransition(async () => {
      const res = await createToken(data);
      if (res.ok) {
        setHalfDone(null);
        dialog.current?.show(res.data);
        setShowing(true);
        void queryClient.invalidateQueries({ queryKey: queryKeys.inventory.all });
        return;
      }
      if (res.partial) {
        // The user exists now: whatever happens next (retry, edit) must not create it again.
        setHalfDone({ partial: res.partial, message: res.formError });
        createdOwnerID.current = res.partial.user.id;
        form.setValue('owner', { kind: 'existing', userID: res.partial.user.id, name: res.partial.user.name });
        return;
      }
      if (halfDone) {
        // A retry for the created user failed too: the panel (with its two buttons) says why.
        const name = halfDone.partial.user.name;
        setHalfDone({ ...halfDone, message: `The retry did not create the token either. ${res.formError} InfluxDB user ${name} still exists and owns no token.` });
      } else {
        setServerError({ code: res.code, message: res.formError });
      }
      for (const [field, messages] of Object.entries(res.fieldErrors ?? {})) {
        if (messages[0]) form.setError(field as keyof TokenFormInput, { message: messages[0] });
      }
    });
  });

  function startAgain() {
    form.reset(defaults(newFormKey(), values.orgID ?? props.defaultOrgID));
    setMatrix(emptyMatrix(resourceTypes));
    setDone(null);
    setServerError(null);
    setNotice(null);
    setOwnerMode('console');
    setHalfDone(null);
    createdOwnerID.current = null;
    setStep('build');
  }

  const details = (
    <section aria-labelledby="details-heading" className="space-y-4 rounded-card border border-gray-200 bg-surface p-4">
      <h2 id="details-heading" className="text-base font-medium">
        Token
      </h2>
      {orgs.length > 1 ? (
        <label className="block text-sm">
          <span className="font-medium">Organisation</span>
          <select
            value={values.orgID}
            onChange={(e) => changeOrg(e.target.value)}
            className="mt-1 block w-full rounded-md border border-gray-300 bg-surface px-3 py-1.5 text-sm"
          >
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({o.id})
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p className="text-sm">
          <span className="font-medium">Organisation:</span> {org.name} <span className="font-mono text-xs text-ink-faint">{org.id}</span>
        </p>
      )}
      <label className="block text-sm">
        <span className="font-medium">Description</span>
        <span className="ml-2 text-xs text-ink-muted">required: what uses this token, e.g. “telegraf on edge-01”</span>
        <input
          {...form.register('description')}
          maxLength={DESCRIPTION_MAX}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={errors.description ? 'description-error' : undefined}
          className="mt-1 block w-full rounded-md border border-gray-300 px-3 py-1.5 text-sm"
        />
        {errors.description ? (
          <span id="description-error" className="mt-1 block text-sm text-danger-700">
            {errors.description.message}
          </span>
        ) : null}
      </label>
      <fieldset className="text-sm">
        <legend className="font-medium">Status</legend>
        <div className="mt-1 flex gap-4">
          <label className="flex items-center gap-1.5">
            <input type="radio" value="active" {...form.register('status')} /> Active
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" value="inactive" {...form.register('status')} /> Inactive (refused until activated)
          </label>
        </div>
      </fieldset>
      <OwnerSection
        mode={ownerMode}
        onMode={(m) => {
          setOwnerMode(m);
          if (m === 'console' && !halfDone) changeOwner({ kind: 'console' });
        }}
        owner={(values.owner ?? { kind: 'console' }) as TokenFormInput['owner']}
        onOwner={changeOwner}
        consoleOwner={owner}
        option={props.otherOwner}
        {...(errors.owner?.message ? { error: errors.owner.message } : {})}
        {...(halfDone ? { createdUserName: halfDone.partial.user.name } : {})}
      />
    </section>
  );

  const allAccessAllowed = mayUseAllAccess(role, policy);
  const presets = (
    <div className="flex flex-wrap items-center gap-2 text-sm" role="group" aria-label="Presets">
      <span className="text-ink-muted">Presets:</span>
      <Button
        size="sm"
        disabled={!allAccessAllowed}
        aria-describedby={allAccessAllowed ? undefined : 'all-access-hint'}
        onClick={() => updateMatrix(grantsToMatrix(allAccessGrants(resourceTypes), resourceTypes))}
      >
        All access in this org
      </Button>
      <Button size="sm" onClick={() => updateMatrix(emptyMatrix(resourceTypes))}>
        Clear
      </Button>
      {allAccessAllowed ? null : (
        <span id="all-access-hint" className="text-xs text-ink-muted">
          All access is for {policy.sensitiveRole}s only.
        </span>
      )}
    </div>
  );

  const preview = (
    <RequestPreview
      orgID={values.orgID ?? props.defaultOrgID}
      description={values.description ?? ''}
      status={values.status ?? 'active'}
      grants={grants}
      owner={chosenOwner}
      {...(chosenOwner.kind === 'new' ? { newUserName: chosenOwner.name } : {})}
      influxUrl={influxUrl}
      resourceTypes={resourceTypes}
    />
  );

  const errorBox = serverError ? (
    <div role="alert" data-testid="mint-error" className="rounded-md border border-danger-600/40 bg-danger-50 p-3 text-sm text-danger-700">
      <p>{serverError.message}</p>
      {serverError.code === 'outcome-unknown' || serverError.code === 'conflict' ? (
        <p className="mt-1">
          <Link href="/tokens" className="font-medium underline">
            Open the token inventory
          </Link>
        </p>
      ) : null}
    </div>
  ) : null;

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold">New token</h1>
        <ol className="mt-2 flex gap-2 text-sm" aria-label="Steps">
          {(['build', 'review', 'done'] as const).map((s, i) => {
            const current = (showing ? 'done' : step) === s;
            return (
            <li
              key={s}
              aria-current={current ? 'step' : undefined}
              className={`rounded-full px-3 py-0.5 ${current ? 'bg-brand-600 text-white' : 'bg-gray-100 text-ink-muted'}`}
            >
              {i + 1}. {s === 'build' ? 'Build' : s === 'review' ? 'Review' : 'Copy once'}
            </li>
            );
          })}
        </ol>
      </div>

      {step === 'build' ? props.prefillNotice : null}

      {step === 'build' ? (
        <form onSubmit={toReview} noValidate className="grid gap-5 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <div className="min-w-0 space-y-5">
            {details}
            {notice ? (
              <p role="status" className="rounded-md bg-brand-50 p-2 text-sm text-brand-700">
                {notice}
              </p>
            ) : null}
            {presets}
            <PermissionMatrix
              types={resourceTypes}
              state={matrix}
              onChange={updateMatrix}
              orgID={org.id}
              orgName={org.name}
              ownerName={chosenOwner.name}
              role={role}
              policy={policy}
              error={errors.grants?.message ?? errors.grants?.root?.message}
            />
            <div className="flex flex-wrap items-start justify-end gap-3">
              <div className="mr-auto space-y-2" data-testid="share-link">
                <CopyLinkButton href={share.href} label="Copy link to this form" />
                {share.leftOut.length > 0 ? <NotAppliedList items={share.leftOut} title="Not in the link" /> : null}
              </div>
              <Button type="submit" variant="primary">
                Review
              </Button>
            </div>
          </div>
          <div className="min-w-0 xl:sticky xl:top-4 xl:self-start">{preview}</div>
        </form>
      ) : null}

      {step === 'review' ? (
        <form onSubmit={mint} noValidate className="grid gap-5 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <div ref={reviewHeading} className="min-w-0 space-y-4">
            <ReviewStep
              description={values.description?.trim() ?? ''}
              status={values.status ?? 'active'}
              orgName={org.name}
              ownerName={chosenOwner.name}
              ownerWords={chosenOwner.words}
              grants={grants}
              resourceTypes={resourceTypes}
              decision={decision}
              confirm={
                <label className="flex items-center gap-2 font-medium">
                  <input type="checkbox" className="size-4 accent-brand-600" {...form.register('confirmSensitive')} />I understand what
                  these sensitive grants allow, and want this token anyway.
                </label>
              }
            />
            {halfDone ? (
              <HalfDonePanel
                halfDone={halfDone.partial}
                message={halfDone.message}
                retrying={pending}
                onRetry={() => void mint()}
                deleteUser={props.deleteCreatedUser}
                onDeleted={(r) => {
                  setHalfDone(null);
                  // Nothing from this attempt is left: the form asks for the same new user again.
                  form.setValue('owner', { kind: 'new', name: r.userName });
                  setNotice(
                    r.deletedNow
                      ? `InfluxDB user ${r.userName} was deleted. Nothing from that attempt is left in InfluxDB.`
                      : `InfluxDB user ${r.userName} no longer existed (someone deleted it already). Nothing from that attempt is left.`,
                  );
                }}
              />
            ) : (
              errorBox
            )}
            {notice && step === 'review' ? (
              <p role="status" data-testid="review-notice" className="rounded-md bg-brand-50 p-2 text-sm text-brand-700">
                {notice}
              </p>
            ) : null}
            <div className="flex justify-between gap-2">
              <Button onClick={() => setStep('build')} disabled={pending}>
                Back to edit
              </Button>
              {halfDone ? null : (
                <Button
                  type="submit"
                  variant="primary"
                  disabled={pending || !decision.allowed || (decision.needsConfirmation && !values.confirmSensitive)}
                >
                  {pending ? 'Creating…' : 'Create token'}
                </Button>
              )}
            </div>
          </div>
          <div className="min-w-0">{preview}</div>
        </form>
      ) : null}

      {step === 'done' && done ? (
        <section aria-labelledby="done-heading" className="space-y-3 rounded-card border border-ok-600/40 bg-ok-50 p-5">
          <h2 id="done-heading" ref={doneHeading} tabIndex={-1} className="text-lg font-semibold text-ok-700">
            Token “{done.description}” created
          </h2>
          <p className="text-sm">
            Id <span className="font-mono">{done.id}</span> in organisation {done.orgName}, owned by {done.ownerName}
            {done.ownerKind === 'new' || done.ownerID === createdOwnerID.current
              ? ' (a new InfluxDB user, created for it)'
              : done.ownerKind === 'existing'
                ? ' (an existing InfluxDB user)'
                : ''}
            , with{' '}
            {done.permissionCount} permission{done.permissionCount === 1 ? '' : 's'}. Its value was shown once; the console did not keep
            it.
          </p>
          <div className="flex gap-2">
            <Button variant="primary" onClick={startAgain}>
              Create another token
            </Button>
            <Link href="/tokens" className={buttonClass()}>
              Go to tokens
            </Link>
          </div>
        </section>
      ) : null}

      <CopyOnceDialog
        ref={dialog}
        influxUrl={influxUrl}
        onClosed={(summary) => {
          setShowing(false);
          setDone(summary);
          setStep('done');
        }}
      />
    </div>
  );
}
