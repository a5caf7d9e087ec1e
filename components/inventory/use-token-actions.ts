'use client';
// Single-token actions shared by the list rows and the detail page: which dialog is open, what
// each confirmation does, what a clone or replace left behind. State and handlers only; the
// dialogs are drawn by <TokenActionDialogs>. Buttons are offered exactly when the server's policy
// allows (rows and the detail carry `may`); the server decides again anyway.
import { useRef, useState } from 'react';
import type { CopyOnceDialogHandle } from '@/components/tokens/copy-once-dialog';
import type { TokenOperation } from '@/lib/policy/operations';
import { errorWords } from './action-error';
import { describeToken } from './describe-token';
import type { InventoryActions } from './inventory-actions';
import {
  useCloneToken,
  useDeleteToken,
  useEditDescription,
  useReplaceToken,
  useSetStatus,
  type NewTokenInfo,
  type ReplaceInfo,
} from './use-token-mutations';

export interface TokenRef {
  id: string;
  description: string;
  status: 'active' | 'inactive';
  sensitive: string[];
  isConsoleCredential?: boolean;
  /** What the signed-in person may do to it, decided on the server by lib/policy. */
  may?: Record<TokenOperation, boolean>;
}

export type Notice = { kind: 'success' | 'error'; text: string };
export type DialogKind = 'delete' | 'clone' | 'replace' | 'describe';
export type OpenDialog = { kind: DialogKind; token: TokenRef; formKey: string };
export type CreatedResult = { kind: 'clone'; info: NewTokenInfo } | { kind: 'replace'; info: ReplaceInfo };

export const quotedName = (t: { description: string }) => `"${describeToken(t.description)}"`;

export function useTokenActions({
  actions,
  notify,
  onDeleted,
}: {
  actions: InventoryActions;
  notify: (n: Notice) => void;
  onDeleted?: (id: string) => void;
}) {
  // formKey: made once per dialog opening, so a repeated click or post makes one token at most.
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [result, setResult] = useState<CreatedResult | null>(null);
  const secretDialog = useRef<CopyOnceDialogHandle>(null);
  const setStatus = useSetStatus(actions);
  const describe = useEditDescription(actions);
  const remove = useDeleteToken(actions);
  // The copy-once dialog keeps the value; this hook keeps only what is left without it.
  const clone = useCloneToken(actions, (created) => {
    const { token: _token, ...info } = created;
    setResult({ kind: 'clone', info });
    secretDialog.current?.show(created);
  });
  const replace = useReplaceToken(actions, (created) => {
    const { token: _token, ...info } = created;
    setResult({ kind: 'replace', info });
    secretDialog.current?.show(created);
  });

  const can = (t: TokenRef) => {
    const may = t.may;
    return {
      status: Boolean(t.status === 'active' ? may?.deactivate : may?.activate),
      describe: Boolean(may?.describe),
      clone: Boolean(may?.clone),
      delete: Boolean(may?.delete),
      replace: Boolean(may?.replace),
    };
  };

  const toggleStatus = (t: TokenRef) => {
    const status = t.status === 'active' ? 'inactive' : 'active';
    setStatus.mutate(
      { id: t.id, status, description: t.description },
      {
        onSuccess: () => notify({ kind: 'success', text: `${status === 'active' ? 'Activated' : 'Deactivated'} ${quotedName(t)}.` }),
        onError: (e) => notify({ kind: 'error', text: errorWords(e, 'change the status') }),
      },
    );
  };

  const close = () => setDialog(null);

  const confirmDelete = () => {
    if (!dialog) return;
    const t = dialog.token;
    remove.mutate(
      { id: t.id, description: t.description },
      {
        onSuccess: () => {
          notify({ kind: 'success', text: `Deleted ${quotedName(t)}. InfluxDB refuses it from now on.` });
          onDeleted?.(t.id);
        },
        onError: (e) => notify({ kind: 'error', text: errorWords(e, 'delete the token') }),
        onSettled: close,
      },
    );
  };

  const confirmClone = () => {
    if (!dialog) return;
    const t = dialog.token;
    clone.mutate(
      { id: t.id, description: t.description, formKey: dialog.formKey },
      {
        onError: (e) => notify({ kind: 'error', text: errorWords(e, 'clone the token') }),
        onSettled: close,
      },
    );
  };

  const confirmReplace = (graceSeconds: number, lifetime?: string) => {
    if (!dialog) return;
    const t = dialog.token;
    replace.mutate(
      { id: t.id, graceSeconds, description: t.description, formKey: dialog.formKey, ...(lifetime ? { lifetime } : {}) },
      {
        onError: (e) => notify({ kind: 'error', text: errorWords(e, 'replace the token') }),
        onSettled: close,
      },
    );
  };

  const saveDescription = (description: string) => {
    if (!dialog) return;
    describe.mutate(
      { id: dialog.token.id, description },
      {
        onSuccess: () => notify({ kind: 'success', text: 'Description saved.' }),
        onError: (e) => notify({ kind: 'error', text: errorWords(e, 'change the description') }),
        onSettled: close,
      },
    );
  };

  return {
    can,
    toggleStatus,
    open: (kind: DialogKind, token: TokenRef) => setDialog({ kind, token, formKey: crypto.randomUUID() }),
    busy: setStatus.isPending || remove.isPending || clone.isPending || replace.isPending || describe.isPending,
    /** What <TokenActionDialogs> draws. */
    dialogs: {
      dialog,
      result,
      secretDialog,
      pending: { delete: remove.isPending, clone: clone.isPending, replace: replace.isPending, describe: describe.isPending },
      close,
      confirmDelete,
      confirmClone,
      confirmReplace,
      saveDescription,
      closeResult: () => setResult(null),
    },
  };
}

export type TokenActions = ReturnType<typeof useTokenActions>;
