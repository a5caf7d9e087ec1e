'use client';
// What the person sees after minting into a secret store: where it went and which version (never
// the value), the single-use wrapping token of a handoff, or, when the write failed after the token
// was created, exactly that and the three ways on (lib/secret-stores/delivery-outcome.ts words them).
import Link from 'next/link';
import { useState, type Ref } from 'react';
import { Button, buttonClass } from '@/components/ui/button';
import type { Delivered, DeliveryHalfDone } from '@/lib/secret-stores/deliver-minted';

export function DeliveryDonePanel({
  delivered,
  headingRef,
  onStartAgain,
}: {
  delivered: Delivered;
  headingRef: Ref<HTMLHeadingElement>;
  onStartAgain: () => void;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <section
      aria-labelledby="done-heading"
      className="space-y-3 rounded-card border border-ok-600/40 bg-ok-50 p-5"
      data-testid="delivery-done"
    >
      <h2 id="done-heading" ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-ok-700">
        {delivered.headline}
      </h2>
      <p className="text-sm">
        Token “{delivered.summary.description}”, id <span className="font-mono">{delivered.summary.id}</span> in organisation{' '}
        {delivered.summary.orgName}.
      </p>
      {delivered.kind === 'kv' ? (
        <p className="text-sm" data-testid="delivery-where">
          Path <span className="font-mono">{delivered.where}</span>, version <span className="font-mono">{delivered.version}</span>.
        </p>
      ) : (
        <div className="space-y-1 text-sm">
          <label className="flex flex-col gap-1 font-medium">
            Wrapping token (single use)
            <input
              readOnly
              className="rounded-md border border-gray-300 bg-white px-2 py-1 font-mono"
              value={delivered.wrappingToken}
              data-testid="wrapping-token"
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          <Button
            onClick={() => {
              void navigator.clipboard?.writeText(delivered.wrappingToken).then(() => setCopied(true));
            }}
          >
            {copied ? 'Copied' : 'Copy the wrapping token'}
          </Button>
        </div>
      )}
      <p className="text-sm">{delivered.detail}</p>
      <div className="flex gap-2">
        <Button variant="primary" onClick={onStartAgain}>
          Create another token
        </Button>
        <Link href={`/tokens/${delivered.summary.id}`} className={buttonClass()}>
          Open the token
        </Link>
      </div>
    </section>
  );
}

export function DeliveryHalfDonePanel({
  halfDone,
  busy,
  error,
  onChoose,
}: {
  halfDone: DeliveryHalfDone;
  busy: boolean;
  error: string | null;
  onChoose: (choice: 'retry-write' | 'show-once' | 'delete-token') => void;
}) {
  const { outcome } = halfDone;
  return (
    <div
      role="alert"
      data-testid="delivery-half-done"
      className="space-y-3 rounded-md border border-warn-600/40 bg-warn-50 p-4 text-sm text-warn-800"
    >
      <p className="font-medium">{outcome.headline}</p>
      <p data-testid="delivery-problem">{outcome.problem}</p>
      <p>{outcome.detail}</p>
      <p className="text-xs">
        Token id in InfluxDB: <span className="font-mono">{halfDone.summary.id}</span>
      </p>
      <ul className="space-y-2">
        {outcome.offers.map((o) => (
          <li key={o.choice} className="flex flex-wrap items-center gap-2">
            <Button
              variant={o.choice === 'delete-token' ? 'danger' : o.suggested ? 'primary' : 'secondary'}
              disabled={busy}
              onClick={() => onChoose(o.choice)}
            >
              {o.label}
            </Button>
            <span className="text-xs">{o.explanation}</span>
          </li>
        ))}
      </ul>
      {error ? (
        <p data-testid="delivery-choice-error" className="rounded-md border border-danger-600/40 bg-danger-50 p-2 text-danger-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
