'use client';
// Replace a token: choose when the original is deactivated (at once, a preset, or a custom grace
// period the console schedules), then confirm.
import { useState } from 'react';
import { cx } from '@/components/ui/class-names';
import { fieldClass } from '@/components/ui/field';
import { GRACE_PRESETS, MAX_GRACE_SECONDS, formatDuration } from '@/lib/inventory/action-limits';
import { ENFORCED_BY } from '@/lib/lifetimes/expiry-words';
import { ConfirmDialog } from './confirm-dialog';

/** The replacement's lifetime: the policy decides the default and refuses what is too long. */
const LIFETIMES = [
  { value: '', label: 'the policy default' },
  { value: '7d', label: 'in 7 days' },
  { value: '30d', label: 'in 30 days' },
  { value: '90d', label: 'in 90 days' },
];
import { describeToken } from './describe-token';
import type { TokenRef } from './use-token-actions';

export function ReplaceDialog({
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
  /** `lifetime`: the replacement's (the builder's grammar); absent: the lifetime policy's default. */
  onConfirm: (graceSeconds: number, lifetime?: string) => void;
}) {
  const [choice, setChoice] = useState<string>('0');
  const [amount, setAmount] = useState('30');
  const [unit, setUnit] = useState('60');
  const [lifetime, setLifetime] = useState('');
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
      onConfirm={() => onConfirm(seconds, lifetime || undefined)}
    >
      <p>
        A new token with the same permissions and owner is created and shown once. Then the original is deactivated, so whatever uses it
        must switch to the new value.
      </p>
      <fieldset className="space-y-1.5 text-ink">
        <legend className="mb-1 font-medium">Deactivate the original</legend>
        {GRACE_PRESETS.map((p) => (
          <label key={p.seconds} className="flex items-center gap-2">
            <input
              type="radio"
              name="grace"
              value={String(p.seconds)}
              checked={choice === String(p.seconds)}
              onChange={() => setChoice(String(p.seconds))}
            />
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
          <select
            aria-label="Grace period unit"
            className={fieldClass}
            value={unit}
            disabled={!custom}
            onChange={(e) => setUnit(e.target.value)}
          >
            <option value="1">seconds</option>
            <option value="60">minutes</option>
            <option value="3600">hours</option>
            <option value="86400">days</option>
          </select>
        </div>
      </fieldset>
      <fieldset className="space-y-1.5 text-ink" data-testid="replace-lifetime">
        <legend className="mb-1 font-medium">The new token expires</legend>
        <div className="flex flex-wrap gap-4">
          {LIFETIMES.map((l) => (
            <label key={l.value} className="flex items-center gap-2">
              <input type="radio" name="replace-lifetime" checked={lifetime === l.value} onChange={() => setLifetime(l.value)} />
              {l.label}
            </label>
          ))}
        </div>
        <p className="text-xs text-ink-muted">{ENFORCED_BY}</p>
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
