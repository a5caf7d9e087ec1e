'use client';
// The builder's delivery state: the "Deliver to" choice, the answer of a mint into a store, and the
// half-done choice when the store write failed. The token value never enters this state: a
// delivery answer carries none, and "show once" hands its answer straight to the copy-once dialog.
import { useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import type { ScopeParams } from '@/lib/connections/scope';
import type { TokenForm, TokenFormInput } from '@/lib/permissions/token-form-schema';
import type { Delivered, DeliveryHalfDone } from '@/lib/secret-stores/deliver-minted';
import type { DeliveryRequestInput, StoreChoice } from '@/lib/secret-stores/delivery-request';
import type { HalfDone, MintedToken } from '@/lib/tokens/minted';
import { deliveryRequestOf, initialDeliveryChoice, type DeliveryChoice } from './deliver-to-field';

type Followup = { operationId: string };

export interface DeliveryActions {
  createTokenForStore: (
    input: TokenFormInput & { delivery: DeliveryRequestInput },
  ) => Promise<ActionResult<Delivered, DeliveryHalfDone | HalfDone>>;
  retry: (input: Followup) => Promise<ActionResult<Delivered, DeliveryHalfDone>>;
  showOnce: (input: Followup) => Promise<ActionResult<MintedToken>>;
  deleteToken: (input: Followup) => Promise<ActionResult<{ id: string; description: string }>>;
}

export const isDeliveryHalfDone = (p: unknown): p is DeliveryHalfDone => typeof p === 'object' && p !== null && 'outcome' in p;

export function useDelivery(
  stores: readonly StoreChoice[],
  actions: DeliveryActions | undefined,
  scope: ScopeParams | undefined,
  /** A link's or template's destination (link format 4): the builder opens with it chosen. */
  initial?: Pick<DeliveryChoice, 'storeId' | 'path' | 'key' | 'withUrlAndOrg'>,
) {
  const [choice, setChoice] = useState<DeliveryChoice>(() => ({
    ...initialDeliveryChoice(stores),
    ...(initial && actions ? { ...initial, mode: 'kv' as const } : {}),
  }));
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [delivered, setDelivered] = useState<Delivered | null>(null);
  const [halfDone, setHalfDone] = useState<DeliveryHalfDone | null>(null);
  const [deleted, setDeleted] = useState<{ id: string; description: string } | null>(null);
  const [choiceError, setChoiceError] = useState<string | null>(null);
  const [busy, startChoice] = useTransition();
  const active = Boolean(actions) && stores.length > 0 && choice.mode !== 'dialog';

  function change(next: DeliveryChoice) {
    setChoice(next);
    setErrors({});
  }

  /** The mint into the store: the same form, plus where it goes. */
  async function mint(data: TokenForm) {
    setErrors({});
    const res = await actions!.createTokenForStore({ ...data, ...scope, delivery: deliveryRequestOf(choice) });
    if (res.ok) setDelivered(res.data);
    else if (isDeliveryHalfDone(res.partial)) setHalfDone(res.partial);
    else {
      const fe = res.fieldErrors ?? {};
      setErrors(
        Object.fromEntries(
          Object.entries(fe)
            .filter(([k]) => k.startsWith('delivery.'))
            .map(([k, v]) => [k, v[0]]),
        ),
      );
    }
    return res;
  }

  /** One of the half-done choices; "show once" answers the token for the copy-once dialog. */
  function choose(which: 'retry-write' | 'show-once' | 'delete-token', showToken: (t: MintedToken) => void) {
    if (!halfDone || !actions) return;
    const input = { operationId: halfDone.operationId };
    setChoiceError(null);
    startChoice(async () => {
      if (which === 'retry-write') {
        const r = await actions.retry(input);
        if (r.ok) {
          setHalfDone(null);
          setDelivered(r.data);
        } else if (isDeliveryHalfDone(r.partial)) setHalfDone(r.partial);
        else setChoiceError(r.formError);
      } else if (which === 'show-once') {
        const r = await actions.showOnce(input);
        if (r.ok) {
          setHalfDone(null);
          showToken(r.data);
        } else setChoiceError(r.formError);
      } else {
        const r = await actions.deleteToken(input);
        if (r.ok) {
          setHalfDone(null);
          setDeleted(r.data);
        } else setChoiceError(r.formError);
      }
    });
  }

  function reset() {
    setDelivered(null);
    setHalfDone(null);
    setDeleted(null);
    setChoiceError(null);
    setErrors({});
  }

  return { choice, change, errors, active, mint, delivered, halfDone, deleted, choose, busy, choiceError, reset };
}

export type DeliveryState = ReturnType<typeof useDelivery>;
