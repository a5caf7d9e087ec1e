// Readiness for load balancers: can this instance serve (its database and its default
// connection's InfluxDB answer)? 200 or 503 within about 2 s whatever happens upstream
// (lib/health/readiness.ts). Public, but it says only "ok" or "degraded" and which part failed;
// versions, URLs, each connection and the problems in words are shown to signed-in people only.
// /api/health/live is the liveness variant.
import { NextResponse } from 'next/server';
import { getCurrentUser } from '@/lib/auth/session';
import { connectionInfos, defaultConnection } from '@/lib/connections/registry';
import { DATABASE_CHECK, connectionCheck, connectionsHealth } from '@/lib/health/readiness-decision';
import { readinessProbe } from '@/lib/health/readiness';
import packageJson from '@/package.json';

export const dynamic = 'force-dynamic';

const state = (ok: boolean | undefined) => (ok ? 'pass' : 'fail');

export async function GET() {
  const readiness = await readinessProbe().read();
  const fallback = defaultConnection();
  const database = readiness.checks[DATABASE_CHECK];
  // `influxdb` is the default connection, as before there were several.
  const influxdb = readiness.checks[connectionCheck(fallback.id)];
  const body: Record<string, unknown> = {
    status: readiness.ok ? 'ok' : 'degraded',
    console: { status: 'ok' },
    database: { status: state(database?.ok) },
    influxdb: { status: state(influxdb?.ok) },
  };
  const user = await getCurrentUser().catch(() => null);
  if (user) {
    body.checkedAt = new Date(readiness.checkedAt).toISOString();
    body.console = { status: 'ok', version: packageJson.version };
    body.database = { status: state(database?.ok), ...(database?.problem ? { problem: database.problem } : {}) };
    body.influxdb = {
      status: state(influxdb?.ok),
      url: fallback.url,
      version: influxdb?.info?.version ?? 'unknown',
      flavour: influxdb?.info?.flavour ?? 'unknown',
      ...(influxdb?.problem ? { problem: influxdb.problem } : {}),
    };
    body.connections = connectionsHealth(connectionInfos(), readiness.checks);
  }
  return NextResponse.json(body, { status: readiness.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
