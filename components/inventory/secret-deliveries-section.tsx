// A token's deliveries to secret stores (issue 17): the path and the version the console wrote,
// the path's current version in the store, or whether a handoff was unwrapped. Never a value.
import type { ReactNode } from 'react';
import { durationWords } from '@/lib/lifetimes/duration';
import type { DeliveryView, RotationView } from '@/lib/secret-stores/token-deliveries';

const WRAP_WORDS = {
  waiting: 'waiting to be unwrapped',
  unwrapped: 'unwrapped',
  gone: 'unwrapped or expired unused (the store cannot tell which)',
} as const;

export function SecretDeliveriesSection({
  deliveries,
  rotation,
  rotateButton,
}: {
  deliveries: DeliveryView[];
  rotation: RotationView | null;
  /** "Rotate now", when the person may (admins). */
  rotateButton?: ReactNode;
}) {
  if (deliveries.length === 0 && !rotation) return null;
  return (
    <section aria-labelledby="deliveries-heading" className="space-y-2" data-testid="secret-deliveries">
      <h2 id="deliveries-heading" className="text-lg font-semibold">
        Secret store
      </h2>
      {rotation ? (
        <div className="space-y-1 rounded-md border border-gray-200 p-3 text-sm" data-testid="secret-rotation">
          <p>
            This token is the one at <span className="font-mono">{rotation.where}</span>.{' '}
            {rotation.everySeconds
              ? `It rotates every ${durationWords(rotation.everySeconds * 1000)}${rotation.nextDueAt ? `, next at ${rotation.nextDueAt.replace('T', ' ').slice(0, 19)} UTC` : ''}`
              : 'It rotates on demand'}
            ; after a rotation it keeps working for {durationWords(rotation.graceSeconds * 1000)}.
          </p>
          {rotation.failed && rotation.lastProblem ? (
            <p role="alert" className="text-danger-700" data-testid="rotation-problem">
              {rotation.lastProblem}
            </p>
          ) : null}
          {rotateButton}
        </div>
      ) : null}
      <ul className="space-y-2 text-sm">
        {deliveries.map((d) => (
          <li key={d.id} className="rounded-md border border-gray-200 p-3" data-testid="secret-delivery">
            {d.kind === 'kv' ? (
              <p>
                Written to {d.storeLabel}: <span className="font-mono">{d.where}</span> (key “{d.keyName}”) as version{' '}
                <span className="font-mono">{d.writtenVersion}</span>
                {d.currentVersion !== null ? (
                  <>
                    ; current version{' '}
                    <span className="font-mono" data-testid="current-version">
                      {d.currentVersion}
                    </span>
                    {d.currentVersion !== d.writtenVersion ? ' (written since by someone or something else)' : ''}
                  </>
                ) : null}
                .
              </p>
            ) : (
              <p>
                Wrapped in {d.storeLabel} for someone else (key “{d.keyName}”):{' '}
                <span data-testid="wrap-state">{d.wrapState ? WRAP_WORDS[d.wrapState] : 'state unknown'}</span>
                {d.wrapState === 'waiting' && d.wrapExpiresAt ? `, until ${d.wrapExpiresAt.replace('T', ' ').slice(0, 16)} UTC` : ''}.
              </p>
            )}
            <p className="text-xs text-ink-muted">Delivered {d.deliveredAt.replace('T', ' ').slice(0, 19)} UTC</p>
            {d.problem ? (
              <p role="alert" className="text-danger-700">
                {d.problem}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
