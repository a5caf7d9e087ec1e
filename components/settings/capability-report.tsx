// What the console's InfluxDB credential can do, as Settings shows it: the four questions that
// matter (read users, write users, mint in the org, mint for other users) with how each answer was
// found, what stayed unknown, and the permission types it holds.
import type { Capability, CredentialCapabilities, Reach } from '@/lib/influx/judge-capabilities';
import { typeLabel } from '@/lib/permissions/describe';

const STATE: Record<Capability['state'], { label: string; className: string }> = {
  yes: { label: 'Yes', className: 'bg-ok-50 text-ok-700' },
  no: { label: 'No', className: 'bg-danger-50 text-danger-700' },
  unknown: { label: 'Not known', className: 'bg-gray-100 text-ink-muted' },
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function reachWords(r: Reach, orgName: string): string {
  switch (r) {
    case 'instance':
      return 'all, every org';
    case 'org':
      return `all in ${orgName}`;
    case 'own':
      return 'its own user only';
    case 'some':
      return 'some items';
    case 'none':
      return '—';
  }
}

export function CapabilityReport({ caps, orgName, tokenID }: { caps: CredentialCapabilities; orgName: string; tokenID?: string }) {
  const rows: [string, string, Capability][] = [
    ['read-users', 'Read users (find owners by name)', caps.readUsers],
    ['write-users', 'Write users (create users)', caps.writeUsers],
    ['mint-in-org', `Create tokens in ${orgName}`, caps.mintInOrg],
    ['mint-for-others', 'Create tokens owned by another user', caps.mintForOthers],
  ];
  return (
    <div className="space-y-4" data-testid="credential-capabilities" data-source={caps.source}>
      <p className="text-sm text-ink-muted">
        {caps.source === 'own-authorization'
          ? `Read from the credential’s own authorization (INFLUX_TOKEN_ID ${tokenID ?? ''}); nothing was created to find out.`
          : 'Found out with reads only (nothing was created or changed); some answers stay unknown:'}
      </p>
      {caps.notes.length > 0 ? (
        <ul className="ml-5 list-disc space-y-1 text-sm text-warn-800" data-testid="capability-notes">
          {caps.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[16rem_6rem_1fr]">
        {rows.map(([key, label, c]) => (
          <div key={key} className="contents" data-testid={`capability-${key}`} data-state={c.state}>
            <dt className="font-medium">{label}</dt>
            <dd>
              <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATE[c.state].className}`}>{STATE[c.state].label}</span>
            </dd>
            <dd className="text-ink-muted">{c.detail}</dd>
          </div>
        ))}
      </dl>
      {caps.holdings ? (
        <div>
          <h3 className="text-sm font-medium">Permission types it holds</h3>
          <p className="text-xs text-ink-muted">It can grant only what it holds: InfluxDB refuses anything more (403).</p>
          <table className="mt-2 w-full max-w-2xl text-left text-sm" data-testid="credential-holdings">
            <thead className="text-xs text-ink-muted">
              <tr>
                <th className="py-1 font-medium">Type</th>
                <th className="py-1 font-medium">Read</th>
                <th className="py-1 font-medium">Write</th>
              </tr>
            </thead>
            <tbody>
              {caps.holdings.map((h) => (
                <tr key={h.type} className="border-t border-gray-100">
                  <td className="py-1">
                    {capitalise(typeLabel(h.type, true))} <span className="font-mono text-xs text-ink-faint">{h.type}</span>
                  </td>
                  <td className="py-1">{reachWords(h.read, orgName)}</td>
                  <td className="py-1">{reachWords(h.write, orgName)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {caps.permissions ? (
        <details className="text-sm">
          <summary className="cursor-pointer text-ink-muted">Its permissions in InfluxDB’s notation ({caps.permissions.length})</summary>
          <ul className="mt-2 grid gap-1 sm:grid-cols-2" data-testid="credential-permissions">
            {caps.permissions.map((p) => (
              <li key={p} className="font-mono text-xs">
                {p}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
