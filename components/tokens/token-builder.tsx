'use client';
// The "new token" builder: details, the permission matrix with presets and a live preview, then a
// review step, then one call to the mint action, whose answer goes straight into the copy-once
// dialog. Layout only: the state machine is useTokenBuilder (use-token-builder.ts).
import { useMemo, useState, type ReactNode } from 'react';
import { CopyLinkButton } from '@/components/links/copy-link-button';
import { RequestThisToken, type RequestTokenAction } from '@/components/requests/request-this-token';
import { NotAppliedList } from '@/components/links/not-applied-list';
import { ConnectionBadge } from '@/components/shell/connection-badge';
import { Button } from '@/components/ui/button';
import type { ConnectionColour } from '@/lib/connections/model';
import type { ScopeParams } from '@/lib/connections/scope';
import type { ActionResult } from '@/lib/actions/result';
import type { Role } from '@/lib/auth/roles';
import type { OrgDTO } from '@/lib/influx/dto';
import { ENFORCED_BY, expiryWhen, localTimeZone } from '@/lib/lifetimes/expiry-words';
import { grantClassesOf } from '@/lib/lifetimes/grant-classes';
import { BUILT_IN_POLICY, formatLifetime, type LifetimePolicy } from '@/lib/lifetimes/policy-rules';
import { ruleFor } from '@/lib/lifetimes/decide-lifetime';
import type { Grant } from '@/lib/permissions/model';
import type { TokenFormInput } from '@/lib/permissions/token-form-schema';
import type { GrantPolicy } from '@/lib/policy/grant-policy';
import type { HalfDone, MintedToken } from '@/lib/tokens/minted';
import type { OtherOwnerOption } from '@/lib/tokens/owner-option';
import { BuilderSteps } from './builder-steps';
import { LazyCopyOnceDialog } from './lazy-copy-once-dialog';
import { LifetimeField, lifetimeOutcome } from './lifetime-field';
import { GrantPresets } from './grant-presets';
import { HalfDonePanel, type DeletedUserResult } from './half-done-panel';
import { MintDonePanel } from './mint-done-panel';
import { MintError } from './mint-error';
import { PermissionMatrix } from './permission-matrix';
import { RequestPreview } from './request-preview';
import { ReviewStep } from './review-step';
import { TokenDetailsSection } from './token-details-section';
import { useTokenBuilder } from './use-token-builder';
import { DeliverToField } from './deliver-to-field';
import { DeliveryDonePanel, DeliveryHalfDonePanel } from './delivery-panels';
import { useDelivery, type DeliveryActions } from './use-delivery';
import type { DestinationChoice } from '@/lib/links/resolve-destination';
import type { StoreChoice } from '@/lib/secret-stores/delivery-request';

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
  /** The connection and org the builder mints on: every create call names them. */
  scope?: ScopeParams;
  /** Shown beside the heading, so nobody mints on the wrong server. */
  connection?: { label: string; colour: ConnectionColour };
  formKey: string;
  /** The mint server action, passed in by the page (components do no data access themselves). */
  createToken: (input: TokenFormInput) => Promise<ActionResult<MintedToken, HalfDone>>;
  /** Deletes the user a half-done mint created (by its operation id). */
  deleteCreatedUser: (input: { operationId: string }) => Promise<ActionResult<DeletedUserResult>>;
  /** Form values from a shared link or template (already resolved to ids and checked on the server). */
  initial?: {
    orgID?: string;
    description?: string;
    status?: 'active' | 'inactive';
    grants?: Grant[];
    owner?: { id: string; name: string };
    /** Issue 13: a link's lifetime (format 3); the builder still decides it against the policy. */
    lifetime?: string;
    /** Issue 15: the template it was opened from; sent with the form so the server can check its flag. */
    template?: string;
  };
  /** Issue 17: a link's or template's destination, already checked against the stores on the server. */
  initialDelivery?: DestinationChoice;
  /** Issue 15: opened from a template that needs approval: only "Request this token" is offered. */
  needsApproval?: boolean;
  /** Where the prefill came from and what it could not apply, shown above the form. */
  prefillNotice?: ReactNode;
  /** The lifetime policy (CONSOLE_LIFETIMES_FILE); absent: the built-in one. */
  lifetimePolicy?: LifetimePolicy;
  /**
   * Sends the form as an access request (issue 15). When given, the builder lets the person ask
   * for what the policy refuses them, and the review offers "Request this token".
   */
  requestToken?: RequestTokenAction;
  /** Secret stores the token may be delivered to (CONSOLE_SECRET_STORES_FILE); none: the dialog only. */
  secretStores?: StoreChoice[];
  /** The mint-to-store action and the follow-ups of a failed store write. */
  delivery?: DeliveryActions;
}

