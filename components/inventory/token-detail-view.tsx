'use client';
// One token: what it can do in plain words, who owns it, when it changed, what is scheduled for
// it, and the actions the person's role allows.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { withScope, type ScopeParams } from '@/lib/connections/scope';
import { useScopeRequest } from '@/components/shell/use-scope';
import { scopedActions } from './scoped-actions';
import { queryKeys } from '@/components/query-keys';
import { Button } from '@/components/ui/button';
import { ExpiryDialog } from './expiry-dialog';
import { ExpiryText } from './expiry-text';
import { expiryChangeWords } from '@/lib/lifetimes/expiry-change-words';
import { formatTime } from '@/lib/format/time';
import type { TokenDetailData as Detail } from '@/lib/inventory/server';
import { errorWords, unwrap } from './action-error';
import { describeToken } from './describe-token';
import type { InventoryActions } from './inventory-actions';
import { PermissionChips } from './permission-chips';
import { StatusBadge } from './status-badge';
import { TokenActionDialogs } from './token-action-dialogs';
import { useTokenActions, type Notice } from './use-token-actions';
import { useCancelSchedule } from './use-token-mutations';

const STATE_WORDS: Record<string, string> = {
  pending: 'scheduled',
  running: 'running now',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

export function TokenDetailView({
  actions: unscoped,
  scope,
  initial,
  minGraceSeconds,
  influxUrl,
}: {
  actions: InventoryActions;
  /** The connection and org the token lives in; every action names them. */
  scope: ScopeParams;
  initial: Detail;
  minGraceSeconds: number;
  influxUrl: string;
}) {
  const server = useMemo(() => scopedActions(unscoped, scope), [unscoped, scope]);
  const router = useRouter();
  // Links keep the scope when the URL names one; on the plain default page they stay plain.
  const linkScope = useScopeRequest().connection ? scope : undefined;
  const [notice, setNotice] = useState<Notice | null>(null);
  const query = useQuery({
    queryKey: queryKeys.inventory.token(initial.id),
    queryFn: async () => unwrap(await server.getToken({ id: initial.id })),
    initialData: initial,
  });
  const t = query.data;
  const actions = useTokenActions({
    actions: server,
    notify: setNotice,
    onDeleted: () => router.push(withScope('/tokens', linkScope)),
  });
  const cancel = useCancelSchedule(server);
  const client = useQueryClient();
  const [expiryOpen, setExpiryOpen] = useState(false);
  const [expiryError, setExpiryError] = useState<string | undefined>();
  const changeExpiry = useMutation({
    mutationFn: async (expiry: string) => {
      const r = await server.changeTokenExpiry({ id: t.id, expiry });
      // A refused expiry is the field's error; the dialog stays open with it.
      if (!r.ok && r.fieldErrors?.expiry?.[0]) return { fieldError: r.fieldErrors.expiry[0] };
      return { done: unwrap(r) };
    },
    onSuccess: (r) => {
      if ('fieldError' in r) return setExpiryError(r.fieldError);
      setExpiryOpen(false);
      setNotice({ kind: 'success', text: expiryChangeWords(r.done.expiresAt) });
      void client.invalidateQueries({ queryKey: queryKeys.inventory.all });
    },
    onError: (e) => {
      setExpiryOpen(false);
      setNotice({ kind: 'error', text: errorWords(e, 'change the expiry') });
    },
  });
  const pending = t.schedules.find((s) => s.state === 'pending' || s.state === 'running');
  const ref = {
    id: t.id,
    description: t.description,
    status: t.status,
    sensitive: t.sensitive.map((s) => s.label),
    isConsoleCredential: t.isConsoleCredential,
    may: t.may,
  };
  const can = actions.can(ref);

  return (
    <article className="space-y-5">
      <Link href={withScope('/tokens', linkScope)} className="text-sm text-brand-700 hover:underline">
        ← All tokens
      </Link>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold break-words">{describeToken(t.description)}</h1>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <StatusBadge status={t.status} />
            {t.isConsoleCredential && (
              <span className="rounded bg-brand-50 px-1.5 text-xs text-brand-700">the console&apos;s own credential</span>
            )}
            <PermissionChips summary={t.summary} sensitive={[]} />
          </div>
        </div>
        <div className="flex flex-wrap gap-2">
          {can.status && (
            <Button onClick={() => actions.toggleStatus(ref)} disabled={actions.busy}>
              {t.status === 'active' ? 'Deactivate' : 'Activate'}
            </Button>
          )}
          {can.describe && <Button onClick={() => actions.open('describe', ref)}>Edit description</Button>}
          {can.clone && <Button onClick={() => actions.open('clone', ref)}>Clone</Button>}
          {can.replace && <Button onClick={() => actions.open('replace', ref)}>Replace</Button>}
          {t.mayChangeExpiry && (
            <Button
              onClick={() => {
                setExpiryError(undefined);
                setExpiryOpen(true);
              }}
            >
              {t.expiry ? 'Change expiry' : 'Set expiry'}
            </Button>
          )}
          {can.delete && (
            <Button variant="dangerOutline" onClick={() => actions.open('delete', ref)}>
              Delete
            </Button>
          )}
        </div>
      </header>

      {Object.keys(t.refusals).length > 0 && (
        <div className="rounded-md border border-gray-200 bg-surface p-3 text-sm text-ink-muted" data-testid="token-refusals">
          <p className="font-medium text-ink">Not available to you</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {Object.entries(t.refusals).map(([op, why]) => (
              <li key={op}>
                <span className="capitalize">{op}</span>: {why}
              </li>
            ))}
          </ul>
        </div>
      )}

      <div aria-live="polite" role="status">
        {notice?.kind === 'success' && <p className="rounded-md bg-ok-50 p-2 text-sm text-ok-700">{notice.text}</p>}
      </div>
      {notice?.kind === 'error' && (
        <p role="alert" className="rounded-md border border-danger-600 bg-danger-50 p-2 text-sm text-danger-700">
          {notice.text}
        </p>
      )}
      {query.isError && (
        <p role="alert" className="rounded-md bg-warn-50 p-2 text-sm text-warn-800">
          {errorWords(query.error, 'reload the token')}
        </p>
      )}

      {pending && (
        <div
          className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-warn-600 bg-warn-50 p-3 text-sm text-warn-800"
          data-testid="scheduled-deactivation"
        >
          <p>
            Scheduled: the console deactivates this token at <strong>{formatTime(pending.dueAt, true)}</strong>
            {pending.replacementID && (
              <>
                {' '}
                (it was{' '}
                <Link className="underline" href={withScope(`/tokens/${pending.replacementID}`, linkScope)}>
                  replaced
                </Link>
                )
              </>
            )}
            , requested by {pending.requestedBy}.{pending.lastProblem && <> Last attempt failed: {pending.lastProblem}</>}
          </p>
          {t.mayCancelSchedule && pending.state === 'pending' && (
            <Button
              size="sm"
              disabled={cancel.isPending}
              onClick={() =>
                cancel.mutate(
                  { scheduleId: pending.id, tokenID: t.id },
                  {
                    onSuccess: () => setNotice({ kind: 'success', text: 'The scheduled deactivation was cancelled.' }),
                    onError: (e) => setNotice({ kind: 'error', text: errorWords(e, 'cancel the scheduled deactivation') }),
                  },
                )
              }
            >
              Cancel scheduled deactivation
            </Button>
          )}
        </div>
      )}

      {expiryOpen && (
        <ExpiryDialog
          title={t.expiry ? 'Change the expiry' : 'Set an expiry'}
          subject="this token"
          hasExpiry={Boolean(t.expiry)}
          pending={changeExpiry.isPending}
          error={expiryError}
          onCancel={() => setExpiryOpen(false)}
          onSave={(expiry) => changeExpiry.mutate(expiry)}
        />
      )}

      {t.ownerMissing && (
        <p role="alert" className="rounded-md bg-danger-50 p-3 text-sm text-danger-700">
          The user who owns this token no longer exists, so InfluxDB no longer accepts it.
        </p>
      )}

      <section aria-labelledby="facts" className="rounded-card border border-gray-200 bg-surface p-5">
        <h2 id="facts" className="sr-only">
          Facts
        </h2>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-ink-muted">ID</dt>
          <dd className="font-mono text-xs leading-5">{t.id}</dd>
          <dt className="text-ink-muted">Owner</dt>
          <dd>
            {t.ownerName ?? 'unknown'} {t.ownerID && <span className="font-mono text-xs text-ink-muted">({t.ownerID})</span>}
          </dd>
          <dt className="text-ink-muted">Organisation</dt>
          <dd>
            {t.orgName} <span className="font-mono text-xs text-ink-muted">({t.orgID})</span>
          </dd>
          <dt className="text-ink-muted">Created</dt>
          <dd>{formatTime(t.createdAt, true)}</dd>
          <dt className="text-ink-muted">Expires</dt>
          <dd data-testid="detail-expires">
            <ExpiryText expiry={t.expiry} />
            {t.expiry?.state === 'scheduled' ? (
              <span className="ml-1 text-xs text-ink-muted">(the console, not InfluxDB, deactivates it then)</span>
            ) : null}
            {t.expiry?.problem ? <span className="ml-1 text-xs text-danger-700">{t.expiry.problem}</span> : null}
          </dd>
          <dt className="text-ink-muted">Last changed</dt>
          <dd>
            {formatTime(t.updatedAt, true)}{' '}
            <span className="text-xs text-ink-muted">(status or description; InfluxDB does not record when a token was last used)</span>
          </dd>
        </dl>
      </section>

      <section aria-labelledby="can" className="rounded-card border border-gray-200 bg-surface p-5">
        <h2 id="can" className="mb-3 text-lg font-medium">
          What this token can do
        </h2>
        {t.lines.length === 0 && t.otherScopes.length === 0 ? (
          <p className="text-sm text-ink-muted">Nothing: it has no permissions.</p>
        ) : (
          <ul className="space-y-1.5 text-sm" data-testid="grant-lines">
            {t.lines.map((line, i) => (
              <li key={i} className="flex flex-wrap items-baseline gap-2">
                <span className={line.mentionsDeleted ? 'text-ink-muted' : undefined}>{line.text}</span>
                {line.sensitive && (
                  <span className="rounded bg-danger-50 px-1.5 text-xs text-danger-700">
                    <span aria-hidden>⚠ </span>
                    {line.sensitive}
                  </span>
                )}
              </li>
            ))}
            {t.otherScopes.map((text, i) => (
              <li key={`o${i}`} className="flex flex-wrap items-baseline gap-2">
                <span>{text}</span>
                <span className="rounded bg-danger-50 px-1.5 text-xs text-danger-700">outside this organisation</span>
              </li>
            ))}
          </ul>
        )}
        <details className="mt-4 text-sm">
          <summary className="cursor-pointer text-ink-muted">In InfluxDB&apos;s notation ({t.permissionStrings.length})</summary>
          <ul className="mt-2 grid gap-0.5 font-mono text-xs sm:grid-cols-2">
            {t.permissionStrings.map((p, i) => (
              <li key={i} className="break-all">
                {p}
              </li>
            ))}
          </ul>
        </details>
      </section>

      {t.schedules.length > 0 && (
        <section aria-labelledby="sched" className="rounded-card border border-gray-200 bg-surface p-5">
          <h2 id="sched" className="mb-3 text-lg font-medium">
            Scheduled deactivations
          </h2>
          <ul className="space-y-1 text-sm">
            {t.schedules.map((s) => (
              <li key={s.id}>
                {formatTime(s.dueAt, true)}: {STATE_WORDS[s.state]}
                {s.outcome && s.state !== 'pending' ? ` (${s.outcome})` : ''}, requested by {s.requestedBy}
              </li>
            ))}
          </ul>
        </section>
      )}

      <p className="text-sm">
        <Link
          className="text-brand-700 underline"
          href={`/audit?token=${t.id}${linkScope ? `&connection=${encodeURIComponent(linkScope.connection)}` : ''}`}
        >
          Audit trail of this token
        </Link>
      </p>

      <TokenActionDialogs
        state={actions.dialogs}
        actions={server}
        minGraceSeconds={minGraceSeconds}
        influxUrl={influxUrl}
        notify={setNotice}
      />
    </article>
  );
}
