import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/page-guard';
import { getConfig } from '@/lib/config/server-config';
import { loadConnectionReport } from '@/lib/influx/connection-report';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  await requirePageUser('viewer');
  const config = getConfig();
  const report = await loadConnectionReport();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <section aria-labelledby="conn" className="rounded-card border border-gray-200 bg-surface p-5">
        <h2 id="conn" className="mb-3 text-lg font-medium">InfluxDB connection</h2>
        <dl className="grid grid-cols-[12rem_1fr] gap-y-2 text-sm">
          <dt className="text-ink-muted">URL</dt>
          <dd data-testid="influx-url">{config.INFLUX_URL}</dd>
          <dt className="text-ink-muted">Status</dt>
          <dd>{report.reachable ? 'Reachable' : <span className="text-danger-700">{report.problem}</span>}</dd>
          <dt className="text-ink-muted">Server</dt>
          <dd data-testid="influx-version">
            InfluxDB {report.flavour} {report.version}
          </dd>
          <dt className="text-ink-muted">Default organisation</dt>
          <dd>{report.org ? `${report.org.name} (${report.org.id})` : `${config.INFLUX_ORG} (not visible to the credential)`}</dd>
          <dt className="text-ink-muted">Credential owner</dt>
          <dd>{report.owner ? `${report.owner.name} (${report.owner.id})` : 'unknown'}</dd>
          <dt className="text-ink-muted">Request timeout</dt>
          <dd>{config.INFLUX_TIMEOUT_MS} ms</dd>
        </dl>
        <p className="mt-3 text-xs text-ink-muted">The credential itself stays on the server and is never shown.</p>
      </section>
      <section aria-labelledby="caps" className="rounded-card border border-gray-200 bg-surface p-5">
        <h2 id="caps" className="mb-3 text-lg font-medium">What the console&apos;s credential can do</h2>
        {report.permissions ? (
          <ul className="grid gap-1 text-sm sm:grid-cols-2" data-testid="credential-permissions">
            {report.permissions.map((p) => (
              <li key={p} className="font-mono text-xs">
                {p}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-ink-muted">Set INFLUX_TOKEN_ID to the credential&apos;s authorization id to list its permissions here.</p>
        )}
      </section>
    </div>
  );
}
