'use client';
// Copies a console link (path + this console's origin). Links carry no secret, so the clipboard
// is fine here; if the browser refuses, the link is shown to copy by hand.
import { useState } from 'react';

export function CopyLinkButton({ href, label = 'Copy link', className }: { href: string; label?: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [url, setUrl] = useState('');

  async function copy() {
    const absolute = new URL(href, window.location.origin).toString();
    setUrl(absolute);
    try {
      await navigator.clipboard.writeText(absolute);
      setState('copied');
      window.setTimeout(() => setState('idle'), 2500);
    } catch {
      setState('failed');
    }
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        onClick={() => void copy()}
        className={className ?? 'rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium text-ink hover:bg-gray-50'}
      >
        {state === 'copied' ? 'Copied' : label}
      </button>
      <span role="status" aria-live="polite" className="sr-only">
        {state === 'copied' ? 'Link copied' : ''}
      </span>
      {state === 'failed' && (
        <label className="text-xs text-ink-muted">
          Copy this link:{' '}
          <input
            readOnly
            value={url}
            onFocus={(e) => e.currentTarget.select()}
            className="w-80 rounded border border-gray-300 px-2 py-1 font-mono text-xs"
          />
        </label>
      )}
    </span>
  );
}
