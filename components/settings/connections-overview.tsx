// Settings, with several connections: each one's state at a glance (reachable or not, version,
// flavour, default org, what its credential can do), and a link to its full report.
import Link from 'next/link';
import { ConnectionBadge } from '@/components/shell/connection-badge';
import type { ConnectionInfo } from '@/lib/connections/model';
import type { ConnectionReport } from '@/lib/influx/connection-report';

const yesNo = (state: 'yes' | 'no' | 'unknown' | undefined) => (state === 'yes' ? 'yes' : state === 'no' ? 'no' : 'not known');

export function ConnectionsOverview({
  connections,
  reports,
  current,
}: {
  connections: ConnectionInfo[];
  reports: ConnectionReport[];
  current: string;
}) {
  return (
    <section
      aria-labelledby="connections"
      className="rounded-card border border-gray-200 bg-surface p-5"
      data-testid="connections-overview"
    >
      <h2 id="connections" className="mb-3 text-lg font-medium">
        Connections
      </h2>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="text-left text-xs text-ink-muted">
            <tr>
              <th scope="col" className="py-1 pr-3">
                Connection
              </th>
              <th scope="col" className="py-1 pr-3">
                URL
              </th>
              <th scope="col" className="py-1 pr-3">
                Status
              </th>
              <th scope="col" className="py-1 pr-3">
                Server
              </th>
              <th scope="col" className="py-1 pr-3">
                Default org
              </th>
              <th scope="col" className="py-1 pr-3">
                Credential can
              </th>
              <th scope="col" className="py-1 pr-3">
                Who may act
              </th>
            </tr>
          </thead>
          <tbody>
            {connections.map((c, i) => {
              const r = reports[i];
              const caps = r?.capabilities;
              return (
                <tr key={c.id} className="border-t border-gray-100 align-top" data-testid="connection-row" data-connection={c.id}>
                  <th scope="row" className="py-2 pr-3 text-left font-normal">
                    <Link href={`/settings?connection=${encodeURIComponent(c.id)}`} aria-current={c.id === current ? 'page' : undefined}>
                      <ConnectionBadge label={c.label} colour={c.colour} down={!r?.reachable} />
                    </Link>
                  </th>
                  <td className="py-2 pr-3 font-mono text-xs">{c.url}</td>
                  <td className="py-2 pr-3" data-testid="connection-status">
                    {r?.reachable ? 'Reachable' : <span className="text-danger-700">{r?.problem ?? 'Not reachable'}</span>}
                  </td>
                  <td className="py-2 pr-3" data-testid="connection-server">
                    {r?.reachable ? `InfluxDB ${r.flavour} ${r.version}` : '—'}
                  </td>
                  <td className="py-2 pr-3">{r?.org?.name ?? c.org}</td>
                  <td className="py-2 pr-3 text-xs" data-testid="connection-capabilities">
                    {caps ? (
                      <>
                        mint in its org: {yesNo(caps.mintInOrg.state)}; create users: {yesNo(caps.writeUsers.state)}; mint for other users:{' '}
                        {yesNo(caps.mintForOthers.state)}
                      </>
                    ) : (
                      (r?.capabilitiesProblem ?? 'not known')
                    )}
                  </td>
                  <td className="py-2 pr-3 text-xs">{c.roles ? c.roles.join(', ') : 'every role, by the usual rules'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
