'use client';
// The builder's "Expires" choice: 7, 30 or 90 days, a date, or never where the policy allows, with
// the policy's default for this role and these grants. The expiry it means is shown in the
// person's time zone and UTC; the server decides the same question again when minting.
import { useState } from 'react';
import type { Role } from '@/lib/auth/roles';
import { parseLifetimeChoice, PRESET_CHOICES } from '@/lib/lifetimes/choice-text';
import { decideLifetime, ruleFor } from '@/lib/lifetimes/decide-lifetime';
import { durationWords, parseDuration } from '@/lib/lifetimes/duration';
import { ENFORCED_BY, expiryWhen, localTimeZone } from '@/lib/lifetimes/expiry-words';
import type { GrantClass } from '@/lib/lifetimes/grant-classes';
import { lifetimeLabel, type LifetimePolicy } from '@/lib/lifetimes/policy-rules';

/** What the field currently means: the expiry, or the reason it is refused. */
export function lifetimeOutcome(value: string | undefined, role: Role, classes: GrantClass[], policy: LifetimePolicy, now: Date) {
  const parsed = value ? parseLifetimeChoice(value) : undefined;
  if (parsed && !parsed.ok) return { ok: false as const, message: parsed.error };
  const d = decideLifetime(role, classes, parsed?.choice, now, policy);
  return d.allowed ? { ok: true as const, expiresAt: d.expiresAt?.toISOString() ?? null } : { ok: false as const, message: d.message };
}

export function LifetimeField({
  value,
  onChange,
  role,
  classes,
  policy,
  error,
}: {
  value: string | undefined;
  onChange: (next: string) => void;
  role: Role;
  classes: GrantClass[];
  policy: LifetimePolicy;
  error?: string;
}) {
  const [date, setDate] = useState('');
  const found = ruleFor(role, classes, policy);
  const neverAllowed = found?.rule.max === null;
  const dflt = found ? lifetimeLabel(found.rule.default) : 'none';
  const mode = !value ? '' : PRESET_CHOICES.includes(value as (typeof PRESET_CHOICES)[number]) || value === 'never' ? value : 'date';
  const outcome = lifetimeOutcome(value, role, classes, policy, new Date());
  const shown = error ?? (outcome.ok ? undefined : outcome.message);

  function chooseDate(text: string) {
    setDate(text);
    // The person's local midnight of that day, sent as an instant (choice.ts).
    const [y, m, d] = text.split('-').map(Number);
    onChange(y && m && d ? new Date(y, m - 1, d).toISOString() : text);
  }

  return (
    <fieldset className="text-sm" data-testid="lifetime-field">
      <legend className="font-medium">Expires</legend>
      <div className="mt-1 flex flex-wrap items-center gap-4">
        <label className="flex items-center gap-1.5">
          <input type="radio" name="lifetime-mode" checked={mode === ''} onChange={() => onChange('')} /> Default ({dflt})
        </label>
        {PRESET_CHOICES.map((c) => (
          <label key={c} className="flex items-center gap-1.5">
            <input type="radio" name="lifetime-mode" checked={mode === c} onChange={() => onChange(c)} /> {durationWords(parseDuration(c)!)}
          </label>
        ))}
        <label className="flex items-center gap-1.5">
          <input type="radio" name="lifetime-mode" checked={mode === 'date'} onChange={() => chooseDate(date)} /> On a date
        </label>
        {mode === 'date' ? (
          <input
            type="date"
            aria-label="Expiry date"
            value={date}
            onChange={(e) => chooseDate(e.target.value)}
            className="rounded-md border border-gray-300 px-2 py-1 text-sm"
          />
        ) : null}
        {neverAllowed ? (
          <label className="flex items-center gap-1.5">
            <input type="radio" name="lifetime-mode" checked={mode === 'never'} onChange={() => onChange('never')} /> Never
          </label>
        ) : null}
      </div>
      {shown ? (
        <span id="lifetime-error" role="alert" className="mt-1 block text-sm text-danger-700">
          {shown}
        </span>
      ) : outcome.ok ? (
        // The time zone and "now" differ between the server render and the browser.
        <span className="mt-1 block text-xs text-ink-muted" data-testid="lifetime-when" suppressHydrationWarning>
          {outcome.expiresAt === null
            ? 'No expiry: the token works until someone deactivates it.'
            : `Expires ${expiryWhen(outcome.expiresAt, localTimeZone())}. ${ENFORCED_BY}`}
        </span>
      ) : null}
    </fieldset>
  );
}
