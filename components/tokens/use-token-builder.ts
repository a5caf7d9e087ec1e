'use client';
// The builder's state machine: the form (react-hook-form with the action's zod schema), the
// permission matrix, the step (build, review, done), the owner choice, a half-done mint, and the
// one call to the mint action. The token value never enters this state: the submit handler hands
// the action's answer straight to the copy-once dialog.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, useTransition, type BaseSyntheticEvent } from 'react';
import { useForm, useWatch, type Resolver } from 'react-hook-form';
import { queryKeys } from '@/components/query-keys';
import { dropItems, emptyMatrix, grantsToMatrix, matrixToGrants, type MatrixState } from '@/lib/permissions/matrix-state';
import type { Grant } from '@/lib/permissions/model';
import type { TokenForm, TokenFormInput } from '@/lib/permissions/token-form-schema';
import { newFormKey } from '@/lib/permissions/token-form-limits';
import { evaluateGrants } from '@/lib/policy/grant-policy';
import type { HalfDone, MintedSummary } from '@/lib/tokens/minted';
import { ownerView } from '@/lib/tokens/owner-view';
import type { CopyOnceDialogHandle } from './copy-once-dialog';
import type { OwnerMode } from './owner-section';
import type { TokenBuilderProps } from './token-builder';
import { isDeliveryHalfDone, type DeliveryState } from './use-delivery';
import type { ActionResult } from '@/lib/actions/result';

export type Step = 'build' | 'review' | 'done';

// zod is the heaviest library the builder needs, and only to check the form and encode its link: both
// load after the page is up (started on mount), so they stay out of the page's first load. The
// server action parses with the same schema whatever the browser did.
const loadResolver = () => import('./token-form-resolver');
const loadShareLink = () => import('@/lib/links/form-share-link');
const tokenFormResolver: Resolver<TokenFormInput, unknown, TokenForm> = async (values, context, options) =>
  (await loadResolver()).tokenFormResolver(values, context, options);

