'use client';
// The one moment a cloned (or replacement) token's value is shown. The value lives only in the
// state of the component that called useOneTimeValue: never in the URL, storage, the React Query
// cache, a toast or a log. It is dropped when the dialog closes, when the page is hidden (tab
// switch, back/forward cache) and when it unloads.
// Minimal on purpose; the issue-3 copy-once dialog (components/tokens/copy-once-dialog.tsx) follows
// the same rules and the lead may merge the two.
import * as AlertDialog from '@radix-ui/react-alert-dialog';
import Link from 'next/link';
import { useCallback, useEffect, useId, useState, type ReactNode } from 'react';
import { describeToken } from './format';
import { btn, cx } from './styles';

export function useOneTimeValue() {
  const [value, setValue] = useState<string | null>(null);
  const [clearedOnHide, setClearedOnHide] = useState(false);
  useEffect(() => {
    if (value === null) return;
    const drop = () => {
      setValue(null);
      setClearedOnHide(true);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') drop();
    };
    window.addEventListener('pagehide', drop);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', drop);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [value]);
  const show = useCallback((v: string) => {
    setClearedOnHide(false);
    setValue(v);
  }, []);
  const clear = useCallback(() => {
    setValue(null);
    setClearedOnHide(false);
  }, []);
  return { value, clearedOnHide, show, clear };
}

const MASK = '•'.repeat(32);

export function CloneResultDialog({
  open,
  title,
  token,
  value,
  clearedOnHide,
  children,
  onClose,
}: {
  open: boolean;
  title: string;
  token: { id: string; description: string } | null;
  value: string | null;
  clearedOnHide: boolean;
  /** Extra content under the value, e.g. what happened to the original on replace. */
  children?: ReactNode;
  onClose: () => void;
}) {
  const [revealed, setRevealed] = useState(false);
  const [acknowledged, setAcknowledged] = useState(false);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [escapeHint, setEscapeHint] = useState(false);
  const ackId = useId();

  useEffect(() => {
    if (!open) {
      setRevealed(false);
      setAcknowledged(false);
      setCopyState('idle');
      setEscapeHint(false);
    }
  }, [open]);

  const canClose = acknowledged || value === null;
  const copy = async () => {
    if (!value) return;
    try {
      await navigator.clipboard.writeText(value);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  };

  return (
    <AlertDialog.Root open={open}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-black/50" />
        <AlertDialog.Content
          data-testid="new-token-dialog"
          className="fixed left-1/2 top-1/2 z-50 max-h-[90vh] w-[36rem] max-w-[94vw] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-card bg-surface p-5 shadow-xl"
          onEscapeKeyDown={(e) => {
            if (!canClose) {
              e.preventDefault();
              setEscapeHint(true);
            } else onClose();
          }}
        >
          <AlertDialog.Title className="text-lg font-semibold">{title}</AlertDialog.Title>
          <AlertDialog.Description className="mt-1 text-sm text-ink-muted">
            {token ? (
              <>
                New token <strong className="text-ink">{describeToken(token.description)}</strong>. Copy its value now: the console shows it this once and
                can never show it again.
              </>
            ) : null}
          </AlertDialog.Description>

          {value !== null ? (
            <div className="mt-4 space-y-2">
              <div className="rounded-md border border-gray-300 bg-surface-sunken p-3 font-mono text-sm break-all" aria-label="Token value">
                {revealed ? <span data-testid="new-token-value">{value}</span> : <span aria-hidden>{MASK}</span>}
                {!revealed && <span className="sr-only">Hidden. Use Reveal to show it, or Copy to copy it without showing it.</span>}
              </div>
              <div className="flex gap-2">
                <button type="button" className={cx(btn.base, btn.primary)} onClick={copy}>
                  Copy
                </button>
                <button type="button" className={cx(btn.base, btn.secondary)} aria-pressed={revealed} onClick={() => setRevealed((r) => !r)}>
                  {revealed ? 'Hide' : 'Reveal'}
                </button>
                <span role="status" aria-live="polite" className="self-center text-sm">
                  {copyState === 'copied' ? 'Copied to the clipboard.' : copyState === 'failed' ? 'Copy did not work here: reveal it and copy by hand.' : ''}
                </span>
              </div>
            </div>
          ) : (
            <p role="alert" className="mt-4 rounded-md bg-warn-50 p-3 text-sm text-warn-800">
              {clearedOnHide
                ? 'The value was cleared because you left the page. It cannot be shown again. If you did not store it, delete the new token and make another.'
                : 'The value is no longer available.'}
            </p>
          )}

          {children && <div className="mt-4">{children}</div>}

          {token && (
            <p className="mt-3 text-sm">
              <Link className="text-brand-700 underline" href={`/tokens/${token.id}`} onClick={onClose}>
                See the new token&apos;s details
              </Link>
            </p>
          )}

          <div className="mt-5 flex items-center justify-between gap-3 border-t border-gray-200 pt-4">
            {value !== null ? (
              <label htmlFor={ackId} className="flex items-center gap-2 text-sm">
                <input id={ackId} type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} />
                I have stored the token somewhere safe
              </label>
            ) : (
              <span />
            )}
            <button type="button" className={cx(btn.base, btn.primary)} disabled={!canClose} onClick={onClose}>
              Done
            </button>
          </div>
          {escapeHint && !canClose && (
            <p role="alert" className="mt-2 text-sm text-warn-800">
              Closing drops the value for good. Tick the box once you have stored it, then press Done.
            </p>
          )}
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
