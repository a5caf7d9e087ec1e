'use client';
// The v1 credentials page: the create form (for who may create), the list (no secrets: InfluxDB
// returns none), and per credential what the person may do: a new password, deactivate or
// activate, delete, each confirmed first where it cuts clients off. A password goes from the
// action's answer straight into the one copy-once dialog and nowhere else.
import { useMemo, useRef, useState, useTransition } from 'react';
import { CopyOnceDialog, type CopyOnceDialogHandle } from '@/components/tokens/copy-once-dialog';
import { ConfirmDialog } from '@/components/inventory/confirm-dialog';
import { StatusBadge } from '@/components/inventory/status-badge';
import { Button } from '@/components/ui/button';
import type { ScopeParams } from '@/lib/connections/scope';
import { formatTime } from '@/lib/format/time';
import type { V1CreateInput } from '@/lib/v1/form-schema';
import type { V1Row } from '@/lib/v1/list-v1-credentials';
import type { V1HalfDone, V1Secret } from '@/lib/v1/result';
import { CreateV1Form, type BucketChoice } from './create-v1-form';
import { scopedV1Actions } from './scoped-v1-actions';
import type { V1Actions } from './v1-actions';
import { V1_PASSWORD, type V1Subject } from './v1-secret';

type Pending = { kind: 'password' | 'deactivate' | 'delete'; row: V1Row } | null;

