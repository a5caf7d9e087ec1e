// Settings: the secret stores tokens may be delivered to, each with the result of its check.
import type { FailingRotation, StoreReport } from '@/lib/secret-stores/settings-report';

export function SecretStoresReport({
  stores,
  problems,
  failingRotations,
}: {
  stores: StoreReport[];
  problems: string[];
  failingRotations: FailingRotation[];
}) {
  return (
    <div className="space-y-3 text-sm">
      {stores.length === 0 ? <p className="text-ink-muted">No store could be read from the file.</p> : null}
      <ul className="space-y-2">
        {stores.map((s) => (
          <li key={s.id} className="rounded-md border border-gray-200 p-3" data-testid={`secret-store-${s.id}`}>
            <p className="font-medium">
              {s.label} <span className="font-mono text-xs text-ink-muted">{s.id}</span>
            </p>
            <p className="text-xs text-ink-muted">
              {s.address}, under <span className="font-mono">{s.where}</span>, signs in with {s.auth}
            </p>
            <p data-testid="secret-store-status" className={s.ok ? 'text-ok-700' : 'text-danger-700'} role={s.ok ? undefined : 'alert'}>
              {s.ok ? 'Works: ' : 'Does not work: '}
              {s.message}
            </p>
          </li>
        ))}
      </ul>
      {failingRotations.length > 0 ? (
        <div
          role="alert"
          className="rounded-md border border-danger-600/40 bg-danger-50 p-3 text-danger-700"
          data-testid="failing-rotations"
        >
          <p className="font-medium">Rotations that stopped (the old tokens are untouched)</p>
          <ul className="list-disc pl-5">
            {failingRotations.map((r) => (
              <li key={r.where}>
                {r.where} (token <span className="font-mono">{r.tokenID}</span>): {r.problem}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {problems.length > 0 ? (
        <div role="alert" className="rounded-md border border-danger-600/40 bg-danger-50 p-3 text-danger-700">
          <p className="font-medium">Skipped entries of the secret stores file</p>
          <ul className="list-disc pl-5">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
