'use client';
// The one dialog that shows a new token's value, exactly once: after minting, cloning and
// replacing. The secret lives only in this component's state: it arrives through show() (straight
// from the action's response), and is wiped on close, when the page is hidden (visibilitychange)
// and when the page goes away or into the back/forward cache (pagehide), synchronously.
// Nothing here writes it to the URL, storage, the React Query cache, a toast or the console.
// The clipboard is the person's: no web API can clear or mark it, so nothing is promised about it.
// The secret is an API token unless `secret` says otherwise (a v1 credential's password).
import * as AlertDialog from '@radix-ui/react-alert-dialog';
import Link from 'next/link';
import { useEffect, useImperativeHandle, useRef, useState, type ReactNode, type Ref } from 'react';
import { flushSync } from 'react-dom';
import { Button } from '@/components/ui/button';
import { ENFORCED_BY, expiryWhen, localTimeZone } from '@/lib/lifetimes/expiry-words';
import { curlTestCommand, envFileContent, envFileName } from '@/lib/tokens/snippets';

/** What the dialog says about the new token besides its value; all of it outlives the dialog. */
export interface CopyOnceSubject {
  id: string;
  description: string;
  orgID: string;
  orgName: string;
  /** Set when the audit row could not be written (the token exists; an admin should know). */
  auditWarning?: string;
  /** When the console will deactivate it (null: no expiry; absent: not a minted token). */
  expiresAt?: string | null;
}

export interface CopyOnceDialogHandle<S extends CopyOnceSubject = CopyOnceSubject> {
  show(created: S & { token: string }): void;
}

/** What kind of secret the dialog holds, and the snippets offered with it. */
export interface SecretKind<S extends CopyOnceSubject> {
  /** "token", "password". */
  noun: string;
  /** Said when the secret was wiped before the person stored it. */
  lostAdvice: (summary: S | null) => string;
  /** A shell command that tries the secret; `secret` is a placeholder while it is hidden. */
  testCommand: (summary: S, secret: string, influxUrl: string) => string;
  placeholder: string;
  testHelp: string;
  envFile: (summary: S, secret: string, influxUrl: string) => { name: string; content: string };
}

const API_TOKEN: SecretKind<CopyOnceSubject> = {
  noun: 'token',
  lostAdvice: (s) => `delete token ${s?.id} in the token inventory and create a new one.`,
  testCommand: (s, secret, influxUrl) => curlTestCommand(influxUrl, s.orgID, secret),
  placeholder: '$INFLUX_TOKEN',
  testHelp:
    'Lists the buckets this token can read. 401 means InfluxDB does not know the token; an empty list means it may read no bucket, or it is inactive. The copied command contains the token.',
  envFile: (s, secret, influxUrl) => ({ name: envFileName(s.description), content: envFileContent({ ...s, token: secret }, influxUrl) }),
};

type Cleared = null | 'hidden' | 'left';
type Copied = null | 'token' | 'curl' | 'failed';

const MASK = '•'.repeat(32);