export function TokenBuilder(props: TokenBuilderProps) {
  const { orgs, resourceTypes, owner, role, policy, influxUrl } = props;
  const { scope, createToken } = props;
  const scopedCreate = useMemo(
    () => (scope ? (input: TokenFormInput) => createToken({ ...input, ...scope }) : createToken),
    [scope, createToken],
  );
  const delivery = useDelivery(props.secretStores ?? [], props.delivery, scope, props.initialDelivery);
  const b = useTokenBuilder({ ...props, createToken: scopedCreate }, delivery);
  const {
    values,
    errors,
    grants,
    org,
    chosenOwner,
    decision,
    step,
    notice,
    halfDone,
    pending,
    dialog,
    reviewHeading,
    doneHeading,
    createdOwnerID,
  } = b;

  const lifetimePolicy = props.lifetimePolicy ?? BUILT_IN_POLICY;
  const classes = grantClassesOf(grants, resourceTypes);
  const lifetime = lifetimeOutcome(values.lifetime, role, classes, lifetimePolicy, new Date());
  // Asking for more: the matrix offers every grant (as to an admin); the review then refuses the
  // mint and offers the request instead.
  const [asking, setAsking] = useState(false);
  const matrixRole: Role = asking ? 'admin' : role;
  const offerRequest =
    props.requestToken !== undefined && (props.needsApproval || !decision.allowed || !lifetime.ok || b.serverError?.code === 'forbidden');
  const requestForm = {
    connectionId: scope?.connection ?? 'default',
    orgID: org.id,
    description: values.description?.trim() ?? '',
    owner: values.owner ?? { kind: 'console' as const },
    grants,
    lifetime: values.lifetime || formatLifetime(ruleFor(role, classes, lifetimePolicy)?.rule.default ?? null),
  };

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
      {...(lifetime.ok ? { expiresAt: lifetime.expiresAt } : {})}
    />
  );

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold">New token</h1>
        {props.connection && (
          <p className="text-sm" data-testid="builder-connection">
            on <ConnectionBadge label={props.connection.label} colour={props.connection.colour} />
          </p>
        )}
        <BuilderSteps current={b.shownStep} />
      </div>

      {step === 'build' ? props.prefillNotice : null}

      {step === 'build' ? (
        <form onSubmit={(e) => void b.toReview(e)} noValidate className="grid gap-5 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <div className="min-w-0 space-y-5">
            <TokenDetailsSection builder={b} orgs={orgs} consoleOwner={owner} otherOwner={props.otherOwner} />
            <LifetimeField
              value={values.lifetime}
              onChange={(next) => {
                b.form.setValue('lifetime', next, { shouldDirty: true });
                b.form.clearErrors('lifetime');
              }}
              role={role}
              classes={classes}
              policy={lifetimePolicy}
              {...(errors.lifetime?.message ? { error: errors.lifetime.message } : {})}
            />
            <DeliverToField stores={props.secretStores ?? []} value={delivery.choice} onChange={delivery.change} errors={delivery.errors} />
            {notice ? (
              <p role="status" className="rounded-md bg-brand-50 p-2 text-sm text-brand-700">
                {notice}
              </p>
            ) : null}
            {props.requestToken && role !== 'admin' ? (
              <label className="flex items-center gap-2 text-sm" data-testid="ask-for-more">
                <input type="checkbox" className="size-4 accent-brand-600" checked={asking} onChange={(e) => setAsking(e.target.checked)} />
                I need permissions I may not create myself: I will request this token from an admin.
              </label>
            ) : null}
            <GrantPresets role={matrixRole} policy={policy} resourceTypes={resourceTypes} onChange={b.updateMatrix} />
            <PermissionMatrix
              types={resourceTypes}
              state={b.matrix}
              onChange={b.updateMatrix}
              orgID={org.id}
              orgName={org.name}
              ownerName={chosenOwner.name}
              role={matrixRole}
              policy={policy}
              error={errors.grants?.message ?? errors.grants?.root?.message}
            />
            <div className="flex flex-wrap items-start justify-end gap-3">
              <div className="mr-auto space-y-2" data-testid="share-link">
                {b.share ? (
                  <>
                    <CopyLinkButton href={b.share.href} label="Copy link to this form" />
                    {b.share.leftOut.length > 0 ? <NotAppliedList items={b.share.leftOut} title="Not in the link" /> : null}
                  </>
                ) : null}
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
        <form onSubmit={(e) => void b.mint(e)} noValidate className="grid gap-5 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
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
              expires={
                lifetime.ok ? (
                  <span suppressHydrationWarning>
                    {lifetime.expiresAt === null ? 'No expiry' : `${expiryWhen(lifetime.expiresAt, localTimeZone())}. ${ENFORCED_BY}`}
                  </span>
                ) : (
                  <span className="text-danger-700">{errors.lifetime?.message ?? lifetime.message}</span>
                )
              }
              confirm={
                <label className="flex items-center gap-2 font-medium">
                  <input type="checkbox" className="size-4 accent-brand-600" {...b.form.register('confirmSensitive')} />I understand what
                  these sensitive grants allow, and want this token anyway.
                </label>
              }
            />
            {delivery.active ? (
              <p className="text-sm" data-testid="review-delivery">
                {delivery.choice.mode === 'kv'
                  ? `Delivered to ${props.secretStores?.find((s) => s.id === delivery.choice.storeId)?.label ?? delivery.choice.storeId}: ${delivery.choice.path} (key “${delivery.choice.key}”), not shown to you.`
                  : `Wrapped in ${props.secretStores?.find((s) => s.id === delivery.choice.storeId)?.label ?? delivery.choice.storeId} for someone else: you get a single-use wrapping token.`}
              </p>
            ) : null}
            {delivery.halfDone ? (
              <DeliveryHalfDonePanel
                halfDone={delivery.halfDone}
                busy={delivery.busy}
                error={delivery.choiceError}
                onChoose={(c) =>
                  delivery.choose(c, (t) => {
                    b.dialog.current?.show(t);
                  })
                }
              />
            ) : null}
            {delivery.deleted ? (
              <div
                role="status"
                data-testid="delivery-deleted"
                className="space-y-2 rounded-md border border-brand-100 bg-brand-50 p-3 text-sm"
              >
                <p>
                  Token “{delivery.deleted.description}” was deleted in InfluxDB; nothing of it remains. Fix the store, then create the
                  token again.
                </p>
                <Button onClick={b.startAgain}>Start again</Button>
              </div>
            ) : null}
            {halfDone ? (
              <HalfDonePanel
                halfDone={halfDone.partial}
                message={halfDone.message}
                retrying={pending}
                onRetry={() => void b.mint()}
                deleteUser={props.deleteCreatedUser}
                onDeleted={b.createdUserDeleted}
              />
            ) : (
              <MintError error={b.serverError} />
            )}
            {props.needsApproval ? (
              <p role="note" data-testid="template-needs-approval" className="rounded-md bg-warn-50 p-2 text-sm text-warn-800">
                This token comes from a template that needs approval: send it as a request, and create it once an admin has approved it.
              </p>
            ) : null}
            {offerRequest && props.requestToken ? <RequestThisToken form={requestForm} requestToken={props.requestToken} /> : null}
            {notice ? (
              <p role="status" data-testid="review-notice" className="rounded-md bg-brand-50 p-2 text-sm text-brand-700">
                {notice}
              </p>
            ) : null}
            <div className="flex justify-between gap-2">
              <Button onClick={() => b.setStep('build')} disabled={pending}>
                Back to edit
              </Button>
              {halfDone || delivery.halfDone || delivery.deleted || props.needsApproval ? null : (
                <Button
                  type="submit"
                  variant="primary"
                  disabled={pending || !decision.allowed || !lifetime.ok || (decision.needsConfirmation && !values.confirmSensitive)}
                >
                  {pending ? 'Creating…' : 'Create token'}
                </Button>
              )}
            </div>
          </div>
          <div className="min-w-0">{preview}</div>
        </form>
      ) : null}

      {step === 'done' && delivery.delivered ? (
        <DeliveryDonePanel delivered={delivery.delivered} headingRef={doneHeading} onStartAgain={b.startAgain} />
      ) : null}

      {step === 'done' && b.done && !delivery.delivered ? (
        <MintDonePanel
          done={b.done}
          ownerCreatedByThisForm={b.done.ownerID === createdOwnerID}
          headingRef={doneHeading}
          onStartAgain={b.startAgain}
        />
      ) : null}

      <LazyCopyOnceDialog ref={dialog} influxUrl={influxUrl} onClosed={b.dialogClosed} />
    </div>
  );
}