export function useTokenBuilder(props: TokenBuilderProps, delivery?: DeliveryState) {
  const { orgs, resourceTypes, owner, role, policy, createToken } = props;
  const connection = props.scope?.connection;
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
    resolver: tokenFormResolver,
    defaultValues: {
      ...defaults(props.formKey, initial?.orgID ?? props.defaultOrgID),
      ...(initial?.description ? { description: initial.description } : {}),
      ...(initial?.status ? { status: initial.status } : {}),
      ...(initial?.lifetime ? { lifetime: initial.lifetime } : {}),
      ...(initial?.template ? { template: initial.template } : {}),
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
  const [createdOwnerID, setCreatedOwnerID] = useState<string | null>(null);
  const reviewHeading = useRef<HTMLDivElement>(null);
  const doneHeading = useRef<HTMLHeadingElement>(null);

  // useWatch types the form as deep-partial; defaultValues sets every field, so it is complete.
  const values = useWatch({ control: form.control }) as TokenFormInput;
  const grants = useMemo(() => (values.grants ?? []) as Grant[], [values.grants]);
  const org = orgs.find((o) => o.id === values.orgID) ?? orgs[0]!;
  const decision = evaluateGrants(role, grants, resourceTypes, policy);
  // The chosen owner (the console's user, another user, or a new one) as preview and review name it.
  const chosenOwner =
    ownerMode === 'other' && (values.owner?.kind ?? 'console') === 'console'
      ? { kind: 'existing' as const, id: '<the user you choose>', name: 'the user you choose', words: 'not chosen yet' }
      : halfDone && values.owner?.kind === 'existing' && values.owner.userID === halfDone.partial.user.id
        ? {
            kind: 'existing' as const,
            id: halfDone.partial.user.id,
            name: halfDone.partial.user.name,
            words: `${halfDone.partial.user.name} (created in InfluxDB by this attempt; owns no token yet)`,
          }
        : ownerView(values.owner, owner);
  const errors = form.formState.errors;
  const [shareLinks, setShareLinks] = useState<Awaited<ReturnType<typeof loadShareLink>> | null>(null);
  useEffect(() => {
    let live = true;
    void loadResolver();
    void loadShareLink().then((m) => live && setShareLinks(m));
    return () => {
      live = false;
    };
  }, []);
  // A link that prefills this same form on any console (items by name, never a secret); null until
  // its module has loaded.
  const kv = delivery?.active && delivery.choice.mode === 'kv' ? delivery.choice : undefined;
  const share = useMemo(() => {
    if (!shareLinks) return null;
    const chosen = values.owner?.kind === 'existing' ? values.owner.name : values.owner?.kind === 'new' ? values.owner.name : undefined;
    // Format 2 names the page's connection, so the link opens on the same server.
    return shareLinks.formShareLink(
      {
        orgName: org.name,
        description: values.description?.trim() || undefined,
        status: values.status,
        ...(chosen ? { ownerName: chosen } : {}),
        ...(values.lifetime ? { lifetime: values.lifetime } : {}),
        // A wrapping handoff is for one person at one moment: only a store path travels in a link.
        ...(kv ? { deliver: { store: kv.storeId, path: kv.path.trim(), key: kv.key, withUrlAndOrg: kv.withUrlAndOrg } } : {}),
        grants,
      },
      connection ? { connection } : {},
    );
  }, [shareLinks, org.name, values.description, values.status, values.owner, values.lifetime, kv, grants, connection]);

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

  function submitMint(data: TokenForm) {
    setServerError(null);
    startTransition(async () => {
      if (delivery?.active) {
        // Into a secret store: the answer names where it went, never the value (use-delivery.ts).
        const res = await delivery.mint(data);
        void queryClient.invalidateQueries({ queryKey: queryKeys.inventory.all });
        if (res.ok) {
          setHalfDone(null);
          setStep('done');
        } else if (!isDeliveryHalfDone(res.partial)) {
          failed(res as Extract<ActionResult<never, HalfDone>, { ok: false }>);
        }
        return;
      }
      const res = await createToken(data);
      if (res.ok) {
        setHalfDone(null);
        dialog.current?.show(res.data);
        setShowing(true);
        void queryClient.invalidateQueries({ queryKey: queryKeys.inventory.all });
        return;
      }
      failed(res);
    });
  }

  function failed(res: Extract<ActionResult<never, HalfDone>, { ok: false }>) {
    if (res.partial) {
      // The user exists now: whatever happens next (retry, edit) must not create it again.
      setHalfDone({ partial: res.partial, message: res.formError });
      setCreatedOwnerID(res.partial.user.id);
      form.setValue('owner', { kind: 'existing', userID: res.partial.user.id, name: res.partial.user.name });
      return;
    }
    if (halfDone) {
      // A retry for the created user failed too: the panel (with its two buttons) says why.
      const name = halfDone.partial.user.name;
      setHalfDone({
        ...halfDone,
        message: `The retry did not create the token either. ${res.formError} InfluxDB user ${name} still exists and owns no token.`,
      });
    } else {
      setServerError({ code: res.code, message: res.formError });
    }
    for (const [field, messages] of Object.entries(res.fieldErrors ?? {})) {
      if (messages[0] && !field.startsWith('delivery.')) form.setError(field as keyof TokenFormInput, { message: messages[0] });
    }
  }

  // Built when submitted, not during render: the handler reaches the copy-once dialog's ref.
  const mint = (e?: BaseSyntheticEvent) => form.handleSubmit(submitMint)(e);

  function startAgain() {
    form.reset(defaults(newFormKey(), values.orgID ?? props.defaultOrgID));
    setMatrix(emptyMatrix(resourceTypes));
    setDone(null);
    setServerError(null);
    setNotice(null);
    setOwnerMode('console');
    setHalfDone(null);
    setCreatedOwnerID(null);
    delivery?.reset();
    setStep('build');
  }

  function chooseOwnerMode(m: OwnerMode) {
    setOwnerMode(m);
    if (m === 'console' && !halfDone) changeOwner({ kind: 'console' });
  }

  /** After "delete the user" on a half-done mint: nothing from that attempt is left. */
  function createdUserDeleted(r: { userName: string; deletedNow: boolean }) {
    setHalfDone(null);
    // The form asks for the same new user again.
    form.setValue('owner', { kind: 'new', name: r.userName });
    setNotice(
      r.deletedNow
        ? `InfluxDB user ${r.userName} was deleted. Nothing from that attempt is left in InfluxDB.`
        : `InfluxDB user ${r.userName} no longer existed (someone deleted it already). Nothing from that attempt is left.`,
    );
  }

  function dialogClosed(summary: MintedSummary) {
    setShowing(false);
    setDone(summary);
    setStep('done');
  }

  return {
    form,
    values,
    errors,
    grants,
    org,
    matrix,
    decision,
    chosenOwner,
    share,
    /** The step shown in the step list: "Copy once" while the dialog is open. */
    shownStep: showing ? 'done' : step,
    step,
    setStep,
    serverError,
    notice,
    done,
    ownerMode,
    halfDone,
    pending,
    dialog,
    createdOwnerID,
    reviewHeading,
    doneHeading,
    updateMatrix,
    changeOrg,
    changeOwner,
    chooseOwnerMode,
    toReview,
    mint,
    startAgain,
    createdUserDeleted,
    dialogClosed,
  };
}

export type TokenBuilderState = ReturnType<typeof useTokenBuilder>;