export function CopyOnceDialog<S extends CopyOnceSubject>({
  ref,
  influxUrl,
  title = 'Your new token',
  detailsLink = false,
  children,
  onClosed,
  secret: kind = API_TOKEN,
}: {
  ref?: Ref<CopyOnceDialogHandle<S>>;
  influxUrl: string;
  /** Followed by the token's description. */
  title?: string;
  /** Offer a link to the new token's page (closing the dialog), where the list is at hand. */
  detailsLink?: boolean;
  /** What else happened, shown under the value (e.g. what became of the original on replace). */
  children?: ReactNode;
  /** Called after closing with what is left (never the secret). */
  onClosed: (summary: S) => void;
  /** Default: an InfluxDB API token. */
  secret?: SecretKind<S>;
}) {
  const noun = kind.noun;
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [summary, setSummary] = useState<S | null>(null);
  const [revealed, setRevealed] = useState(false);
  const [copied, setCopied] = useState<Copied>(null);
  const [announce, setAnnounce] = useState('');
  const [stored, setStored] = useState(false);
  const [askDiscard, setAskDiscard] = useState(false);
  const [cleared, setCleared] = useState<Cleared>(null);
  const copyRef = useRef<HTMLButtonElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const copiedTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useImperativeHandle(
    ref,
    () => ({
      show(created) {
        const { token, ...rest } = created;
        setSecret(token);
        // The rest of S, whatever the caller's type adds; the secret is the one field taken out.
        setSummary(rest as unknown as S);
        setRevealed(false);
        setCopied(null);
        setAnnounce('');
        setStored(false);
        setAskDiscard(false);
        setCleared(null);
        setOpen(true);
      },
    }),
    [],
  );

  // Wipe the secret when the page is hidden or left. flushSync: the DOM must be clean before the
  // browser snapshots the page for the back/forward cache or the tab switcher.
  useEffect(() => {
    if (!open) return;
    const wipe = (why: Exclude<Cleared, null>) =>
      flushSync(() => {
        setCleared((c) => c ?? why);
        setSecret(null);
        setRevealed(false);
      });
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') wipe('hidden');
    };
    const onPageHide = () => wipe('left');
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
    };
  }, [open]);

  useEffect(() => () => clearTimeout(copiedTimer.current), []);
  useEffect(() => {
    if (askDiscard) keepRef.current?.focus();
  }, [askDiscard]);

  function close() {
    const s = summary;
    setSecret(null);
    setSummary(null);
    setRevealed(false);
    setOpen(false);
    if (s) onClosed(s);
  }

  async function copy(what: 'token' | 'curl'): Promise<boolean> {
    if (!secret || !summary) return false;
    const text = what === 'token' ? secret : kind.testCommand(summary, secret, influxUrl);
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      setCopied('failed');
      setAnnounce(`Copy failed: the browser blocked clipboard access. Reveal the ${noun} and copy it by hand.`);
      return false;
    }
    setCopied(what);
    setAnnounce(what === 'token' ? `${capital(noun)} copied to the clipboard.` : 'Test command copied to the clipboard.');
    clearTimeout(copiedTimer.current);
    copiedTimer.current = setTimeout(() => setCopied(null), 4000);
    return true;
  }

  function download() {
    if (!secret || !summary) return;
    const file = kind.envFile(summary, secret, influxUrl);
    const blob = new Blob([file.content], { type: 'text/plain' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = file.name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    // The blob: URL is only a handle to the file in memory; drop it as soon as the download starts.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  const canClose = stored || cleared !== null;
  const curlShown = summary ? kind.testCommand(summary, revealed && secret ? secret : kind.placeholder, influxUrl) : '';

  return (
    <AlertDialog.Root open={open}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-ink/50" />
        <AlertDialog.Content
          data-testid="new-token-dialog"
          className="fixed left-1/2 top-1/2 z-50 max-h-[92vh] w-[min(44rem,94vw)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-card bg-surface p-6 shadow-xl"
          onOpenAutoFocus={(e) => {
            e.preventDefault();
            copyRef.current?.focus();
          }}
          // The button that opened this is gone (the builder moves focus to its outcome panel).
          onCloseAutoFocus={(e) => e.preventDefault()}
          onEscapeKeyDown={(e) => {
            e.preventDefault();
            if (canClose) close();
            else setAskDiscard(true);
          }}
        >
          <AlertDialog.Title className="text-lg font-semibold">
            {title}
            {summary ? `: ${summary.description}` : ''}
          </AlertDialog.Title>
          <AlertDialog.Description asChild>
            <p className="mt-2 rounded-md border border-warn-600/40 bg-warn-50 p-3 text-sm text-warn-800">
              This is the only time this {noun} is shown. The console does not keep it and InfluxDB cannot show it again. Store it now (a
              password manager or your secret store). It is wiped from this page when you close this dialog, switch tabs or leave the page.
            </p>
          </AlertDialog.Description>
          {summary && summary.expiresAt !== undefined ? (
            <p className="mt-2 text-sm" data-testid="dialog-expires">
              {summary.expiresAt === null
                ? 'No expiry: it works until someone deactivates it.'
                : `Expires ${expiryWhen(summary.expiresAt, localTimeZone())}. ${ENFORCED_BY}`}
            </p>
          ) : null}
          {summary?.auditWarning ? (
            <p role="alert" className="mt-2 rounded-md bg-danger-50 p-2 text-sm text-danger-700">
              {summary.auditWarning}
            </p>
          ) : null}

          {cleared ? (
            <div
              role="alert"
              data-testid="token-cleared"
              className="mt-4 rounded-md border border-danger-600/40 bg-danger-50 p-3 text-sm text-danger-700"
            >
              The {noun} was wiped because you {cleared === 'hidden' ? 'switched away from this page' : 'left the page'}. If you did not
              store it, {kind.lostAdvice(summary)}
            </div>
          ) : (
            <>
              <div className="mt-4">
                <div className="flex items-center justify-between">
                  <span id="token-label" className="text-sm font-medium">
                    {capital(noun)}
                  </span>
                  <Button size="sm" variant="ghost" aria-pressed={revealed} onClick={() => setRevealed((r) => !r)}>
                    {revealed ? 'Hide' : 'Reveal'}
                  </Button>
                </div>
                <code
                  aria-labelledby="token-label"
                  data-testid={revealed ? 'token-value' : 'token-masked'}
                  className="mt-1 block break-all rounded-md border border-gray-200 bg-surface-sunken p-3 font-mono text-sm"
                >
                  {revealed ? secret : MASK}
                </code>
              </div>

              <div className="mt-3 flex flex-wrap gap-2">
                <Button ref={copyRef} variant="primary" onClick={() => void copy('token')}>
                  {copied === 'token' ? 'Copied ✓' : 'Copy'}
                </Button>
                <Button
                  onClick={() => {
                    void copy('token').then((ok) => {
                      if (ok) close();
                    });
                  }}
                >
                  Copy and close
                </Button>
                <Button onClick={download}>Download .env file</Button>
              </div>
              {copied === 'failed' ? (
                <p className="mt-2 text-sm text-danger-700">
                  Copy failed: the browser blocked clipboard access. Reveal the {noun} and copy it by hand.
                </p>
              ) : null}

              <div className="mt-5">
                <div className="flex items-center justify-between">
                  <span className="text-sm font-medium">Test it</span>
                  <Button size="sm" variant="ghost" onClick={() => void copy('curl')}>
                    {copied === 'curl' ? 'Copied ✓' : 'Copy command'}
                  </Button>
                </div>
                <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-ink p-3 font-mono text-xs text-white">
                  {curlShown}
                </pre>
                <p className="mt-1 text-xs text-ink-muted">{kind.testHelp}</p>
              </div>
            </>
          )}

          {children ? <div className="mt-4">{children}</div> : null}

          {detailsLink && summary ? (
            <p className="mt-3 text-sm">
              <Link className="text-brand-700 underline" href={`/tokens/${summary.id}`} onClick={close}>
                See the new token&apos;s details
              </Link>
            </p>
          ) : null}

          <p role="status" aria-live="polite" className="sr-only">
            {announce}
          </p>

          {askDiscard && !canClose ? (
            <div role="group" aria-label={`Discard the ${noun}?`} className="mt-5 rounded-md border border-danger-600/40 bg-danger-50 p-3">
              <p className="text-sm text-danger-700">
                Close without storing the {noun}? It cannot be shown again: you would have to{' '}
                {noun === 'token' ? 'delete it and create another' : 'set a new one'}.
              </p>
              <div className="mt-2 flex gap-2">
                <Button ref={keepRef} variant="secondary" onClick={() => setAskDiscard(false)}>
                  Keep it open
                </Button>
                <Button variant="danger" onClick={close}>
                  Discard {noun}
                </Button>
              </div>
            </div>
          ) : null}

          <div className="mt-5 flex flex-wrap items-center justify-between gap-3 border-t border-gray-200 pt-4">
            {cleared ? (
              <span />
            ) : (
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" className="size-4 accent-brand-600" checked={stored} onChange={(e) => setStored(e.target.checked)} />
                I have stored this {noun}
              </label>
            )}
            <Button variant="primary" disabled={!canClose} onClick={close} aria-describedby={canClose ? undefined : 'done-hint'}>
              Done
            </Button>
          </div>
          {canClose ? null : (
            <p id="done-hint" className="mt-1 text-right text-xs text-ink-muted">
              Tick “I have stored this {noun}” to finish.
            </p>
          )}
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
