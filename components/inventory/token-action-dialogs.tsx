'use client';
// The dialogs of the single-token actions (useTokenActions holds their state): the delete and
// clone confirmations, the replace dialog, the description editor, and the copy-once dialog that
// shows a clone's or replacement's value.
import { CopyOnceDialog } from '@/components/tokens/copy-once-dialog';
import { ConfirmDialog } from './confirm-dialog';
import { DescriptionDialog } from './description-dialog';
import type { InventoryActions } from './inventory-actions';
import { ReplaceDialog } from './replace-dialog';
import { ReplaceOutcome } from './replace-outcome';
import { quotedName, type Notice, type TokenActions } from './use-token-actions';

export function TokenActionDialogs({
  state,
  actions,
  minGraceSeconds,
  influxUrl,
  notify,
}: {
  state: TokenActions['dialogs'];
  actions: InventoryActions;
  minGraceSeconds: number;
  /** For the copy-once dialog's .env file and test command. */
  influxUrl: string;
  notify: (n: Notice) => void;
}) {
  const { dialog, result, pending, close, secretDialog, closeResult } = state;
  return (
    <>
      <ConfirmDialog
        open={dialog?.kind === 'delete'}
        onOpenChange={(o) => !o && close()}
        title={dialog ? `Delete token ${quotedName(dialog.token)}?` : ''}
        confirmLabel="Delete token"
        danger
        pending={pending.delete}
        onConfirm={state.confirmDelete}
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
        title={dialog ? `Clone ${quotedName(dialog.token)}?` : ''}
        confirmLabel="Create the clone"
        pending={pending.clone}
        onConfirm={state.confirmClone}
      >
        <p>A new token with exactly the same permissions and the same owner is created. Its value is shown once.</p>
        {dialog && dialog.token.sensitive.length > 0 && (
          <p className="rounded bg-danger-50 p-2 text-danger-700">
            The copy has the same sensitive grants: {dialog.token.sensitive.join(', ')}.
          </p>
        )}
      </ConfirmDialog>

      {dialog?.kind === 'replace' && (
        <ReplaceDialog
          token={dialog.token}
          minGraceSeconds={minGraceSeconds}
          pending={pending.replace}
          onCancel={close}
          onConfirm={state.confirmReplace}
        />
      )}

      {dialog?.kind === 'describe' && (
        <DescriptionDialog token={dialog.token} pending={pending.describe} onCancel={close} onSave={state.saveDescription} />
      )}

      <CopyOnceDialog
        ref={secretDialog}
        influxUrl={influxUrl}
        title={result?.kind === 'replace' ? 'Replacement token created' : 'Clone created'}
        detailsLink
        onClosed={closeResult}
      >
        {result?.kind === 'replace' && <ReplaceOutcome info={result.info} notify={notify} actions={actions} />}
      </CopyOnceDialog>
    </>
  );
}
