'use client';
// Single-token actions with their confirmations and result dialogs, shared by the list rows and
// the detail page. Buttons are hidden for roles that may not use them; the server decides anyway.
import { useRef, useState, type ReactNode } from 'react';
import { CopyOnceDialog, type CopyOnceDialogHandle } from '@/components/tokens/copy-once-dialog';
import { Button } from '@/components/ui/button';
import { cx } from '@/components/ui/class-names';
import { fieldClass } from '@/components/ui/field';
import type { TokenOperation } from '@/lib/policy/operations';
import { GRACE_PRESETS, MAX_GRACE_SECONDS, formatDuration } from '@/lib/inventory/action-schemas';
import { errorWords } from './action-error';
import { ConfirmDialog } from './confirm-dialog';
import { DescriptionDialog } from './description-dialog';
import { describeToken, formatTime } from './format';
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
type DialogKind = 'delete' | 'clone' | 'replace' | 'describe';

export function useTokenActions({
  actions,
  minGraceSeconds,
  influxUrl,
  notify,
  onDeleted,
}: {
  actions: InventoryActions;
  minGraceSeconds: number;
  influxUrl: string;
  notify: (n: Notice) => void;
  onDeleted?: (id: string) => void;
}) {
  // formKey: made once per dialog opening, so a repeated click or post makes one token at most.
  const [dialog, setDialog] = useState<{ kind: DialogKind; token: TokenRef; formKey: string } | null>(null);
  const [result, setResult] = useState<{ kind: 'clone'; info: NewTokenInfo } | { kind: 'replace'; info: ReplaceInfo } | null>(null);
  const secretDialog = useRef<CopyOnceDialogHandle>(null);
  const setStatus = useSetStatus(actions);
  const describe = useEditDescription(actions);
  const remove = useDeleteToken(actions);
  // The dialog keeps the value; this hook keeps only what is left without it.
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

  // Offered exactly when the server's policy allows it (the rows and the detail carry `may`).
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

  const name = (t: { description: string }) => `"${describeToken(t.description)}"`;

  const toggleStatus = (t: TokenRef) => {
    const status = t.status === 'active' ? 'inactive' : 'active';
    setStatus.mutate(
      { id: t.id, status, description: t.description },
      {
        onSuccess: () => notify({ kind: 'success', text: `${status === 'active' ? 'Activated' : 'Deactivated'} ${name(t)}.` }),
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
          notify({ kind: 'success', text: `Deleted ${name(t)}. InfluxDB refuses it from now on.` });
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

  const confirmReplace = (graceSeconds: number) => {
    if (!dialog) return;
    const t = dialog.token;
    replace.mutate(
      { id: t.id, graceSeconds, description: t.description, formKey: dialog.formKey },
      {
        onError: (e) => notify({ kind: 'error', text: errorWords(e, 'replace the token') }),
        onSettled: close,
      },
    );
  };


  const dialogs: ReactNode = (
    <>
      <ConfirmDialog
        open={dialog?.kind === 'delete'}
        onOpenChange={(o) => !o && close()}
        title={dialog ? `Delete token ${name(dialog.token)}?` : ''}
        confirmLabel="Delete token"
        danger
        pending={remove.isPending}
        onConfirm={confirmDelete}
      >
        <p>
          InfluxDB will refuse this token for good, and anything still using it stops working. This cannot be undone
          {dialog?.token.status === 'active' ? '; to stop it reversibly, deactivate it instead' : ''}.
        </p>
        {dialog && <p className="font-mono text-xs">ID {dialog.token.id}</p>}
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog?.kind === 'clone'}
        onOpenChange={(o) => !o && close()}
        title={dialog ? `Clone ${name(dialog.token)}?` : ''}
        confirmLabel="Create the clone"
        pending={clone.isPending}
        onConfirm={confirmClone}
      >
        <p>A new token with exactly the same permissions and the same owner is created. Its value is shown once.</p>
        {dialog && dialog.token.sensitive.length > 0 && (
          <p className="rounded bg-danger-50 p-2 text-danger-700">The copy has the same sensitive grants: {dialog.token.sensitive.join(', ')}.</p>
        )}
      </ConfirmDialog>

      {dialog?.kind === 'replace' && (
        <ReplaceDialog token={dialog.token} minGraceSeconds={minGraceSeconds} pending={replace.isPending} onCancel={close} onConfirm={confirmReplace} />
      )}

      {dialog?.kind === 'describe' && (
        <DescriptionDialog
          token={dialog.token}
          pending={describe.isPending}
          onCancel={close}
          onSave={(description) =>
            describe.mutate(
              { id: dialog.token.id, description },
              {
                onSuccess: () => notify({ kind: 'success', text: 'Description saved.' }),
                onError: (e) => notify({ kind: 'error', text: errorWords(e, 'change the description') }),
                onSettled: close,
              },
            )
          }
        />
      )}

      <CopyOnceDialog
        ref={secretDialog}
        influxUrl={influxUrl}
        title={result?.kind === 'replace' ? 'Replacement token created' : 'Clone created'}
        detailsLink
        onClosed={() => setResult(null)}
      >
        {result?.kind === 'replace' && <ReplaceOutcome info={result.info} notify={notify} actions={actions} />}
      </CopyOnceDialog>
    </>
  );

  return {
    can,
    toggleStatus,
    open: (kind: DialogKind, token: TokenRef) => setDialog({ kind, token, formKey: crypto.randomUUID() }),
    dialogs,
    busy: setStatus.isPending || remove.isPending || clone.isPending || replace.isPending || describe.isPending,
  };
}

function ReplaceDialog({
  token,
  minGraceSeconds,
  pending,
  onCancel,
  onConfirm,
}: {
  token: TokenRef;
  minGraceSeconds: number;
  pending: boolean;
  onCancel: () => void;
  onConfirm: (graceSeconds: number) => void;
}) {
  const [choice, setChoice] = useState<string>('0');
  const [amount, setAmount] = useState('30');
  const [unit, setUnit] = useState('60');
  const custom = choice === 'custom';
  const seconds = custom ? Math.round(Number(amount) * Number(unit)) : Number(choice);
  const invalid = !Number.isFinite(seconds) || (seconds !== 0 && (seconds < minGraceSeconds || seconds > MAX_GRACE_SECONDS));
  return (
    <ConfirmDialog
      open
      onOpenChange={(o) => !o && onCancel()}
      title={`Replace "${describeToken(token.description)}"?`}
      confirmLabel="Replace token"
      danger
      pending={pending}
      confirmDisabled={invalid}
      onConfirm={() => onConfirm(seconds)}
    >
      <p>
        A new token with the same permissions and owner is created and shown once. Then the original is deactivated, so whatever uses it
        must switch to the new value.
      </p>
      <fieldset className="space-y-1.5 text-ink">
        <legend className="mb-1 font-medium">Deactivate the original</legend>
        {GRACE_PRESETS.map((p) => (
          <label key={p.seconds} className="flex items-center gap-2">
            <input type="radio" name="grace" value={String(p.seconds)} checked={choice === String(p.seconds)} onChange={() => setChoice(String(p.seconds))} />
            {p.label}
          </label>
        ))}
        <label className="flex items-center gap-2">
          <input type="radio" name="grace" value="custom" checked={custom} onChange={() => setChoice('custom')} />
          After
        </label>
        <div className="ml-6 flex items-center gap-2">
          <input
            aria-label="Grace period amount"
            type="number"
            min={1}
            className={cx(fieldClass, 'w-24')}
            value={amount}
            disabled={!custom}
            onChange={(e) => setAmount(e.target.value)}
          />
          <select aria-label="Grace period unit" className={fieldClass} value={unit} disabled={!custom} onChange={(e) => setUnit(e.target.value)}>
            <option value="1">seconds</option>
            <option value="60">minutes</option>
            <option value="3600">hours</option>
            <option value="86400">days</option>
          </select>
        </div>
      </fieldset>
      <p className="text-xs">
        {seconds === 0
          ? 'The original stops working as soon as the new token exists.'
          : invalid
            ? `Choose at least ${formatDuration(minGraceSeconds)} and at most 30 days.`
            : `The console deactivates the original ${formatDuration(seconds)} after the new token is created, even if nobody is signed in.`}
      </p>
    </ConfirmDialog>
  );
}

function ReplaceOutcome({ info, notify, actions }: { info: ReplaceInfo; notify: (n: Notice) => void; actions: InventoryActions }) {
  const setStatus = useSetStatus(actions);
  const remove = useDeleteToken(actions);
  const [followUp, setFollowUp] = useState<string | null>(null);
  const original = `"${describeToken(info.originalDescription)}"`;
  if (info.original.state === 'deactivated') {
    return <p className="rounded-md bg-ok-50 p-3 text-sm text-ok-700">The original token {original} is now inactive.</p>;
  }
  if (info.original.state === 'scheduled') {
    return (
      <p className="rounded-md bg-brand-50 p-3 text-sm text-brand-700" data-testid="replace-scheduled">
        The original token {original} stays active until {formatTime(info.original.dueAt, true)}; then the console deactivates it. You can cancel
        that on the original token&apos;s page.
      </p>
    );
  }
  const problem = info.original.problem;
  return (
    <div role="alert" className="space-y-2 rounded-md border border-danger-600 bg-danger-50 p-3 text-sm text-danger-700" data-testid="replace-partial">
      <p>
        <strong>Done:</strong> the new token was created (above). <strong>Not done:</strong> the original {original} is still active. {problem}
      </p>
      {followUp ? (
        <p className="text-ink">{followUp}</p>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button
            size="sm"
            disabled={setStatus.isPending || remove.isPending}
            onClick={() =>
              setStatus.mutate(
                { id: info.originalID, status: 'inactive', description: info.originalDescription },
                {
                  onSuccess: () => setFollowUp(`The original ${original} is now inactive.`),
                  onError: (e) => notify({ kind: 'error', text: errorWords(e, 'deactivate the original') }),
                },
              )
            }
          >
            Try deactivating the original again
          </Button>
          <Button
            variant="dangerOutline"
            size="sm"
            disabled={setStatus.isPending || remove.isPending}
            onClick={() =>
              remove.mutate(
                { id: info.id, description: info.description },
                {
                  onSuccess: () => setFollowUp('Undone: the new token was deleted. The original is unchanged.'),
                  onError: (e) => notify({ kind: 'error', text: errorWords(e, 'delete the new token') }),
                },
              )
            }
          >
            Undo: delete the new token
          </Button>
        </div>
      )}
    </div>
  );
}