export function V1CredentialsView({
  rows,
  buckets,
  org,
  consoleUserName,
  allowed,
  refusals,
  influxUrl,
  scope,
  connectionLabel,
  actions: unscoped,
}: {
  rows: V1Row[];
  buckets: BucketChoice[];
  org: { id: string; name: string };
  consoleUserName: string;
  allowed: { create: boolean; otherOwner: boolean };
  refusals: { create?: string; otherOwner?: string };
  /** The connection's URL: the copy-once dialog's test command goes there. */
  influxUrl: string;
  scope: ScopeParams;
  connectionLabel: string;
  actions: V1Actions;
}) {
  const actions = useMemo(() => scopedV1Actions(unscoped, scope), [unscoped, scope]);
  const dialog = useRef<CopyOnceDialogHandle<V1Subject>>(null);
  const [busy, startTransition] = useTransition();
  const [formKey, setFormKey] = useState(0);
  const [createError, setCreateError] = useState<{ formError?: string; fieldErrors?: Record<string, string[] | undefined> }>({});
  const [halfDone, setHalfDone] = useState<{ partial: V1HalfDone; message: string } | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  const show = (s: V1Secret) => {
    const { password, ...rest } = s;
    dialog.current?.show({ ...rest, description: s.username, token: password });
  };

  function create(input: V1CreateInput) {
    setNotice(null);
    startTransition(async () => {
      const r = await actions.createV1(input);
      if (r.ok) {
        setCreateError({});
        setHalfDone(null);
        setFormKey((k) => k + 1);
        show(r.data);
      } else if (r.partial) {
        setCreateError({});
        setHalfDone({ partial: r.partial, message: r.formError });
      } else {
        setCreateError({ formError: r.formError, ...(r.fieldErrors ? { fieldErrors: r.fieldErrors } : {}) });
      }
    });
  }

  function newPassword(id: string, after?: () => void) {
    startTransition(async () => {
      const r = await actions.setV1Password({ id });
      setPending(null);
      if (r.ok) {
        after?.();
        show(r.data);
      } else setNotice({ ok: false, text: r.formError });
    });
  }

  function run(kind: 'activate' | 'deactivate' | 'delete' | 'discard', row: { id: string; username: string }) {
    startTransition(async () => {
      const r =
        kind === 'delete'
          ? await actions.deleteV1({ id: row.id })
          : kind === 'discard'
            ? await actions.discardHalfDone({ id: row.id })
            : await actions.setV1CredentialStatus({ id: row.id, status: kind === 'activate' ? 'active' : 'inactive' });
      setPending(null);
      if (!r.ok) return setNotice({ ok: false, text: r.formError });
      if (kind === 'discard') setHalfDone(null);
      const done = { activate: 'activated', deactivate: 'deactivated', delete: 'deleted', discard: 'deleted' }[kind];
      setNotice({ ok: true, text: `v1 credential ${row.username} ${done}.${r.data.auditWarning ? ` ${r.data.auditWarning}` : ''}` });
    });
  }

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">v1 credentials</h1>
        <p className="mt-1 max-w-3xl text-sm text-ink-muted">
          Username and password logins for InfluxQL clients (Grafana’s InfluxQL data source, Telegraf’s v1 output, scripts) on the{' '}
          <code>/query</code> and <code>/write</code> compatibility endpoints, in organisation <strong>{org.name}</strong> on{' '}
          <strong data-testid="v1-connection">{connectionLabel}</strong>. A password is shown once, when it is made; neither the console nor
          InfluxDB can show it again.
        </p>
      </div>

      {allowed.create ? (
        <CreateV1Form
          key={formKey}
          buckets={buckets}
          consoleUserName={consoleUserName}
          {...(allowed.otherOwner ? {} : { otherOwnerRefusal: refusals.otherOwner })}
          pending={busy}
          {...createError}
          onSubmit={create}
        />
      ) : (
        <p className="text-sm text-ink-muted">{refusals.create}</p>
      )}

      {halfDone ? (
        <div
          role="alert"
          data-testid="v1-half-done"
          className="space-y-3 rounded-md border border-warn-600/40 bg-warn-50 p-4 text-sm text-warn-800"
        >
          <p>{halfDone.message}</p>
          <div className="flex flex-wrap gap-2">
            <Button variant="primary" disabled={busy} onClick={() => newPassword(halfDone.partial.id, () => setHalfDone(null))}>
              Set a password now
            </Button>
            <Button variant="dangerOutline" disabled={busy} onClick={() => run('discard', halfDone.partial)}>
              Delete {halfDone.partial.username}
            </Button>
          </div>
        </div>
      ) : null}

      <section aria-labelledby="v1-list-title" className="space-y-2">
        <h2 id="v1-list-title" className="text-lg font-semibold">
          In {org.name} ({rows.length})
        </h2>
        {notice ? (
          <p
            role={notice.ok ? 'status' : 'alert'}
            className={`rounded-md p-2 text-sm ${notice.ok ? 'bg-ok-50 text-ok-700' : 'border border-danger-600/40 bg-danger-50 text-danger-700'}`}
          >
            {notice.text}
          </p>
        ) : null}
        {rows.length === 0 ? (
          <p className="text-sm text-ink-muted">No v1 credentials in this organisation that the console’s credential can read.</p>
        ) : (
          <div className="overflow-x-auto rounded-card border border-gray-200 bg-surface">
            <table className="w-full text-sm" data-testid="v1-table">
              <thead className="bg-surface-sunken text-left text-xs text-ink-muted">
                <tr>
                  <th className="px-3 py-2 font-medium">Username</th>
                  <th className="px-3 py-2 font-medium">Status</th>
                  <th className="px-3 py-2 font-medium">Permissions</th>
                  <th className="px-3 py-2 font-medium">Owner</th>
                  <th className="px-3 py-2 font-medium">Created</th>
                  <th className="px-3 py-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id} data-testid={`v1-row-${row.username}`} className="border-t border-gray-100 align-top">
                    <td className="px-3 py-2">
                      <div className="font-mono">{row.username}</div>
                      {row.description ? <div className="text-xs text-ink-muted">{row.description}</div> : null}
                    </td>
                    <td className="px-3 py-2">
                      <StatusBadge status={row.status} />
                      {row.ownerStatus === 'inactive' ? (
                        <div className="mt-1 text-xs text-danger-700">Owner inactive: InfluxDB refuses this login</div>
                      ) : null}
                    </td>
                    <td className="px-3 py-2">
                      <ul>
                        {row.permissions.map((p) => (
                          <li key={p.text} className={p.noEffect ? 'text-ink-muted' : undefined}>
                            {p.text}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className="px-3 py-2">
                      {row.ownerName}
                      {row.ownerIsConsole ? <div className="text-xs text-ink-muted">the console’s user</div> : null}
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">{row.createdAt ? formatTime(row.createdAt) : ''}</td>
                    <td className="px-3 py-2">
                      <div className="flex flex-wrap justify-end gap-1">
                        {row.may.password ? (
                          <Button size="sm" disabled={busy} onClick={() => setPending({ kind: 'password', row })}>
                            New password
                          </Button>
                        ) : null}
                        {row.status === 'active' && row.may.deactivate ? (
                          <Button size="sm" disabled={busy} onClick={() => setPending({ kind: 'deactivate', row })}>
                            Deactivate
                          </Button>
                        ) : null}
                        {row.status === 'inactive' && row.may.activate ? (
                          <Button size="sm" disabled={busy} onClick={() => run('activate', row)}>
                            Activate
                          </Button>
                        ) : null}
                        {row.may.delete ? (
                          <Button size="sm" variant="dangerOutline" disabled={busy} onClick={() => setPending({ kind: 'delete', row })}>
                            Delete
                          </Button>
                        ) : null}
                      </div>
                      {row.refusals.length > 0 ? (
                        <details className="mt-1 text-right text-xs text-ink-muted">
                          <summary>Not available to you</summary>
                          <ul className="text-left">
                            {row.refusals.map((m) => (
                              <li key={m}>{m}</li>
                            ))}
                          </ul>
                        </details>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <ConfirmDialog
        open={pending !== null}
        onOpenChange={(open) => {
          if (!open) setPending(null);
        }}
        title={
          pending?.kind === 'password'
            ? `Set a new password for ${pending.row.username}?`
            : pending?.kind === 'deactivate'
              ? `Deactivate ${pending.row.username}?`
              : `Delete v1 credential ${pending?.row.username ?? ''}?`
        }
        confirmLabel={pending?.kind === 'password' ? 'Set new password' : pending?.kind === 'deactivate' ? 'Deactivate' : 'Delete'}
        danger={pending?.kind !== 'password'}
        pending={busy}
        onConfirm={() => {
          if (!pending) return;
          if (pending.kind === 'password') newPassword(pending.row.id);
          else run(pending.kind, pending.row);
        }}
      >
        {pending?.kind === 'password' ? (
          <p>
            The current password stops working at once: every client that signs in with it must get the new one. The new password is shown
            once.
          </p>
        ) : pending?.kind === 'deactivate' ? (
          <p>Clients signing in as {pending.row.username} get 401 until it is activated again. Nothing else changes.</p>
        ) : (
          <p>
            This cannot be undone. Clients signing in as {pending?.row.username} get 401, and the username becomes free for a new
            credential.
          </p>
        )}
      </ConfirmDialog>

      <CopyOnceDialog<V1Subject>
        ref={dialog}
        influxUrl={influxUrl}
        title="Password for v1 credential"
        secret={V1_PASSWORD}
        onClosed={() => {}}
      />
    </div>
  );
}
