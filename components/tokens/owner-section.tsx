'use client';
// Who will own the token: the console's service user (default), or another InfluxDB user found by
// name or created by name. When the role or the console's credential cannot do that, the option is
// disabled and the reason (with the fix) is shown; the action refuses with the same words.
import { useId } from 'react';
import { Button } from '@/components/ui/button';
import type { Owner } from '@/lib/permissions/token-form-schema';
import type { OtherOwnerOption } from '@/lib/tokens/owner-option';
import { UserPicker } from './user-picker';

export type OwnerMode = 'console' | 'other';

export function OwnerSection({
  mode,
  onMode,
  owner,
  onOwner,
  consoleOwner,
  option,
  error,
  createdUserName,
}: {
  mode: OwnerMode;
  onMode: (m: OwnerMode) => void;
  owner: Owner;
  onOwner: (o: Owner) => void;
  consoleOwner: { id: string; name: string };
  option: OtherOwnerOption;
  error?: string;
  /** Set after a half-done mint: the user this attempt created, which owns no token yet. */
  createdUserName?: string;
}) {
  const id = useId();
  const blocked = option.state === 'blocked';
  const explain = `${id}-other-why`;
  const errorId = `${id}-error`;
  return (
    <fieldset className="text-sm" aria-describedby={error ? errorId : undefined} data-testid="owner-section">
      <legend className="font-medium">Owner</legend>
      <p className="text-xs text-ink-muted">The InfluxDB user the token belongs to. A token stops working when its user is deleted.</p>
      <div className="mt-2 space-y-2">
        <label className="flex items-start gap-2">
          <input
            type="radio"
            name={`${id}-owner`}
            className="mt-0.5"
            checked={mode === 'console'}
            disabled={Boolean(createdUserName)}
            onChange={() => onMode('console')}
          />
          <span>
            The console’s service user: <span className="font-medium">{consoleOwner.name}</span>
            <span className="block text-xs text-ink-muted">Recommended: a dedicated user nobody deletes by accident.</span>
          </span>
        </label>
        <label className={`flex items-start gap-2 ${blocked ? 'text-ink-faint' : ''}`}>
          <input
            type="radio"
            name={`${id}-owner`}
            className="mt-0.5"
            checked={mode === 'other'}
            disabled={blocked}
            aria-describedby={explain}
            onChange={() => onMode('other')}
          />
          <span>Another InfluxDB user (find one, or create one by name)</span>
        </label>
        {blocked ? (
          <p
            id={explain}
            data-testid="other-owner-blocked"
            className="ml-6 rounded-md border border-warn-600/40 bg-warn-50 p-2 text-xs text-warn-800"
          >
            {option.message}
          </p>
        ) : option.note ? (
          <p id={explain} className="ml-6 text-xs text-ink-muted">
            {option.note}
          </p>
        ) : null}
      </div>

      {mode === 'other' && !blocked ? (
        <div className="ml-6 mt-3 space-y-2">
          {owner.kind === 'console' ? (
            <UserPicker
              describedBy={error ? errorId : undefined}
              onChoose={(c) => {
                if (c.kind === 'existing' && c.user.console) onMode('console');
                else onOwner(c.kind === 'new' ? { kind: 'new', name: c.name } : { kind: 'existing', userID: c.user.id, name: c.user.name });
              }}
            />
          ) : (
            <div className="flex flex-wrap items-center gap-2" data-testid="chosen-owner">
              <span>
                {owner.kind === 'new' ? 'New user ' : 'User '}
                <span className="font-medium">{owner.name}</span>
                {owner.kind === 'existing' ? <span className="ml-1 font-mono text-xs text-ink-faint">{owner.userID}</span> : null}
              </span>
              <Button size="sm" variant="ghost" onClick={() => onOwner({ kind: 'console' })} disabled={Boolean(createdUserName)}>
                Change
              </Button>
            </div>
          )}
          {owner.kind === 'new' ? (
            <p data-testid="new-user-note" className="rounded-md border border-brand-600/30 bg-brand-50 p-2 text-xs text-brand-700">
              This creates an InfluxDB user named <span className="font-medium">{owner.name}</span> when you create the token (without a
              password: it cannot sign in, it only owns tokens). If the token then fails, you can retry it for that user or delete the user.
              Deleting the user later makes every token it owns stop working.
            </p>
          ) : null}
          {createdUserName ? (
            <p className="text-xs text-warn-800">
              {createdUserName} was created in InfluxDB by this attempt and owns no token yet, so the owner stays {createdUserName}. Go to
              Review to retry the token or delete the user.
            </p>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="mt-1 text-sm text-danger-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
